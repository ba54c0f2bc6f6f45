import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  CommandRejected,
  MARGIN_STATES,
  MarkPriceCommand,
  MATCHING_EVENTS,
  ORDERS_ACCEPTED,
  ORDER_COMMANDS,
  ORDER_RESULTS,
  PRICES,
  TopicSpec,
  TraderCommand,
} from '@exchange/contracts';
import { assertLogCoversOffsets, MessageBus, Publisher, readToEnd, StartPosition, Subscription } from '@exchange/kafka';
import { RiskEngine } from '@exchange/margin';
import { Counter, Histogram, Logger, MetricsRegistry } from '@exchange/observability';
import { RiskSnapshot } from '@exchange/persistence';
import { BUS, LOGGER, RISK_ENGINE } from './tokens';

/**
 * The R1/R2 stages around the book. R1: every order command passes the pre-trade margin check
 * before it may reach the matching engine; rejections go back to the gateway. R2: matching events
 * release holds and update positions and collateral. Prices revalue accounts and, as mark
 * commands in the books' input, move the books' price bands and mark triggers. After each input
 * batch, the margin state of every touched account is published for the gateway.
 *
 * Start-up state comes from settlement's Postgres snapshot (balances, positions, open orders and
 * the event offsets they reflect); matching events are then replayed from exactly those offsets.
 */
@Injectable()
export class RiskWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private publisher: Publisher | null = null;
  private readonly subscriptions: Subscription[] = [];
  private readonly checks: Counter;
  private readonly checkLatency: Histogram;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(RISK_ENGINE) private readonly engine: RiskEngine,
    @Inject('RISK_SNAPSHOT') private readonly snapshot: RiskSnapshot,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.checks = metrics.counter('risk_order_checks_total', 'Pre-trade checks by outcome');
    this.checkLatency = metrics.histogram('risk_check_batch_seconds', 'Time to check and forward one command batch');
  }

  get ready(): boolean {
    return this.subscriptions.length === 3;
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertLogCoversOffsets(this.bus, MATCHING_EVENTS as TopicSpec<unknown>, this.snapshot.eventOffsets);
    this.publisher = await this.bus.publisher();
    await this.followPrices();
    await this.follow('portfolio-margin-events', MATCHING_EVENTS, this.eventStart(), async (batches) => {
      const touched = new Set<string>();
      for (const batch of batches) for (const account of this.engine.applyMatchingEvents(batch)) touched.add(account);
      await this.publishMarginStates(touched);
    });
    await this.follow('portfolio-margin', ORDER_COMMANDS, { from: 'committed' }, (commands) => this.check(commands));
    this.logger.info('risk engine ready', { accounts: this.snapshot.accounts.length });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.stop();
    await this.publisher?.close();
  }

  /**
   * Each instance reads every price from the start: marks are needed before any check. The history
   * only sets the engine's marks (sending it to the books again would walk their marks back through
   * old prices and fire triggers); the current marks then go to the books once, in case a crash
   * came between a price and its mark commands. From there on, every price's mark commands are
   * sent before the engine takes the price, so an order checked at a mark reaches its book after it.
   */
  private async followPrices(): Promise<void> {
    const historyEnd = await this.bus.endOffsets(PRICES as TopicSpec<unknown>);
    await readToEnd(this.bus, PRICES, (message) => {
      if (BigInt(message.offset) >= BigInt(historyEnd[message.partition] ?? '0')) return;
      try {
        this.engine.applyPriceUpdate(message.value);
      } catch (error) {
        this.logger.warn('skipped a malformed price in the history', { offset: message.offset, error });
      }
    });
    await this.publishMarks(this.engine.currentMarkCommands());
    const start: StartPosition = { from: 'offsets', offsets: historyEnd };
    await this.follow(`portfolio-margin-prices-${randomUUID()}`, PRICES, start, async (updates) => {
      await this.publishMarks(updates.flatMap((update) => this.engine.markCommands(update)));
      const touched = new Set<string>();
      for (const update of updates) for (const account of this.engine.applyPriceUpdate(update)) touched.add(account);
      await this.publishMarginStates(touched);
    });
  }

  private async publishMarks(marks: readonly MarkPriceCommand[]): Promise<void> {
    if (marks.length > 0) await this.publisher?.publish(ORDERS_ACCEPTED, marks);
  }

  private async check(commands: readonly TraderCommand[]): Promise<void> {
    const started = process.hrtime.bigint();
    const accepted: TraderCommand[] = [];
    const rejected: CommandRejected[] = [];
    for (const command of commands) {
      const outcome = this.engine.checkCommand(command);
      if (outcome.ok) accepted.push(...outcome.commands);
      else rejected.push(outcome.rejection);
      this.checks.inc({ kind: command.kind, outcome: outcome.ok ? 'accepted' : outcome.rejection.code });
    }
    await this.publisher?.publishAll([
      { topic: ORDERS_ACCEPTED as TopicSpec<unknown>, messages: accepted },
      { topic: ORDER_RESULTS as TopicSpec<unknown>, messages: rejected },
    ]);
    const touched = new Set(accepted.map((command) => command.accountId));
    await this.publishMarginStates(touched);
    this.checkLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async publishMarginStates(accounts: Iterable<string>): Promise<void> {
    const now = Date.now();
    const states = [...accounts]
      .filter((id) => this.engine.hasAccount(id))
      .map((id) => this.engine.marginState(id, now));
    if (states.length > 0) await this.publisher?.publish(MARGIN_STATES, states);
  }

  /** Matching events resume where the Postgres snapshot ends. */
  private eventStart(): StartPosition {
    return { from: 'offsets', offsets: this.snapshot.eventOffsets };
  }

  private async follow<T>(
    groupId: string,
    topic: TopicSpec<T>,
    start: StartPosition,
    handle: (values: readonly T[]) => Promise<void>,
  ): Promise<void> {
    const subscription = await this.bus.subscribe({
      groupId,
      topic,
      start,
      handle: (messages) => handle(messages.map((message) => message.value)),
    });
    await subscription.ready;
    this.subscriptions.push(subscription);
  }
}
