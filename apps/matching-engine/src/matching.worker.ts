import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  BookCommand,
  ClockCommand,
  ListMarketCommand,
  MATCHING_EVENTS,
  MatchingEventBatch,
  ORDERS_ACCEPTED,
  TopicSpec,
  TraderCommand,
} from '@exchange/contracts';
import { MarketSpec } from '@exchange/domain';
import { assertLogCoversOffsets, Delivered, MessageBus, Publisher, Subscription, readToEnd } from '@exchange/kafka';
import { Counter, Gauge, Histogram, Logger, MetricsRegistry } from '@exchange/observability';
import { Database, EngineSnapshotRepository, StoredEngineSnapshot } from '@exchange/persistence';
import { MarketBooks } from './market-books';
import { answeredScanStart } from './partition-snapshot';
import { Snapshotter, SnapshotPolicy } from './snapshotter';
import { BUS, DATABASE, LOGGER, MARKETS, SNAPSHOT_POLICY } from './tokens';

/** How often the engine tells its books the time (GTD orders expire on these ticks). */
const CLOCK_INTERVAL_MS = 1_000;

const TRADER_COMMANDS: ReadonlySet<BookCommand['kind']> = new Set(['place', 'cancel', 'amend', 'cancel_all']);
const isTraderCommand = (command: BookCommand): command is TraderCommand => TRADER_COMMANDS.has(command.kind);

/**
 * Hosts one single-writer book per market. Input: orders.accepted, which holds every command a
 * book takes: trader commands (already risk-checked), mark prices (from portfolio-margin) and the
 * clock ticks this engine publishes there itself every second. Output: one matching.events message
 * per trader command, carrying the input offset it answers, and one per market command that caused
 * events (a mark that fired triggers, a tick that expired orders).
 *
 * Books come from the markets table at start and from `list` commands (a market staff listed, sent
 * before any other command for it), which the engine takes itself: a book never sees one.
 *
 * Recovery: the engine snapshots, per input partition, every book that partition feeds as of one
 * input offset (see Snapshotter). On start it restores each partition's latest snapshot (other
 * partitions and markets start fresh) and replays its input from there, publishing only answers
 * for inputs that no published batch answers yet. The books are deterministic (time reaches them
 * only through the commands: a trader command's receive time, a tick's timestamp), so the replayed
 * state equals the state before the crash.
 */
