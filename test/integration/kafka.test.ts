/**
 * The kafkajs MessageBus against a real broker (KAFKA_BROKERS, or the local one that
 * `node dist/tools/kafka-broker.js up` starts). Every test uses its own topics and groups, so
 * reruns on the same broker do not see each other's messages.
 */
import { DEAD_LETTERS, defineTopic, type DeadLetter, type TopicSpec } from '@exchange/contracts';
import {
  assertLogCoversOffsets,
  createKafkaBus,
  LogBehindStateError,
  readToEnd,
  type Delivered,
  type MessageBus,
  type StartPosition,
  type Subscription,
} from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(',');
const RUN = randomUUID().slice(0, 8);
const WAIT_MS = 20_000;

interface Probe {
  readonly key: string;
  readonly seq: number;
}

const probeTopic = (name: string, partitions: number): TopicSpec<Probe> =>
  defineTopic<Probe>(
    `test.kafka.${RUN}.${name}`,
    partitions,
    (probe) => probe.key,
    (record) => typeof record.key === 'string' && typeof record.seq === 'number',
  );

/** Writes any text to a topic, bypassing its codec: how a malformed message reaches a consumer. */
const rawTopic = (topic: TopicSpec<unknown>): TopicSpec<string> => ({
  name: topic.name,
  partitions: topic.partitions,
  keyOf: () => 'raw',
  encode: (text) => text,
  decode: (text) => text,
});

const probes = (key: string, from: number, to: number): Probe[] =>
  Array.from({ length: to - from }, (_, index) => ({ key, seq: from + index }));

