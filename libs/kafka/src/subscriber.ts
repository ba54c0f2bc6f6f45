import type { DeadLetter } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { Consumer, Kafka } from 'kafkajs';
import { createBatchHandler, DEFAULT_MAX_RETRIES } from './batch-handler';
import type { Subscription, SubscriptionOptions } from './port';
import { startOffsets, withAdmin } from './topic-admin';

export interface SubscriberContext {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly deadLetter: (letter: DeadLetter) => Promise<void>;
}

export async function subscribe<T>(context: SubscriberContext, options: SubscriptionOptions<T>): Promise<Subscription> {
  const { groupId, topic, start, handle, maxRetries = DEFAULT_MAX_RETRIES } = options;
  const logger = context.logger.child({ groupId, topic: topic.name });
  const seekTargets = await withAdmin(context.kafka, (admin) => startOffsets(admin, topic.name, start));

  const consumer = context.kafka.consumer({
    groupId,
    // A member that died without leaving holds its partitions for the session timeout: keep it short.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 20_000,
    // The broker answers a fetch as soon as data arrives; this only bounds idle polls and stop().
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
  });
  const ready = watchAssignments(consumer, topic.name, seekTargets, logger);
  ready.catch(() => undefined); // callers that never await `ready` must not crash the process

  await consumer.connect();
  try {
    // fromBeginning: a group without committed offsets reads everything rather than racing the producer.
    await consumer.subscribe({ topics: [topic.name], fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      eachBatch: createBatchHandler({ groupId, topic, handle, maxRetries, deadLetter: context.deadLetter, logger }),
    });
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    ready,
    stop: () => (stopping ??= consumer.disconnect()),
  };
}

/**
 * Resolves on the first group join. Seeks each partition the first time it is assigned (a later
 * rebalance must not rewind it): kafkajs emits GROUP_JOIN synchronously and applies pending seeks
 * before its first fetch, so no message before the start position is ever delivered.
 */
function watchAssignments(
  consumer: Consumer,
  topic: string,
  seekTargets: ReadonlyMap<number, string> | null,
  logger: Logger,
): Promise<void> {
  const positioned = new Set<number>();
  return new Promise((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = payload.memberAssignment[topic] ?? [];
      for (const partition of assigned) {
        const offset = seekTargets?.get(partition);
        if (offset === undefined || positioned.has(partition)) continue;
        consumer.seek({ topic, partition, offset });
        positioned.add(partition);
      }
      logger.info('joined consumer group', { partitions: assigned, memberId: payload.memberId });
      resolve();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      logger.error('consumer crashed', { error: payload.error, restart: payload.restart });
      if (!payload.restart) reject(payload.error);
    });
  });
}
