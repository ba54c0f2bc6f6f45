import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  CommandResult,
  ListMarketCommand,
  MARGIN_PARAMS,
  MarginParamsUpdate,
  MARKET_LISTINGS,
  MarketListed,
  MarkPriceCommand,
  MATCHING_EVENTS,
  ORDERS_ACCEPTED,
  ORDER_COMMANDS,
  ORDER_RESULTS,
  PRICES,
  PriceUpdate,
  TopicSpec,
  TraderCommand,
  TraderRequest,
  VOL_SURFACES,
  VolSurfaceUpdate,
} from '@exchange/contracts';
import { assertLogCoversOffsets, MessageBus, Publisher, readToEnd, StartPosition, Subscription } from '@exchange/kafka';
import { RiskEngine } from '@exchange/margin';
import { Counter, Histogram, Logger, MetricsRegistry } from '@exchange/observability';
import { RiskSnapshot } from '@exchange/persistence';
import { MarginPublisher } from './margin-publisher';
import { paramsOf, surfaceOf } from './market-data-wire';
import { ACCOUNT_STORE, AccountStore, BUS, LOGGER, RISK_ENGINE } from './tokens';

/**
 * The R1/R2 stages around the book. R1: every order command passes the pre-trade margin check
 * before it may reach the matching engine; rejections go back to the gateway. R2: matching events
 * release holds and update positions and collateral. Prices and volatility surfaces revalue
 * accounts and, as mark commands in the books' input, move the books' price bands and mark
 * triggers. Staff listings reach the books through here, ahead of any order for them. After each
 * input batch, the margin state of every touched account is published for the gateway.
 *
 * Start-up state comes from settlement's Postgres snapshot (balances, positions, open orders and
 * the event offsets they reflect); matching events are then replayed from exactly those offsets.
 * Staff's margin parameters, like prices and surfaces, are read from the start of their topic.
 */
