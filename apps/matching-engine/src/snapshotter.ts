import { MATCHING_EVENTS, type TopicSpec } from '@exchange/contracts';
import type { MessageBus } from '@exchange/kafka';
import type { OrderBook } from '@exchange/matching';
import type { Counter, Gauge, Logger, MetricsRegistry } from '@exchange/observability';
import type { EngineSnapshotRepository } from '@exchange/persistence';
import { takePartitionSnapshot } from './partition-snapshot';

export interface SnapshotPolicy {
  /** A partition is snapshotted once it has taken this many commands since its last snapshot... */
  readonly everyCommands: number;
  /** ...or this many seconds have passed and it took at least one. */
  readonly everySeconds: number;
  /** Snapshots kept per partition. */
  readonly keep: number;
}

/**
 * Takes partition snapshots off the order path: the books are serialised synchronously at a batch
 * boundary (after the batch's answers were published), the write to Postgres runs in the
 * background, and matching never waits for it. One write at a time; a partition that comes due
 * meanwhile is snapshotted at its next batch.
 *
 * The matching.events offsets recorded with a snapshot must precede every answer to a later
 * input. Normally they come from an end-offsets read that completed before the snapshot was taken:
 * a lower bound of the log's end at that boundary. While the engine still replays inputs an earlier
 * run answered, those answers precede that read, so the snapshot records where this run's
 * answered-inputs scan started instead, the offsets it found them after.
 */
export class Snapshotter {
  private readonly commandsSince = new Map<number, number>();
  private readonly takenAtMs = new Map<number, number>();
  private readonly startedAtMs = Date.now();
  private outputMark: Readonly<Record<number, string>> | null = null;
  private replayFloor: Readonly<Record<number, string>> = {};
  private writing: Promise<void> | null = null;
  private lastWrittenAtMs: number | null = null;
  private readonly written: Counter;
  private readonly age: Gauge;

  constructor(
    private readonly repository: EngineSnapshotRepository,
    private readonly bus: MessageBus,
    private readonly policy: SnapshotPolicy,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.written = metrics.counter('matching_snapshots_total', 'Partition snapshots written to Postgres');
    this.age = metrics.gauge('matching_snapshot_age_seconds', 'Seconds since the last snapshot was written');
  }

  /**
   * Reads the first output mark; call before the engine publishes anything. `scannedFrom`: where
   * the answered-inputs scan started (empty: the beginning).
   */
  async start(scannedFrom: Readonly<Record<number, string>>): Promise<void> {
    this.replayFloor = scannedFrom;
    this.outputMark = await this.bus.endOffsets(MATCHING_EVENTS as TopicSpec<unknown>);
  }

  /**
   * Called once a batch of `partition` was applied and its answers published. `answeredAhead`:
   * an earlier run answered inputs at or after `nextInputOffset`. `markets` is called only when a
   * snapshot is taken, and must give every book the partition feeds.
   */
  afterBatch(
    partition: number,
    nextInputOffset: string,
    commands: number,
    answeredAhead: boolean,
    markets: () => readonly { readonly book: OrderBook; readonly engineTimeUs: number }[],
  ): void {
    const since = (this.commandsSince.get(partition) ?? 0) + commands;
    this.commandsSince.set(partition, since);
    if (!this.isDue(partition, since) || this.writing || !this.outputMark) return;
    const outputOffsets = answeredAhead ? this.replayFloor : this.outputMark;
    const snapshot = takePartitionSnapshot(partition, nextInputOffset, outputOffsets, markets());
    this.commandsSince.set(partition, 0);
    this.takenAtMs.set(partition, Date.now());
    this.writing = this.write(snapshot).finally(() => {
      this.writing = null;
    });
  }

  /** Refreshes the age gauge (called on the engine's clock tick). */
  reportAge(): void {
    if (this.lastWrittenAtMs !== null) this.age.set((Date.now() - this.lastWrittenAtMs) / 1000);
  }

  /** Lets a write in flight finish. */
  async stop(): Promise<void> {
    await this.writing;
  }

  private isDue(partition: number, since: number): boolean {
    if (since >= this.policy.everyCommands) return true;
    const elapsedMs = Date.now() - (this.takenAtMs.get(partition) ?? this.startedAtMs);
    return since > 0 && elapsedMs >= this.policy.everySeconds * 1000;
  }

  private async write(snapshot: Parameters<EngineSnapshotRepository['save']>[0]): Promise<void> {
    try {
      await this.repository.save(snapshot, this.policy.keep);
      this.written.inc({ partition: String(snapshot.partition) });
      this.lastWrittenAtMs = Date.now();
      this.reportAge();
      this.outputMark = await this.bus.endOffsets(MATCHING_EVENTS as TopicSpec<unknown>);
    } catch (error) {
      // A missed snapshot only lengthens the next replay; the partition is retried when next due.
      this.logger.warn('snapshot not written', { partition: snapshot.partition, error });
    }
  }
}
