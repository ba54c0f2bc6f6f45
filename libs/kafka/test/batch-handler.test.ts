import { defineTopic, type DeadLetter } from '@exchange/contracts';
import { createLogger } from '@exchange/observability';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBatchHandler } from '../src/batch-handler';
import type { Delivered } from '../src/port';

interface Probe {
  readonly seq: number;
}

const TOPIC = defineTopic<Probe>(
  'probes',
  1,
  () => 'k',
  (record) => typeof record.seq === 'number',
);

const message = (offset: number, value: string): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from('k'),
    value: Buffer.from(value),
    timestamp: '1700000000000',
    attributes: 0,
    headers: {},
  }) as KafkaMessage;

/** A kafkajs eachBatch payload over `values`, recording what the handler resolves. */
function fakeBatch(values: readonly string[], running: () => boolean = () => true) {
  const resolved: string[] = [];
  const payload = {
    batch: { topic: TOPIC.name, partition: 0, messages: values.map((value, offset) => message(offset, value)) },
    resolveOffset: (offset: string) => resolved.push(offset),
    heartbeat: async () => undefined,
    commitOffsetsIfNecessary: async () => undefined,
    isRunning: running,
    isStale: () => false,
  } as unknown as EachBatchPayload;
  return { payload, resolved };
}

function harness(handle: (messages: readonly Delivered<Probe>[]) => Promise<void>, maxRetries = 1) {
  const letters: DeadLetter[] = [];
  const handler = createBatchHandler({
    groupId: 'group',
    topic: TOPIC,
    handle,
    maxRetries,
    deadLetter: async (letter) => {
      letters.push(letter);
    },
    logger: createLogger('test', 'error', {}, () => undefined),
  });
  return { handler, letters };
}

const encoded = (seq: number): string => TOPIC.encode({ seq });

describe('batch handler', () => {
  it('hands a decoded batch to the handler in one call and resolves its last offset', async () => {
    const calls: Delivered<Probe>[][] = [];
    const { handler, letters } = harness(async (messages) => {
      calls.push([...messages]);
    });
    const { payload, resolved } = fakeBatch([encoded(0), encoded(1), encoded(2)]);
    await handler(payload);
    assert.deepEqual(
      calls.map((call) =>
        call.map(({ value, offset, key, partition, timestampMs }) => [value.seq, offset, key, partition, timestampMs]),
      ),
      [
        [
          [0, '0', 'k', 0, 1700000000000],
          [1, '1', 'k', 0, 1700000000000],
          [2, '2', 'k', 0, 1700000000000],
        ],
      ],
    );
    assert.deepEqual(resolved, ['2']);
    assert.deepEqual(letters, []);
  });

  it('retries a failing batch message by message and dead-letters the one that keeps failing', async () => {
    const attempts: number[][] = [];
    const { handler, letters } = harness(async (messages) => {
      attempts.push(messages.map(({ value }) => value.seq));
      if (messages.some(({ value }) => value.seq === 1)) throw new TypeError('bad seq 1');
    });
    const { payload, resolved } = fakeBatch([encoded(0), encoded(1), encoded(2)]);
    await handler(payload);
    assert.deepEqual(attempts, [[0, 1, 2], [0], [1], [1], [2]]);
    assert.deepEqual(resolved, ['0', '1', '2']);
    assert.deepEqual(letters, [
      {
        topic: 'probes',
        partition: 0,
        offset: '1',
        consumer: 'group',
        error: 'TypeError: bad seq 1',
        payload: encoded(1),
      },
    ]);
  });

  it('dead-letters an undecodable message at once, between the runs around it', async () => {
    const calls: number[][] = [];
    const { handler, letters } = harness(async (messages) => {
      calls.push(messages.map(({ value }) => value.seq));
    });
    const { payload, resolved } = fakeBatch([encoded(0), '{"v":1}', encoded(2)]);
    await handler(payload);
    assert.deepEqual(calls, [[0], [2]]);
    assert.deepEqual(resolved, ['0', '1', '2']);
    assert.deepEqual(
      letters.map(({ offset, error, payload: text }) => [offset, error, text]),
      [['1', 'Error: probes: malformed message', '{"v":1}']],
    );
  });

  it('stops retrying when the consumer stops, leaving the message uncommitted and not dead-lettered', async () => {
    let running = true;
    const { handler, letters } = harness(async () => {
      running = false;
      throw new Error('down');
    }, 5);
    const { payload, resolved } = fakeBatch([encoded(0), encoded(1)], () => running);
    await handler(payload);
    assert.deepEqual(resolved, []);
    assert.deepEqual(letters, []);
  });
});