@Injectable()
export class MatchingWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly books: MarketBooks;
  private publisher: Publisher | null = null;
  private subscription: Subscription | null = null;
  /** Highest input offset already answered, per input partition. */
  private answered = new Map<number, bigint>();
  private readonly commands: Counter;
  private readonly batchLatency: Histogram;
  private clock: NodeJS.Timeout | null = null;
  private tickInFlight: Promise<void> | null = null;
  /** Latest engine time per market: the time of mark, status and position commands, which carry none. */
  private readonly engineTimes = new Map<string, number>();
  private readonly snapshots: EngineSnapshotRepository;
  private readonly snapshotter: Snapshotter;
  private readonly restartOffsets: Gauge;
  private readonly replayedCommands: Gauge;
  private readonly scanStart: Gauge;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(MARKETS) markets: MarketSpec[],
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(SNAPSHOT_POLICY) policy: SnapshotPolicy,
    metrics: MetricsRegistry,
  ) {
    this.commands = metrics.counter('matching_commands_total', 'Commands applied to the books');
    this.batchLatency = metrics.histogram('matching_batch_seconds', 'Time to match and publish one input batch');
    this.restartOffsets = metrics.gauge(
      'matching_restart_input_offset',
      'Input offset the engine resumed from at start, per partition: its snapshot, or 0 without one',
    );
    this.replayedCommands = metrics.gauge(
      'matching_replayed_commands',
      'Input commands in the log after the restart point at start, per partition: the replay',
    );
    this.scanStart = metrics.gauge(
      'matching_answered_scan_start_offset',
      'matching.events offset the answered-inputs scan started at, per partition (0: the beginning)',
    );
    this.books = new MarketBooks(markets);
    for (const { market, reason } of this.books.refusedAtStart)
      logger.error('market in the markets table cannot be listed; no book opened', { market, reason });
    this.snapshots = new EngineSnapshotRepository(database);
    this.snapshotter = new Snapshotter(this.snapshots, bus, policy, logger, metrics);
  }

  get ready(): boolean {
    return this.subscription !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const snapshots = await this.snapshots.latestPerPartition();
    const inputStart = await this.restore(snapshots);
    const inputEnd = await this.bus.endOffsets(ORDERS_ACCEPTED as TopicSpec<unknown>);
    this.reportReplay(inputStart, inputEnd);
    const scanFrom = answeredScanStart(snapshots, inputEnd);
    for (let partition = 0; partition < MATCHING_EVENTS.partitions; partition++)
      this.scanStart.set(Number(scanFrom?.[partition] ?? 0), { partition: String(partition) });
    this.answered = await this.answeredInputs(scanFrom);
    await this.snapshotter.start(scanFrom ?? {});
    this.publisher = await this.bus.publisher();
    this.subscription = await this.bus.subscribe({
      groupId: 'matching-engine',
      topic: ORDERS_ACCEPTED,
      start: { from: 'offsets', offsets: inputStart },
      handle: (messages) => this.matchOrExit(messages),
    });
    await this.subscription.ready;
    this.clock = setInterval(() => this.tick(), CLOCK_INTERVAL_MS);
    this.logger.info('matching engine ready', {
      markets: this.books.markets(),
      answered: Object.fromEntries(this.answered),
      answeredScanFrom: scanFrom ?? 'beginning',
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.clock) clearInterval(this.clock);
    await this.tickInFlight;
    await this.subscription?.stop();
    await this.snapshotter.stop();
    await this.publisher?.close();
    await this.database.close();
  }

  /**
   * Restores each partition's snapshot into the books and returns where to read the input from.
   * Refuses to start when the log no longer holds what a snapshot recorded (a wiped broker) or a
   * book does not restore to the state it recorded.
   */
  private async restore(snapshots: ReadonlyMap<number, StoredEngineSnapshot>): Promise<Record<number, string>> {
    const inputStart: Record<number, string> = {};
    for (const snapshot of snapshots.values()) {
      inputStart[snapshot.partition] = snapshot.nextInputOffset;
      await assertLogCoversOffsets(this.bus, MATCHING_EVENTS as TopicSpec<unknown>, snapshot.outputOffsets);
    }
    await assertLogCoversOffsets(this.bus, ORDERS_ACCEPTED as TopicSpec<unknown>, inputStart);
    for (const snapshot of snapshots.values()) {
      const restored = this.books.restore(snapshot);
      for (const [market, { engineTimeUs }] of restored) this.engineTimes.set(market, engineTimeUs);
      this.logger.info('restored books from a snapshot', {
        partition: snapshot.partition,
        nextInputOffset: snapshot.nextInputOffset,
        takenAt: snapshot.createdAt.toISOString(),
        books: Object.fromEntries([...restored].map(([market, { book }]) => [market, book.snapshot().seq])),
      });
    }
    return inputStart;
  }

  private reportReplay(inputStart: Record<number, string>, inputEnd: Record<number, string>): void {
    const replay = Object.entries(inputEnd).map(([key, end]) => {
      const partition = Number(key);
      const from = inputStart[partition] ?? '0';
      return { partition, from, commands: Number(BigInt(end) - BigInt(from)) };
    });
    for (const { partition, from, commands } of replay) {
      this.restartOffsets.set(Number(from), { partition: String(partition) });
      this.replayedCommands.set(commands, { partition: String(partition) });
    }
    this.logger.info('replaying orders.accepted', { replay });
  }

  /**
   * The books have already changed when a publish fails, so a retry would apply the commands twice.
   * The engine stops instead and recovers by replay, which is exact.
   */
  /**
   * Publishes a clock command per market into the engine's own input: applied when read back, in
   * log order, so a replay expires GTD orders at exactly the same point. A tick that cannot be
   * published is skipped; the next one carries a later time anyway.
   */
  private tick(): void {
    this.snapshotter.reportAge();
    if (this.tickInFlight || !this.publisher) return;
    const timestampUs = Date.now() * 1000;
    const clocks = this.books.markets().map((market): ClockCommand => ({ kind: 'clock', market, timestampUs }));
    this.tickInFlight = this.publisher
      .publish(ORDERS_ACCEPTED, clocks)
      .catch((error: unknown) => this.logger.warn('clock tick not published', { error }))
      .finally(() => {
        this.tickInFlight = null;
      });
  }

  private async matchOrExit(messages: readonly Delivered<BookCommand>[]): Promise<void> {
    try {
      await this.match(messages);
    } catch (error) {
      this.logger.error('matching batch failed; exiting to recover by replay', { error });
      process.exit(1);
    }
  }

  private async match(messages: readonly Delivered<BookCommand>[]): Promise<void> {
    const started = process.hrtime.bigint();
    const batches: MatchingEventBatch[] = [];
    for (const message of messages) {
      const command = message.value;
      if (command.kind === 'list') {
        this.list(command, message.partition);
        continue;
      }
      const book = this.books.get(command.market);
      if (!book) {
        this.logger.warn('command for an unknown market dropped', { market: command.market, kind: command.kind });
        continue;
      }
      const market = book.market.symbol;
      this.books.carry(message.partition, market);
      const timestampUs = this.engineTime(market, command);
      const events = book.apply(command, timestampUs);
      this.commands.inc({ market, kind: command.kind });
      if (BigInt(message.offset) <= (this.answered.get(message.partition) ?? -1n)) continue; // answered before a restart
      const trader = isTraderCommand(command);
      if (!trader && events.length === 0) continue; // a mark that fired nothing, a tick that expired nothing
      batches.push({
        market,
        // Market commands answer no request: a name derived from the input position keeps replays identical.
        requestId: trader ? command.requestId : `${command.kind}:${market}:${message.partition}:${message.offset}`,
        input: { partition: message.partition, offset: message.offset },
        timestampUs,
        events,
      });
    }
    if (batches.length > 0 && this.publisher) await this.publisher.publish(MATCHING_EVENTS, batches);
    this.batchLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    this.offerSnapshots(messages);
  }

  /**
   * Opens a listed market's book at its place in the input, so a replay opens it at the same point.
   * It answers nothing: the book's first events come with its first commands.
   */
  private list(command: ListMarketCommand, partition: number): void {
    const listed = this.books.list(command, partition);
    this.commands.inc({ market: command.market, kind: command.kind });
    if (listed.outcome === 'refused') {
      this.logger.error('list command refused; the market has no book', {
        market: command.market,
        reason: listed.reason,
      });
      return;
    }
    if (listed.outcome === 'created') this.logger.info('listed market: book opened', { market: command.market });
  }

  /** Every answer of the batch is published: its end is a consistent restart point per partition. */
  private offerSnapshots(messages: readonly Delivered<BookCommand>[]): void {
    const progress = new Map<number, { next: bigint; commands: number }>();
    for (const { partition, offset } of messages) {
      const seen = progress.get(partition);
      const next = BigInt(offset) + 1n;
      progress.set(partition, {
        next: seen && seen.next > next ? seen.next : next,
        commands: (seen?.commands ?? 0) + 1,
      });
    }
    for (const [partition, { next, commands }] of progress) {
      const answeredAhead = next <= (this.answered.get(partition) ?? -1n);
      this.snapshotter.afterBatch(partition, next.toString(), commands, answeredAhead, () =>
        this.books.ofPartition(partition).map((book) => ({
          book,
          engineTimeUs: this.engineTimes.get(book.market.symbol) ?? 0,
        })),
      );
    }
  }

  /**
   * A command's engine time: a trader command's receive time, a clock tick's timestamp; commands
   * without a time of their own take the market's latest. All of it comes from the input log.
   */
  private engineTime(market: string, command: BookCommand): number {
    const latest = this.engineTimes.get(market) ?? 0;
    const own = command.kind === 'clock' ? command.timestampUs : isTraderCommand(command) ? command.receivedAtUs : null;
    if (own === null) return latest;
    this.engineTimes.set(market, Math.max(latest, own));
    return own;
  }

  /** Reads the engine's own output once (from `from`, or the beginning) to learn which inputs are answered. */
  private async answeredInputs(from: Record<number, string> | undefined): Promise<Map<number, bigint>> {
    const answered = new Map<number, bigint>();
    await readToEnd(
      this.bus,
      MATCHING_EVENTS,
      (message) => {
        const { partition, offset } = message.value.input;
        const last = answered.get(partition) ?? -1n;
        if (BigInt(offset) > last) answered.set(partition, BigInt(offset));
      },
      from,
    );
    return answered;
  }
}
