import type { TopicSpec } from '@exchange/contracts';
import type { MessageBus } from './port';

export class LogBehindStateError extends Error {}

/**
 * A service resuming from offsets recorded in its database refuses to start when the log ends
 * before them: the broker lost data (a wiped local broker, a different cluster), and replaying from
 * there would silently skip or misapply events. Better a clear stop than a quietly wrong ledger.
 */
export async function assertLogCoversOffsets(
  bus: MessageBus,
  topic: TopicSpec<unknown>,
  recorded: Readonly<Record<number, string>>,
): Promise<void> {
  const ends = await bus.endOffsets(topic);
  const behind = Object.entries(recorded).filter(
    ([partition, next]) => BigInt(next) > BigInt(ends[Number(partition)] ?? '0'),
  );
  if (behind.length === 0) return;
  const detail = behind.map(
    ([partition, next]) => `partition ${partition}: recorded ${next}, log ends at ${ends[Number(partition)] ?? 0}`,
  );
  throw new LogBehindStateError(
    `${topic.name} ends before the offsets this database recorded (${detail.join('; ')}): ` +
      "the broker does not hold this database's history. Use the broker it was written with, or a fresh database.",
  );
}
