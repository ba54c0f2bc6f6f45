import type { TopicSpec } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decodeMessage } from './decode';
import type { Delivered } from './port';
import { withAdmin } from './topic-admin';

/**
 * Reads a whole topic once, from the beginning to its end as of the call, e.g. a service's own
 * output to learn where it stopped. A throwaway group that never commits: nothing is left behind.
 * At least once: if the consumer restarts after an error, messages may be seen again.
 * Undecodable messages are skipped with a warning (the topic's live consumers dead-letter them).
 */
export async function readTopicToEnd<T>(
  kafka: Kafka,
  logger: Logger,
  topic: TopicSpec<T>,
  onMessage: (message: Delivered<T>) => void | Promise<void>,
): Promise<void> {
  const ranges = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic.name));
  const lastOffsets = new Map(
    ranges
      .filter(({ low, high }) => BigInt(high) > BigInt(low))
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
    await finished;
  } finally {
    await consumer.disconnect();
  }
}
