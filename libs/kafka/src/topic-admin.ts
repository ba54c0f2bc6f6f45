import type { TopicSpec } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { Admin, Kafka } from 'kafkajs';
import type { StartPosition } from './port';
import { sleep } from './timing';

const LEADER_WAIT_MS = 30_000;

/** Runs `work` with a connected admin client, disconnecting it afterwards. */
export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function ensureTopics(admin: Admin, topics: readonly TopicSpec<unknown>[], logger: Logger): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({
      topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })),
      waitForLeaders: true,
    });
    logger.info('created topics', { topics: missing.map((topic) => topic.name) });
  }
  await waitForLeaders(admin, topics, logger);
}

/** A freshly created topic can briefly report partitions without a leader; producing to it then fails. */
async function waitForLeaders(admin: Admin, topics: readonly TopicSpec<unknown>[], logger: Logger): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
    const leaderless = metadata.filter(({ partitions }) => partitions.some(({ leader }) => leader < 0));
    if (leaderless.length === 0) {
      warnAboutPartitionCounts(topics, metadata, logger);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `topics without a leader after ${LEADER_WAIT_MS} ms: ${leaderless.map((t) => t.name).join(', ')}`,
      );
    }
    await sleep(100);
  }
}

function warnAboutPartitionCounts(
  topics: readonly TopicSpec<unknown>[],
  metadata: readonly { name: string; partitions: readonly unknown[] }[],
  logger: Logger,
): void {
  for (const topic of topics) {
    const actual = metadata.find(({ name }) => name === topic.name)?.partitions.length;
    if (actual !== undefined && actual !== topic.partitions) {
      logger.warn('topic exists with a different partition count', {
        topic: topic.name,
        expected: topic.partitions,
        actual,
      });
    }
  }
}

/**
 * The next offset each partition must start from, or null to follow the group's committed
 * offsets. Resolved before the consumer joins, so "end" means the end as of subscribing: nothing
 * published after `subscribe` returns can be skipped.
 */
export async function startOffsets(
  admin: Admin,
  topic: string,
  start: StartPosition,
): Promise<ReadonlyMap<number, string> | null> {
  if (start.from === 'committed') return null;
  const partitions = await admin.fetchTopicOffsets(topic);
  return new Map(
    partitions.map(({ partition, low, high }) => {
      if (start.from === 'end') return [partition, high];
      if (start.from === 'offsets') return [partition, start.offsets[partition] ?? low];
      return [partition, low];
    }),
  );
}