const seqsOf = (received: readonly Delivered<Probe>[], key: string): number[] =>
  received.filter(({ value }) => value.key === key).map(({ value }) => value.seq);

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('kafka message bus', () => {
  const logLines: string[] = [];
  let bus: MessageBus;
  const subscriptions: Subscription[] = [];

  /** Subscribes and records every delivered message in order, resolving once partitions are assigned. */
  async function collect<T>(
    topic: TopicSpec<T>,
    start: StartPosition,
    groupId = `test.kafka.${RUN}.${randomUUID().slice(0, 8)}`,
    handle: (message: Delivered<T>) => void = () => undefined,
  ): Promise<{ received: Delivered<T>[]; subscription: Subscription }> {
    const received: Delivered<T>[] = [];
    const subscription = await bus.subscribe({
      groupId,
      topic,
      start,
      maxRetries: 2,
      handle: async (messages) => {
        for (const message of messages) {
          handle(message);
          received.push(message);
        }
      },
    });
    subscriptions.push(subscription);
    await subscription.ready;
    return { received, subscription };
  }

  before(() => {
    bus = createKafkaBus({
      brokers: BROKERS,
      clientId: 'kafka-integration-test',
      logger: createLogger('kafka-test', 'warn', {}, (line) => logLines.push(line)),
    });
  });

  after(async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    await bus.close();
  });

  it('answers ping, and a bus without a broker does not', async () => {
    assert.equal(await bus.ping(), true);
    const nowhere = createKafkaBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'nowhere',
      logger: createLogger('x', 'error'),
    });
    assert.equal(await nowhere.ping(), false);
    await nowhere.close();
  });

  it('round-trips typed messages, keeping each key in order across partitions and topics', async () => {
    const topic = probeTopic('roundtrip', 3);
    const other = probeTopic('roundtrip-other', 1);
    await bus.ensureTopics([topic, other] as TopicSpec<unknown>[]);
    const { received } = await collect(topic, { from: 'committed' });
    const { received: receivedOther } = await collect(other, { from: 'committed' });

    const publisher = await bus.publisher();
    const keys = ['acct-1', 'acct-2', 'acct-3', 'acct-4'];
    for (let round = 0; round < 5; round++) {
      await publisher.publish(
        topic,
        keys.flatMap((key) => probes(key, round * 10, round * 10 + 10)),
      );
    }
    await publisher.publishAll([
      { topic: topic as TopicSpec<unknown>, messages: probes('acct-1', 50, 53) },
      { topic: other as TopicSpec<unknown>, messages: probes('acct-9', 0, 2) },
    ]);

    await waitFor(() => received.length === 203 && receivedOther.length === 2, 'all 205 messages');
    assert.deepEqual(
      seqsOf(received, 'acct-1'),
      probes('acct-1', 0, 53).map(({ seq }) => seq),
    );
    for (const key of keys.slice(1))
      assert.deepEqual(
        seqsOf(received, key),
        probes(key, 0, 50).map(({ seq }) => seq),
      );
    assert.deepEqual(
      receivedOther.map(({ value, key }) => [key, value]),
      [
        ['acct-9', { key: 'acct-9', seq: 0 }],
        ['acct-9', { key: 'acct-9', seq: 1 }],
      ],
    );
    for (const key of keys) {
      const partitions = new Set(received.filter(({ value }) => value.key === key).map(({ partition }) => partition));
      assert.equal(partitions.size, 1, `${key} stays on one partition`);
    }
    assert.ok(
      received.every(({ topic: name, key, timestampMs }) => name === topic.name && key !== null && timestampMs > 0),
    );
    await publisher.close();
  });

  it("starts at 'beginning' despite committed offsets, at 'end', and at explicit 'offsets'", async () => {
    const topic = probeTopic('positions', 2);
    await bus.ensureTopics([topic as TopicSpec<unknown>]);
    const publisher = await bus.publisher();
    await publisher.publish(topic, [...probes('a', 0, 6), ...probes('b', 0, 4)]);

    const groupId = `test.kafka.${RUN}.positions`;
    const first = await collect(topic, { from: 'committed' }, groupId);
    await waitFor(() => first.received.length === 10, 'the first read');
    await first.subscription.stop();

    const again = await collect(topic, { from: 'beginning' }, groupId);
    const atEnd = await collect(topic, { from: 'end' });
    await waitFor(() => again.received.length === 10, "a re-read from 'beginning' in the same group");

    const partitionOfA = first.received.find(({ value }) => value.key === 'a')?.partition ?? -1;
    const thirdOfA = first.received.filter(({ value }) => value.key === 'a')[2].offset;
    const fromOffsets = await collect(topic, { from: 'offsets', offsets: { [partitionOfA]: thirdOfA } });
    await waitFor(() => fromOffsets.received.length === 8, "the read from 'offsets'");
    assert.deepEqual(seqsOf(fromOffsets.received, 'a'), [2, 3, 4, 5]);
    assert.deepEqual(seqsOf(fromOffsets.received, 'b'), [0, 1, 2, 3]);

    await publisher.publish(topic, probes('a', 6, 8));
    await waitFor(() => atEnd.received.length === 2 && again.received.length === 12, "the read from 'end'");
    assert.deepEqual(seqsOf(atEnd.received, 'a'), [6, 7]);
    assert.deepEqual(seqsOf(again.received, 'a'), [0, 1, 2, 3, 4, 5, 6, 7]);
    await publisher.close();
  });

  it('dead-letters a message the handler keeps failing on, then delivers the rest and commits past it', async () => {
    const topic = probeTopic('poison', 1);
    await bus.ensureTopics([topic, DEAD_LETTERS] as TopicSpec<unknown>[]);
    const letters = await collect(DEAD_LETTERS, { from: 'end' });
    const groupId = `test.kafka.${RUN}.poison`;
    let attemptsOnPoison = 0;
    const { received, subscription } = await collect(topic, { from: 'committed' }, groupId, ({ value }) => {
      if (value.seq === 3) {
        attemptsOnPoison++;
        throw new Error('poison message');
      }
    });

    const publisher = await bus.publisher();
    await publisher.publish(topic, probes('k', 0, 8));
    const ours = (): DeadLetter[] => letters.received.map(({ value }) => value).filter((l) => l.topic === topic.name);
    await waitFor(() => seqsOf(received, 'k').includes(7) && ours().length === 1, 'the rest and the dead letter');

    // The batch failed once as a whole, then message 3 alone failed once plus maxRetries (2) times.
    assert.equal(attemptsOnPoison, 4);
    const delivered = [...new Set(seqsOf(received, 'k'))];
    assert.deepEqual(delivered, [0, 1, 2, 4, 5, 6, 7]);
    const [letter] = ours();
    assert.equal(letter.consumer, groupId);
    assert.equal(letter.partition, 0);
    assert.equal(letter.offset, '3');
    assert.equal(letter.error, 'Error: poison message');
    assert.deepEqual(topic.decode(letter.payload), { key: 'k', seq: 3 });

    await subscription.stop();
    const resumed = await collect(topic, { from: 'committed' }, groupId);
    await publisher.publish(topic, probes('k', 8, 9));
    await waitFor(() => resumed.received.length > 0, 'the message after the restart');
    assert.deepEqual(seqsOf(resumed.received, 'k'), [8]);
    await publisher.close();
  });

  it('dead-letters undecodable messages at once and keeps going', async () => {
    const topic = probeTopic('malformed', 1);
    await bus.ensureTopics([topic, DEAD_LETTERS] as TopicSpec<unknown>[]);
    const letters = await collect(DEAD_LETTERS, { from: 'end' });
    const { received } = await collect(topic, { from: 'committed' });

    const publisher = await bus.publisher();
    await publisher.publish(topic, probes('k', 0, 1));
    await publisher.publish(rawTopic(topic as TopicSpec<unknown>), ['not json', '{"v":99,"key":"k","seq":1}']);
    await publisher.publish(topic, probes('k', 2, 3));

    const ours = (): DeadLetter[] => letters.received.map(({ value }) => value).filter((l) => l.topic === topic.name);
    await waitFor(() => received.length === 2 && ours().length === 2, 'the good messages and two dead letters');
    assert.deepEqual(seqsOf(received, 'k'), [0, 2]);
    assert.deepEqual(
      ours().map(({ offset, payload, error }) => ({ offset, payload, error: error.split(':')[0] })),
      [
        { offset: '1', payload: 'not json', error: 'SyntaxError' },
        { offset: '2', payload: '{"v":99,"key":"k","seq":1}', error: 'Error' },
      ],
    );
    await publisher.close();
  });

  it('reads a topic once up to its current end, skipping undecodable messages', async () => {
    const topic = probeTopic('read-to-end', 2);
    const empty = probeTopic('read-to-end-empty', 1);
    await bus.ensureTopics([topic, empty] as TopicSpec<unknown>[]);
    const seen: Probe[] = [];
    await readToEnd(bus, empty, ({ value }) => {
      seen.push(value);
    });
    assert.equal(seen.length, 0);

    const publisher = await bus.publisher();
    await publisher.publish(topic, [...probes('a', 0, 5), ...probes('b', 0, 3)]);
    await publisher.publish(rawTopic(topic as TopicSpec<unknown>), ['not json']);
    await readToEnd(bus, topic, ({ value }) => {
      seen.push(value);
    });
    assert.deepEqual(
      seen.filter(({ key }) => key === 'a').map(({ seq }) => seq),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      seen.filter(({ key }) => key === 'b').map(({ seq }) => seq),
      [0, 1, 2],
    );
    assert.equal(seen.length, 8);
    await publisher.close();
  });

  it('reports end offsets, and refuses recorded offsets the log does not reach', async () => {
    const topic = probeTopic('coverage', 1);
    await bus.ensureTopics([topic as TopicSpec<unknown>]);
    const publisher = await bus.publisher();
    await publisher.publish(topic, probes('c', 0, 3));
    await publisher.close();
    assert.deepEqual(await bus.endOffsets(topic as TopicSpec<unknown>), { 0: '3' });
    await assertLogCoversOffsets(bus, topic as TopicSpec<unknown>, { 0: '3' });
    await assert.rejects(assertLogCoversOffsets(bus, topic as TopicSpec<unknown>, { 0: '5' }), LogBehindStateError);
  });
});
