import type { TopicSpec } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decodeMessage } from './decode';
import type { Delivered } from './port';
import { withAdmin } from './topic-admin';

/**
 * Reads a topic once, from the beginning (or from `from`'s offset, for the partitions it lists) to
 * its end as of the call, e.g. a service's own output to learn where it stopped. A throwaway group
 * that never commits: nothing is left behind.
 * At least once: if the consumer restarts after an error, messages may be seen again.
 * Undecodable messages are skipped with a warning (the topic's live consumers dead-letter them).
 */
export async function readTopicToEnd<T>(
  kafka: Kafka,
  logger: Logger,
  topic: TopicSpec<T>,
  onMessage: (message: Delivered<T>) => void | Promise<void>,
  from: Readonly<Record<number, string>> = {},
): Promise<void> {
  const ranges = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic.name));
  const firstOffset = (partition: number, low: string): bigint => {
    const start = from[partition];
    return start !== undefined && BigInt(start) > BigInt(low) ? BigInt(start) : BigInt(low);
  };
  const lastOffsets = new Map(
    ranges
      .filter(({ partition, low, high }) => BigInt(high) > firstOffset(partition, low))
      .map(({ partition, high }) => [partition, BigInt(high) - 1n]),
  );
  if (lastOffsets.size === 0) return;

  const consumer = kafka.consumer({
    groupId: `read-to-end.${topic.name}.${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) fail(payload.error);
  });

  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic.name], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const last = lastOffsets.get(batch.partition);
        if (last === undefined) return;
        for (const raw of batch.messages) {
          if (BigInt(raw.offset) > last) break;
          if (BigInt(raw.offset) < BigInt(from[batch.partition] ?? 0)) continue; // fetched before the seek applied
          let delivered: Delivered<T>;
          try {
            delivered = decodeMessage(topic, batch.partition, raw);
          } catch (error) {
            logger.warn('skipped an undecodable message', { topic: topic.name, offset: raw.offset, error });
            continue;
          }
          await onMessage(delivered);
        }
        await heartbeat();
        if (BigInt(batch.lastOffset()) >= last) {
          lastOffsets.delete(batch.partition);
          if (lastOffsets.size === 0) finish();
        }
      },
    });
    // After run, as kafkajs requires; an earlier fetch from the beginning is skipped above.
    for (const [partition, offset] of Object.entries(from)) {
      if (lastOffsets.has(Number(partition)))
        consumer.seek({ topic: topic.name, partition: Number(partition), offset });
    }
    await finished;
  } finally {
    await consumer.disconnect();
  }
}
