import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  BookCommand,
  ClockCommand,
  MATCHING_EVENTS,
  MatchingEventBatch,
  ORDERS_ACCEPTED,
  TraderCommand,
} from '@exchange/contracts';
import { MarketSpec } from '@exchange/domain';
import { Delivered, MessageBus, Publisher, Subscription, readToEnd } from '@exchange/kafka';
import { OrderBook } from '@exchange/matching';
import { Counter, Histogram, Logger, MetricsRegistry } from '@exchange/observability';
import { BUS, LOGGER, MARKETS } from './tokens';

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
 * Recovery by replay: on start the engine replays its whole input into fresh books, publishing
 * only answers for inputs that no published batch answers yet. The books are deterministic (time
 * reaches them only through the commands: a trader command's receive time, a tick's timestamp), so
 * the replayed state equals the state before the crash. Snapshots shorten this replay in a later step.
 */
@Injectable()
export class MatchingWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly books = new Map<string, OrderBook>();
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

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(MARKETS) markets: MarketSpec[],
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.commands = metrics.counter('matching_commands_total', 'Commands applied to the books');
    this.batchLatency = metrics.histogram('matching_batch_seconds', 'Time to match and publish one input batch');
    for (const market of markets) this.books.set(market.symbol, new OrderBook(market));
  }

  get ready(): boolean {
    return this.subscription !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.answered = await this.answeredInputs();
    this.publisher = await this.bus.publisher();
    this.subscription = await this.bus.subscribe({
      groupId: 'matching-engine',
      topic: ORDERS_ACCEPTED,
      start: { from: 'beginning' },
      handle: (messages) => this.matchOrExit(messages),
    });
    await this.subscription.ready;
    this.clock = setInterval(() => this.tick(), CLOCK_INTERVAL_MS);
    this.logger.info('matching engine ready', {
      markets: [...this.books.keys()],
      answered: Object.fromEntries(this.answered),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.clock) clearInterval(this.clock);
    await this.tickInFlight;
    await this.subscription?.stop();
    await this.publisher?.close();
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
    if (this.tickInFlight || !this.publisher) return;
    const timestampUs = Date.now() * 1000;
    const clocks = [...this.books.keys()].map((market): ClockCommand => ({ kind: 'clock', market, timestampUs }));
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
      const book = command.market === null ? undefined : this.books.get(command.market);
      if (!book) {
        this.logger.warn('command for an unknown market dropped', { market: command.market, kind: command.kind });
        continue;
      }
      const market = book.market.symbol;
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

  /** Reads the engine's own output once, to learn which inputs are already answered. */
  private async answeredInputs(): Promise<Map<number, bigint>> {
    const answered = new Map<number, bigint>();
    await readToEnd(this.bus, MATCHING_EVENTS, (message) => {
      const { partition, offset } = message.value.input;
      const last = answered.get(partition) ?? -1n;
      if (BigInt(offset) > last) answered.set(partition, BigInt(offset));
    });
    return answered;
  }
}
