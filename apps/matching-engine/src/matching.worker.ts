import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MATCHING_EVENTS, MatchingEventBatch, ORDERS_ACCEPTED, OrderCommand } from '@exchange/contracts';
import { MarketSpec } from '@exchange/domain';
import { Delivered, MessageBus, Publisher, Subscription, readToEnd } from '@exchange/kafka';
import { OrderBook } from '@exchange/matching';
import { Counter, Histogram, Logger, MetricsRegistry } from '@exchange/observability';
import { BUS, LOGGER, MARKETS } from './tokens';

/**
 * Hosts one single-writer book per market. Input: orders.accepted (already risk-checked);
 * output: one matching.events message per command, carrying the input offset it answers.
 *
 * Recovery by replay: on start the engine replays its whole input into fresh books, publishing
 * only answers for inputs that no published batch answers yet. The books are deterministic (the
 * command's own receive time is the engine's clock), so the replayed state equals the state
 * before the crash. Snapshots shorten this replay in a later step.
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
    this.logger.info('matching engine ready', {
      markets: [...this.books.keys()],
      answered: Object.fromEntries(this.answered),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.publisher?.close();
  }

  /**
   * The books have already changed when a publish fails, so a retry would apply the commands twice.
   * The engine stops instead and recovers by replay, which is exact.
   */
  private async matchOrExit(messages: readonly Delivered<OrderCommand>[]): Promise<void> {
    try {
      await this.match(messages);
    } catch (error) {
      this.logger.error('matching batch failed; exiting to recover by replay', { error });
      process.exit(1);
    }
  }

  private async match(messages: readonly Delivered<OrderCommand>[]): Promise<void> {
    const started = process.hrtime.bigint();
    const batches: MatchingEventBatch[] = [];
    for (const message of messages) {
      const command = message.value;
      const book = command.market === null ? undefined : this.books.get(command.market);
      if (!book) {
        this.logger.warn('command for an unknown market dropped', { market: command.market, orderId: command.orderId });
        continue;
      }
      const events = book.apply(command, command.receivedAtUs);
      this.commands.inc({ market: book.market.symbol });
      if (BigInt(message.offset) <= (this.answered.get(message.partition) ?? -1n)) continue; // answered before a restart
      batches.push({
        market: book.market.symbol,
        requestId: command.requestId,
        input: { partition: message.partition, offset: message.offset },
        timestampUs: command.receivedAtUs,
        events,
      });
    }
    if (batches.length > 0 && this.publisher) await this.publisher.publish(MATCHING_EVENTS, batches);
    this.batchLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
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