@Injectable()
export class RiskWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private publisher: Publisher | null = null;
  private readonly subscriptions: Subscription[] = [];
  private readonly checks: Counter;
  private readonly checkLatency: Histogram;
  private readonly margins: MarginPublisher;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(RISK_ENGINE) private readonly engine: RiskEngine,
    @Inject('RISK_SNAPSHOT') private readonly snapshot: RiskSnapshot,
    @Inject(ACCOUNT_STORE) private readonly accounts: AccountStore,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.checks = metrics.counter('risk_order_checks_total', 'Pre-trade checks by outcome');
    this.checkLatency = metrics.histogram('risk_check_batch_seconds', 'Time to check and forward one command batch');
    this.margins = new MarginPublisher(engine, () => this.publisher, logger, metrics);
  }

  get ready(): boolean {
    return this.subscriptions.length === 6;
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertLogCoversOffsets(this.bus, MATCHING_EVENTS as TopicSpec<unknown>, this.snapshot.eventOffsets);
    this.publisher = await this.bus.publisher();
    await this.followListings();
    await this.followMarketData(
      PRICES,
      'prices',
      (update) => this.priceMarks(update),
      (update) => this.engine.applyPriceUpdate(update),
    );
    await this.followMarketData(
      VOL_SURFACES,
      'surfaces',
      (update) => this.surfaceMarks(update),
      (update) => this.engine.applySurface(update.underlying, surfaceOf(update)),
    );
    await this.followMarketData(
      MARGIN_PARAMS,
      'params',
      () => [],
      (update) => this.engine.setParams(paramsOf(update)),
    );
    await this.publishMarks(this.engine.currentMarkCommands());
    await this.follow('portfolio-margin-events', MATCHING_EVENTS, this.eventStart(), async (batches) => {
      const touched = new Set<string>();
      for (const batch of batches) for (const account of this.engine.applyMatchingEvents(batch)) touched.add(account);
      await this.margins.publish(touched);
    });
    await this.follow('portfolio-margin', ORDER_COMMANDS, { from: 'committed' }, (requests) => this.check(requests));
    await this.margins.publishAll();
    this.logger.info('risk engine ready', { accounts: this.snapshot.accounts.length });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.stop();
    await this.publisher?.close();
  }

  /**
   * Listings staff made: the start-up markets table has every earlier one, but the books may not
   * have heard of the last ones if a crash came in between, so every listing is (re)sent once;
   * the books ignore a market they have. New listings go to their book before any order can.
   */
  private async followListings(): Promise<void> {
    const historyEnd = await this.bus.endOffsets(MARKET_LISTINGS as TopicSpec<unknown>);
    const history: MarketListed[] = [];
    await readToEnd(this.bus, MARKET_LISTINGS, (message) => {
      if (BigInt(message.offset) < BigInt(historyEnd[message.partition] ?? '0')) history.push(message.value);
    });
    await this.list(history);
    const start: StartPosition = { from: 'offsets', offsets: historyEnd };
    await this.follow(`portfolio-margin-listings-${randomUUID()}`, MARKET_LISTINGS, start, (listings) =>
      this.list(listings),
    );
  }

  private async list(listings: readonly MarketListed[]): Promise<void> {
    const commands: ListMarketCommand[] = [];
    for (const { spec } of listings) {
      try {
        if (this.engine.addMarket(spec)) this.logger.info('market listed', { market: spec.symbol });
        commands.push({ kind: 'list', market: spec.symbol, spec });
      } catch (error) {
        this.logger.warn('skipped a listing the risk engine cannot margin', { market: spec.symbol, error });
      }
    }
    if (commands.length > 0) await this.publisher?.publish(ORDERS_ACCEPTED, commands);
  }

  /**
   * Each instance reads every price and surface from the start: marks are needed before any check.
   * The history only sets the engine's data (sending it to the books again would walk their marks
   * back through old prices and fire triggers); the current marks then go to the books once, in
   * case a crash came between an update and its mark commands. From there on, an update's mark
   * commands are sent before the engine takes it, so an order checked at a mark reaches its book
   * after it.
   */
  private async followMarketData<T extends PriceUpdate | VolSurfaceUpdate | MarginParamsUpdate>(
    topic: TopicSpec<T>,
    name: string,
    marksOf: (update: T) => MarkPriceCommand[],
    apply: (update: T) => string[],
  ): Promise<void> {
    const historyEnd = await this.bus.endOffsets(topic as TopicSpec<unknown>);
    await readToEnd(this.bus, topic, (message) => {
      if (BigInt(message.offset) >= BigInt(historyEnd[message.partition] ?? '0')) return;
      this.tryApply(apply, message.value, message.offset);
    });
    const start: StartPosition = { from: 'offsets', offsets: historyEnd };
    await this.follow(`portfolio-margin-${name}-${randomUUID()}`, topic, start, async (updates) => {
      const touched = new Set<string>();
      for (const update of updates) {
        const marks = this.tryApply(marksOf, update, 'live');
        if (marks === null) continue;
        await this.publishMarks(marks);
        for (const account of this.tryApply(apply, update, 'live') ?? []) touched.add(account);
      }
      await this.margins.publish(touched);
    });
  }

  /** Market data the engine refuses (a malformed price, a surface or parameters it cannot use) is logged and skipped. */
  private tryApply<T, R>(step: (update: T) => R, update: T, offset: string): R | null {
    try {
      return step(update);
    } catch (error) {
      this.logger.warn('skipped market data the risk engine refused', { offset, error });
      return null;
    }
  }

  private priceMarks(update: PriceUpdate): MarkPriceCommand[] {
    return this.engine.markCommands(update);
  }

  private surfaceMarks(update: VolSurfaceUpdate): MarkPriceCommand[] {
    return this.engine.surfaceMarkCommands(update.underlying, surfaceOf(update));
  }

  private async publishMarks(marks: readonly MarkPriceCommand[]): Promise<void> {
    if (marks.length > 0) await this.publisher?.publish(ORDERS_ACCEPTED, marks);
  }

  private async check(requests: readonly TraderRequest[]): Promise<void> {
    const started = process.hrtime.bigint();
    const accepted: TraderCommand[] = [];
    const answers: CommandResult[] = [];
    for (const request of requests) {
      await this.loadIfNew(request.accountId);
      if (request.kind === 'margin_mode') {
        const answer = this.engine.setMarginMode(request);
        if (answer.ok) await this.accounts.setMarginMode(request.accountId, request.mode);
        answers.push(answer.ok ? answer.applied : answer.rejection);
        this.checks.inc({ kind: request.kind, outcome: answer.ok ? 'applied' : answer.rejection.code });
        continue;
      }
      const outcome = this.engine.checkCommand(request);
      if (outcome.ok) accepted.push(...outcome.commands);
      else answers.push(outcome.rejection);
      this.checks.inc({ kind: request.kind, outcome: outcome.ok ? 'accepted' : outcome.rejection.code });
    }
    await this.publisher?.publishAll([
      { topic: ORDERS_ACCEPTED as TopicSpec<unknown>, messages: accepted },
      { topic: ORDER_RESULTS as TopicSpec<unknown>, messages: answers },
    ]);
    await this.margins.publish(new Set(requests.map((request) => request.accountId)));
    this.checkLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  /**
   * An account created after this service started is read from Postgres on its first command: it
   * cannot have traded yet, so no matching event is missing from what the table holds.
   */
  private async loadIfNew(accountId: string): Promise<void> {
    if (this.engine.hasAccount(accountId)) return;
    const account = await this.accounts.loadRiskAccount(accountId);
    if (!account) return;
    this.engine.loadAccount(account);
    this.logger.info('account loaded on its first command', { accountId });
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
