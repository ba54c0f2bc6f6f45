import type { DeadLetter, TopicSpec } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { decodeMessage } from './decode';
import type { Delivered } from './port';
import { sleep } from './timing';

export const DEFAULT_MAX_RETRIES = 5;
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

export interface BatchHandlerOptions<T> {
  readonly groupId: string;
  readonly topic: TopicSpec<T>;
  readonly handle: (messages: readonly Delivered<T>[]) => Promise<void>;
  readonly maxRetries: number;
  readonly deadLetter: (letter: DeadLetter) => Promise<void>;
  readonly logger: Logger;
}

const asError = (thrown: unknown): Error => (thrown instanceof Error ? thrown : new Error(String(thrown)));

interface Received<T> {
  readonly delivered: Delivered<T>;
  readonly raw: KafkaMessage;
}

/**
 * The kafkajs `eachBatch` callback: hands decoded messages to the handler in runs, resolving and
 * committing offsets only after the handler succeeded. An undecodable message goes to the
 * dead-letter topic at once; when a run fails, its messages are retried one at a time with backoff
 * and a message that still fails is dead-lettered, so a poison message never stalls its partition.
 * Returns early (leaving the rest uncommitted, to be redelivered) when the consumer stops or the
 * partition is rebalanced away.
 */
export function createBatchHandler<T>(options: BatchHandlerOptions<T>): (payload: EachBatchPayload) => Promise<void> {
  const { groupId, topic, handle, maxRetries, deadLetter, logger } = options;

  const attempt = async (run: readonly Received<T>[]): Promise<Error | null> => {
    try {
      await handle(run.map(({ delivered }) => delivered));
      return null;
    } catch (error) {
      return asError(error);
    }
  };

  const sendToDeadLetters = async (partition: number, raw: KafkaMessage, error: Error): Promise<void> => {
    await deadLetter({
      topic: topic.name,
      partition,
      offset: raw.offset,
      consumer: groupId,
      error: `${error.name}: ${error.message}`,
      payload: raw.value?.toString('utf8') ?? '',
    });
    logger.error('message sent to the dead-letter topic', { partition, offset: raw.offset, error: error.message });
  };

  return async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
    const active = (): boolean => isRunning() && !isStale();

    const deliverOne = async (message: Received<T>): Promise<boolean> => {
      let failure: Error | null = null;
      for (let retry = 0; retry <= Math.max(0, maxRetries); retry++) {
        if (retry > 0) {
          await heartbeat();
          await sleep(Math.min(FIRST_BACKOFF_MS * 2 ** (retry - 1), MAX_BACKOFF_MS));
        }
        if (!active()) return false;
        failure = await attempt([message]);
        if (failure === null) return true;
        logger.warn('handler failed', {
          partition: batch.partition,
          offset: message.raw.offset,
          retry,
          error: failure,
        });
      }
      await sendToDeadLetters(batch.partition, message.raw, failure as Error);
      return true;
    };

    /** False when interrupted: the unprocessed rest stays uncommitted. */
    const deliver = async (run: readonly Received<T>[]): Promise<boolean> => {
      if (run.length > 1) {
        const failure = await attempt(run);
        if (failure === null) {
          resolveOffset(run[run.length - 1].raw.offset);
          return true;
        }
        logger.warn('handler failed on a batch; retrying its messages one at a time', {
          partition: batch.partition,
          firstOffset: run[0].raw.offset,
          count: run.length,
          error: failure,
        });
      }
      for (const message of run) {
        if (!(await deliverOne(message))) return false;
        resolveOffset(message.raw.offset);
      }
      return true;
    };

    let run: Received<T>[] = [];
    const flush = async (): Promise<boolean> => {
      if (run.length === 0) return true;
      const delivered = await deliver(run);
      run = [];
      await commitOffsetsIfNecessary();
      await heartbeat();
      return delivered;
    };

    for (const raw of batch.messages) {
      if (!active()) return;
      let delivered: Delivered<T>;
      try {
        delivered = decodeMessage(topic, batch.partition, raw);
      } catch (error) {
        if (!(await flush())) return;
        await sendToDeadLetters(batch.partition, raw, asError(error));
        resolveOffset(raw.offset);
        continue;
      }
      run.push({ delivered, raw });
    }
    await flush();
  };
}
