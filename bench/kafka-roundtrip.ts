/**
 * Produce-to-consume latency through Kafka, one message at a time: each is published, awaited and
 * consumed before the next is sent, like one order's trip through a pipeline stage. The send time
 * travels in the payload. Standalone: node dist/bench/kafka-roundtrip.js [messages]
 */
import { KAFKA, LOGGING, readConfig } from '@exchange/config';
import { defineTopic, type TopicSpec } from '@exchange/contracts';
import { createKafkaBus, type MessageBus } from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { percentiles, round } from './stats';

export interface RoundTripOptions {
  readonly messages: number;
  /** Created with one partition if missing. */
  readonly topicName: string;
  /** Messages sent first and not counted: connection set-up and JIT warm-up. Default 20. */
  readonly warmupMessages?: number;
}

export interface RoundTripResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly count: number;
}

interface Probe {
  readonly run: string;
  readonly seq: number;
  /** Epoch milliseconds with sub-millisecond precision. */
  readonly sentAtMs: number;
}

const MESSAGE_TIMEOUT_MS = 10_000;
const nowMs = (): number => performance.timeOrigin + performance.now();

const probeTopic = (name: string): TopicSpec<Probe> =>
  defineTopic<Probe>(
    name,
    1,
    (probe) => probe.run,
    (record) => typeof record.seq === 'number' && typeof record.sentAtMs === 'number',
  );

export async function measureKafkaRoundTrip(bus: MessageBus, options: RoundTripOptions): Promise<RoundTripResult> {
  const topic = probeTopic(options.topicName);
  const warmup = options.warmupMessages ?? 20;
  const run = randomUUID();
  await bus.ensureTopics([topic as TopicSpec<unknown>]);

  let awaited: { seq: number; arrived: (latencyMs: number) => void } | null = null;
  const subscription = await bus.subscribe({
    groupId: `bench.kafka-roundtrip.${run}`,
    topic,
    start: { from: 'end' },
    handle: async (messages) => {
      const receivedAtMs = nowMs();
      for (const { value } of messages) {
        if (value.run !== run || value.seq !== awaited?.seq) continue;
        awaited.arrived(receivedAtMs - value.sentAtMs);
        awaited = null;
      }
    },
  });
  const publisher = await bus.publisher();
  try {
    await subscription.ready;
    const latencies: number[] = [];
    for (let seq = 0; seq < warmup + options.messages; seq++) {
      const arrival = new Promise<number>((arrived, failed) => {
        const timer = setTimeout(
          () => failed(new Error(`message ${seq} not consumed within ${MESSAGE_TIMEOUT_MS} ms`)),
          MESSAGE_TIMEOUT_MS,
        );
        awaited = {
          seq,
          arrived: (latencyMs) => {
            clearTimeout(timer);
            arrived(latencyMs);
          },
        };
      });
      await publisher.publish(topic, [{ run, seq, sentAtMs: nowMs() }]);
      const latencyMs = await arrival;
      if (seq >= warmup) latencies.push(latencyMs);
    }
    return summarize(latencies);
  } finally {
    await publisher.close();
    await subscription.stop();
  }
}

function summarize(latencies: readonly number[]): RoundTripResult {
  const { p50, p99, max } = percentiles(latencies);
  return { p50Ms: round(p50, 3), p99Ms: round(p99, 3), maxMs: round(max, 3), count: latencies.length };
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 1000);
  const config = readConfig({ ...KAFKA, ...LOGGING }, process.env);
  const bus = createKafkaBus({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-bench`,
    logger: createLogger('kafka-roundtrip', config.LOG_LEVEL),
  });
  try {
    const result = await measureKafkaRoundTrip(bus, { messages, topicName: 'bench.kafka-roundtrip' });
    console.log(JSON.stringify({ benchmark: 'kafka-roundtrip', ...result }));
  } finally {
    await bus.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
