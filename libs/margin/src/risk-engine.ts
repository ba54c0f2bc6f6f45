import {
  type AccountMarginState,
  type AmendOrder,
  type CancelAllOrders,
  type CancelOrder,
  type FillEvent,
  type FillParty,
  type MarkPriceCommand,
  type MatchingEvent,
  type MatchingEventBatch,
  type OrderAcceptedEvent,
  type OrderTrigger,
  type PlaceOrder,
  type PriceUpdate,
  type SetMarginMode,
  type TraderCommand,
  markPriceOf,
} from '@exchange/contracts';
import { type MarketSpec, RejectCode, type Side } from '@exchange/domain';
import {
  DEFAULT_FEE_SCHEDULE,
  FLAT,
  type FeeSchedule,
  type Position,
  type SettledSide,
  marketUnits,
  settleFill,
  unrealizedPnl,
} from '@exchange/ledger';
import { AccountBook } from './account-book';
import { type MarginAnswer, marginModeAnswer } from './engine/margin-mode';
import { type SimulationAnswer, type SimulationRequest, simulateMargin } from './engine/simulation';
import { spotCoins, spotCollateralValue } from './engine/spot-collateral';
import { UnderlyingData, instrumentOf } from './engine/underlying-data';
import {
  type RiskMarket,
  type UnitHoldings,
  openOrderLeg,
  portfolioGateState,
  standardMarketMargin,
  unitKeyOf,
} from './engine/unit-margin';
import type { OpenOrder, OrderTerms } from './open-orders';
import { type HedgeFirstGateState, withOpenOrder } from './portfolio/hedge-first-gate';
import { DEFAULT_PORTFOLIO_PARAMS, type PortfolioMarginParams } from './portfolio/params';
import type { VolSurface } from './pricing/vol-surface';
import { type OrderCheck, forward, insufficientMargin, reject } from './rejections';
import type { MarginRequirement } from './standard-margin';
import { byFirst, fnv1a32 } from './state-hash';

/** An account as settlement knows it, to start the engine from. */
export interface AccountLoad {
  readonly accountId: string;
  readonly marginMode?: MarginMode;
  /** USDC balance in micro-USDC. */
  readonly collateralMicro: bigint;
  /** Other coins held as collateral (BTC, ETH), in each asset's minimal units. */
  readonly spot?: readonly { readonly asset: string; readonly amount: bigint }[];
  readonly positions: readonly { readonly market: string; readonly position: Position }[];
  readonly openOrders: readonly OpenOrder[];
}

type MarginMode = AccountBook['marginMode'];

/** One margin unit's requirement: a market under standard margin, an underlying under portfolio margin. */
export interface UnitSummary extends MarginRequirement {
  readonly unit: string;
}

/** An account's margin in micro-USDC. */
export interface MarginSummary {
  readonly marginMode: MarginMode;
  /** USDC plus coins valued at their index after the IM haircut. */
  readonly collateral: bigint;
  readonly unrealizedPnl: bigint;
  /** collateral + unrealized PnL: what covers IM. */
  readonly equity: bigint;
  /** The same with the (smaller) MM haircuts: what covers MM. */
  readonly maintenanceEquity: bigint;
  readonly initialMargin: bigint;
  readonly maintenanceMargin: bigint;
  /** equity - initial margin; negative when the account may only reduce risk. */
  readonly available: bigint;
  readonly units: readonly UnitSummary[];
}

interface CachedGateState {
  readonly unit: string;
  readonly data: UnderlyingData;
  readonly revision: number;
  readonly state: HedgeFirstGateState;
}

/** Margin parameters by underlying: one typed, versioned structure each. */
export type MarginParamsByUnderlying = Readonly<Record<string, PortfolioMarginParams>>;

/**
 * The pure risk engine behind portfolio-margin: holds every account's collateral, positions and
 * open orders and each underlying's market data, gates new orders on margin (R1) and follows the
 * matching engine's events (R2). Each account is margined under the model it chose: standard
 * margin per market, or hedge-first portfolio margin per underlying. Deterministic: the same
 * inputs in the same order give the same state and `stateHash()`.
 */
export class RiskEngine {
  private readonly markets = new Map<string, RiskMarket>();
  private readonly underlyings = new Map<string, UnderlyingData>();
  private readonly accounts = new Map<string, AccountBook>();
  /** Per market, the accounts holding a position or an order there: whom a price move affects. */
  private readonly holders = new Map<string, Set<string>>();
  /** Per asset, the accounts holding coins of it as collateral: whom its index moves. */
  private readonly spotHolders = new Map<string, Set<string>>();
  /** Marks in micro-USDC: perps and futures from prices, options from the volatility surface. */
  private readonly marks = new Map<string, number>();
  private readonly lastSeqs = new Map<string, number>();
  /**
   * Per portfolio-margined account, the gate state of the unit it last traded in, with the data and
   * account revision it reflects (one unit each: an account quoting one underlying stays warm).
   */
  private readonly gateStates = new Map<string, CachedGateState>();
  /** Per account, its last margin summary, valid while its revision, its USDC and the marks epoch hold. */
  private readonly summaries = new Map<
    string,
    { readonly revision: number; readonly marksEpoch: number; readonly cash: bigint; readonly summary: MarginSummary }
  >();
  /** Grows with every change of any mark or market data. */
  private marksEpoch = 0;
  private params: MarginParamsByUnderlying;
  /** Per underlying, every parameter version seen and the structure it names. */
  private readonly paramVersions = new Map<string, Map<string, string>>();

  constructor(
    markets: readonly MarketSpec[],
    params: MarginParamsByUnderlying = DEFAULT_PORTFOLIO_PARAMS,
    private readonly fees: FeeSchedule = DEFAULT_FEE_SCHEDULE,
  ) {
    this.params = params;
    for (const spec of markets) this.addMarket(spec);
  }

  /** Every underlying's parameter version, echoed in every margin state. */
  get paramsVersion(): string {
    return Object.keys(this.params)
      .sort()
      .map((underlying) => `${underlying}:${this.params[underlying].version}`)
      .join(',');
  }

  /** The parameters in force, by underlying. */
  currentParams(): MarginParamsByUnderlying {
    return this.params;
  }

  /**
   * Staff replaced an underlying's parameters with a new version: its markets are margined with them
   * from now on. Returns the accounts holding any of its markets, to revalue.
   */
  setParams(params: PortfolioMarginParams): string[] {
    const { underlying, version } = params;
    if (!this.params[underlying]) throw new Error(`no margin parameters for ${underlying} to replace`);
    // A version names one structure for ever, so a result that echoes it can be reproduced.
    const canonical = canonicalJson(params);
    const versions =
      this.paramVersions.get(underlying) ??
      new Map([[this.params[underlying].version, canonicalJson(this.params[underlying])]]);
    const known = versions.get(version);
    if (known !== undefined && known !== canonical) {
      throw new Error(`${underlying} margin parameters ${version} already name another structure`);
    }
    versions.set(version, canonical);
    this.paramVersions.set(underlying, versions);
    this.params = { ...this.params, [underlying]: params };
    for (const [symbol, market] of this.markets) {
      if (market.spec.underlying === underlying) this.markets.set(symbol, { ...market, params });
    }
    const data = this.underlyings.get(underlying);
    if (!data) return [];
    this.underlyings.set(underlying, data.withParams(params));
    return this.refreshMarks(underlying);
  }

  /** Lists a market (staff listed it, or it was in the table at start); false when it was known already. */
  addMarket(spec: MarketSpec): boolean {
    if (this.markets.has(spec.symbol)) return false;
    const params = this.params[spec.underlying];
    if (!params) throw new Error(`${spec.symbol}: no margin parameters for ${spec.underlying}`);
    instrumentOf(spec);
    this.markets.set(spec.symbol, { spec, units: marketUnits(spec), params });
    const data = this.underlyings.get(spec.underlying) ?? new UnderlyingData(params, new Map());
    this.underlyings.set(spec.underlying, data.withMarket(spec));
    this.refreshMarks(spec.underlying);
    return true;
  }

  hasMarket(symbol: string): boolean {
    return this.markets.has(symbol);
  }

  /** Loads (or replaces) an account. */
  loadAccount(load: AccountLoad): void {
    const previous = this.accounts.get(load.accountId);
    if (previous) for (const market of previous.markets()) this.holders.get(market)?.delete(load.accountId);
    // Revisions count per account book: a new book's may repeat the old one's.
    this.summaries.delete(load.accountId);
    this.gateStates.delete(load.accountId);
    const account = new AccountBook(
      load.accountId,
      load.collateralMicro,
      (market) => this.market(market).units,
      load.marginMode ?? 'standard',
    );
    for (const { market, position } of load.positions) {
      this.market(market);
      account.setPosition(market, position);
    }
    for (const order of load.openOrders) {
      this.market(order.market);
      account.addOrder(order, true);
    }
    for (const holders of this.spotHolders.values()) holders.delete(load.accountId);
    for (const { asset, amount } of load.spot ?? []) {
      account.setSpot(asset, amount);
      if (amount > 0n) this.spotHolders.set(asset, (this.spotHolders.get(asset) ?? new Set()).add(load.accountId));
    }
    this.accounts.set(load.accountId, account);
    for (const market of account.markets()) this.track(account, market);
  }

  hasAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  accountIds(): string[] {
    return [...this.accounts.keys()].sort();
  }

  marginModeOf(accountId: string): MarginMode {
    return this.account(accountId).marginMode;
  }

  positionOf(accountId: string, market: string): Position {
    return this.accounts.get(accountId)?.position(market) ?? FLAT;
  }

  openOrdersOf(accountId: string): OpenOrder[] {
    return this.accounts.get(accountId)?.allOrders() ?? [];
  }

  markPrice(market: string): number | undefined {
    return this.marks.get(market);
  }

  /** Sets a perpetual's or future's mark in micro-USDC; returns the accounts holding its underlying. */
  setMarkPrice(market: string, priceMicro: number): string[] {
    const { spec } = this.market(market);
    if (spec.kind === 'option') throw new Error(`${market}: an option's mark comes from the volatility surface`);
    const data = this.data(spec.underlying).withLinearMark(market, checkedMark(market, priceMicro));
    this.underlyings.set(spec.underlying, data);
    return this.refreshMarks(spec.underlying);
  }

  /** Takes an index and marks update for every market of its underlying; returns the accounts affected. */
  applyPriceUpdate(update: PriceUpdate): string[] {
    const next = this.priced(update);
    if (!next) return [];
    this.underlyings.set(update.underlying, next);
    return this.refreshMarks(update.underlying);
  }

  /**
   * The mark commands that tell the books of the update's underlying its marks (in ticks, to the
   * nearest tick), so their price bands and mark triggers move with the marks margin uses. Changes
   * nothing: the caller sends them before applying the update.
   */
  markCommands(update: PriceUpdate): MarkPriceCommand[] {
    const next = this.priced(update);
    return next ? this.markCommandsAt(next) : [];
  }

  /** Takes a new volatility surface of an underlying: options are marked and margined from it. */
  applySurface(underlying: string, surface: VolSurface): string[] {
    this.underlyings.set(underlying, this.data(underlying).withSurface(surface));
    return this.refreshMarks(underlying);
  }

  /** The option marks a new surface gives, as commands for the books; changes nothing. */
  surfaceMarkCommands(underlying: string, surface: VolSurface): MarkPriceCommand[] {
    return this.markCommandsAt(this.data(underlying).withSurface(surface), 'option');
  }

  hasUnderlying(underlying: string): boolean {
    return this.underlyings.has(underlying);
  }

  /** A mark command for every market with a mark, in symbol order (what a restarted service re-sends once). */
  currentMarkCommands(): MarkPriceCommand[] {
    return [...this.marks]
      .sort(byFirst)
      .flatMap(([symbol, priceMicro]) => markCommand(this.market(symbol), priceMicro));
  }

  /** Throws for an unknown account, or while a market the account holds has no mark yet. */
  evaluate(accountId: string): MarginSummary {
    return this.summarize(this.account(accountId));
  }

  /** The account's margin state; null while a market it holds has no mark to value it at. */
  marginState(accountId: string, timestampMs: number): AccountMarginState | null {
    const account = this.account(accountId);
    if (this.unmarkedMarket(account) !== undefined) return null;
    const summary = this.summarize(account);
    const { equity, maintenanceEquity, maintenanceMargin } = summary;
    return {
      accountId,
      marginMode: summary.marginMode,
      paramsVersion: this.paramsVersion,
      collateral: summary.collateral.toString(),
      unrealizedPnl: summary.unrealizedPnl.toString(),
      equity: equity.toString(),
      maintenanceEquity: maintenanceEquity.toString(),
      initialMargin: summary.initialMargin.toString(),
      maintenanceMargin: maintenanceMargin.toString(),
      available: summary.available.toString(),
      marginRatio: maintenanceEquity > 0n ? Number(maintenanceMargin) / Number(maintenanceEquity) : null,
      belowMaintenance: maintenanceEquity < maintenanceMargin,
      units: summary.units.map(({ unit, initial, maintenance }) => ({
        unit,
        initialMargin: initial.toString(),
        maintenanceMargin: maintenance.toString(),
      })),
      timestampMs,
    };
  }

  /**
   * A sub-account switches margin model: applied when equity covers the initial margin under the
   * new model (or the new model asks less), rejected with the shortfall otherwise.
   */
  setMarginMode(command: SetMarginMode): MarginAnswer {
    const account = this.accounts.get(command.accountId);
    const unmarked = account && this.unmarkedMarket(account);
    return marginModeAnswer(command, account, unmarked, (book) => this.summarize(book));
  }

  /** What-if margin of hypothetical positions, optionally on top of the account's own. */
  simulate(request: SimulationRequest): SimulationAnswer {
    return simulateMargin(request, {
      account: (accountId) => this.accounts.get(accountId),
      market: (symbol) => this.markets.get(symbol),
      mark: (symbol) => this.marks.get(symbol),
      data: (underlying) => this.data(underlying),
      hasPrice: (underlying) => this.underlyings.get(underlying)?.indexMicro !== undefined,
      paramsVersion: this.paramsVersion,
    });
  }

  /**
   * The pre-trade gate. An accepted order is held at once, as an open order, until the matching
   * engine reports it rejected, done or fully filled. An amend that adds risk (a new price or more
   * open lots) is margin-checked and held on its new terms until the book answers; other amends,
   * cancels and cancel-alls are never margin-checked. Accepted commands come back with their
   * market filled in: a cancel by client order id names the order, and a cancel-all of every
   * market becomes one per market.
   */
  checkCommand(command: TraderCommand): OrderCheck {
    const account = this.accounts.get(command.accountId);
    if (!account) {
      return reject(
        command,
        RejectCode.UNKNOWN_ACCOUNT,
        `account ${command.accountId} is not known to the risk engine`,
      );
    }
    switch (command.kind) {
      case 'place':
        return this.checkPlace(account, command);
      case 'cancel':
        return this.checkCancel(account, command);
      case 'amend':
        return this.checkAmend(account, command);
      case 'cancel_all':
        return this.checkCancelAll(account, command);
    }
  }

  /** Applies one batch of matching events; events at or below the market's last applied seq are skipped. */
  applyMatchingEvents(batch: MatchingEventBatch): string[] {
    const market = this.market(batch.market);
    const affected = new Set<string>();
    for (const event of batch.events) {
      if (event.seq <= this.lastSeq(batch.market)) continue;
      this.applyEvent(market, event, affected);
      this.lastSeqs.set(batch.market, event.seq);
    }
    return [...affected];
  }

  /** The last matching-event seq applied for a market (0 before any). */
  lastSeq(market: string): number {
    return this.lastSeqs.get(market) ?? 0;
  }

  /**
   * Starts a market's event stream after `seq`: the sequence the loaded accounts already reflect
   * (settlement's last applied seq), so replayed events up to it are skipped.
   */
  restoreSequence(market: string, seq: number): void {
    this.market(market);
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`${market}: seq ${seq} is not a sequence number`);
    this.lastSeqs.set(market, seq);
  }

  /** A hash of the whole state, for replay tests: equal states hash equal whatever path led there. */
  stateHash(): string {
    const accounts = [...this.accounts.values()].map((account) => account.canonical()).sort(byFirst);
    const marks = [...this.marks].sort(byFirst);
    const seqs = [...this.lastSeqs].sort(byFirst);
    return fnv1a32(JSON.stringify([accounts, marks, seqs]));
  }

  private checkCancel(account: AccountBook, command: CancelOrder): OrderCheck {
    const byClientId = command.clientOrderId !== undefined;
    const orderId = byClientId ? account.orderIdOf(command.clientOrderId as string) : command.orderId;
    const order = orderId === undefined ? undefined : account.order(orderId);
    if (!order) {
      const which = byClientId ? `with client order id ${command.clientOrderId}` : command.orderId;
      return reject(command, RejectCode.UNKNOWN_ORDER, `order ${which} is not open`);
    }
    const { kind, requestId, accountId, receivedAtUs } = command;
    return forward({ kind, requestId, orderId: order.orderId, accountId, market: order.market, receivedAtUs });
  }

  private checkPlace(account: AccountBook, command: PlaceOrder): OrderCheck {
    if (!this.markets.has(command.market)) {
      return reject(command, RejectCode.UNKNOWN_MARKET, `market ${command.market} is not known to the risk engine`);
    }
    const { spec } = this.market(command.market);
    if (!this.data(spec.underlying).isLive(spec)) {
      return reject(command, RejectCode.MARKET_NOT_ACCEPTING_ORDERS, `${command.market} has expired`);
    }
    const unmarked = this.unmarkedMarket(account, command.market);
    if (unmarked !== undefined) return reject(command, RejectCode.NO_MARK_PRICE, `no mark price for ${unmarked} yet`);
    if (account.order(command.orderId)) {
      return reject(command, RejectCode.DUPLICATE_ORDER_ID, `order ${command.orderId} is already open`);
    }
    if (command.clientOrderId !== null && account.hasClientOrderId(command.clientOrderId)) {
      return reject(
        command,
        RejectCode.DUPLICATE_CLIENT_ORDER_ID,
        `client order id ${command.clientOrderId} is already used by an open order`,
      );
    }
    const order: OpenOrder = {
      orderId: command.orderId,
      market: command.market,
      side: command.side,
      priceTicks: heldPrice(command.priceTicks, command.trigger),
      sizeLots: command.sizeLots,
      remainingLots: command.sizeLots,
      clientOrderId: command.clientOrderId,
    };
    const reducible = command.reduceOnly ? reducibleLots(command.side, account.position(command.market).sizeLots) : 0;
    if (reducible > 0) {
      // It can only shrink the position (the book caps it to what it closes): no margin to check.
      const lots = Math.min(command.sizeLots, reducible);
      account.addOrder({ ...order, sizeLots: lots, remainingLots: lots }, false);
      this.track(account, command.market);
      return forward(command);
    }
    if (account.marginMode === 'portfolio') return this.checkPortfolioPlace(account, command, order);
    return this.checkMargin(
      account,
      command,
      () => account.addOrder(order, false),
      () => account.removeOrder(order.orderId),
    );
  }

  /**
   * The portfolio gate's fast path: the order joins its side of the unit's cached gate state in one
   * pass over the scenarios; on acceptance that state is kept for the next check.
   */
  private checkPortfolioPlace(account: AccountBook, command: PlaceOrder, order: OpenOrder): OrderCheck {
    const market = this.market(command.market);
    const unit = market.spec.underlying;
    const data = this.data(unit);
    const before = this.summarize(account);
    const state = this.gateState(account, unit);
    account.addOrder(order, false);
    const after = withOpenOrder(data.scenarioBook(), state, openOrderLeg(data, market, order));
    const initialAfter = before.initialMargin - state.initial + after.initial;
    if (before.equity >= initialAfter || after.initial <= state.initial) {
      this.rememberGate(account, unit, data, after, {
        ...before,
        initialMargin: initialAfter,
        available: before.equity - initialAfter,
        units: before.units.map((row) => (row.unit === unit ? { ...row, initial: after.initial } : row)),
      });
      this.track(account, command.market);
      return forward(command);
    }
    account.removeOrder(order.orderId);
    // The account holds what it held before: its states before still stand.
    this.rememberGate(account, unit, data, state, before);
    return insufficientMargin(command, initialAfter, before.equity, before.available);
  }

  /** Keeps what the gate measured as the account's current gate state and summary. */
  private rememberGate(
    account: AccountBook,
    unit: string,
    data: UnderlyingData,
    state: HedgeFirstGateState,
    summary: MarginSummary,
  ): void {
    this.gateStates.set(account.accountId, { data, revision: account.revision, unit, state });
    this.remember(account, summary);
  }

  private remember(account: AccountBook, summary: MarginSummary): void {
    const entry = { revision: account.revision, marksEpoch: this.marksEpoch, cash: account.collateral, summary };
    this.summaries.set(account.accountId, entry);
  }

  private checkAmend(account: AccountBook, command: AmendOrder): OrderCheck {
    const order = account.order(command.orderId);
    if (!order || order.market !== command.market) {
      return reject(command, RejectCode.UNKNOWN_ORDER, `order ${command.orderId} is not open in ${command.market}`);
    }
    const terms = amendedTerms(order, command);
    if (terms === null || !addsRisk(order, terms)) {
      // The book refuses it or it takes risk away: the booked terms stay held until the book answers.
      account.amendSent(order.orderId, null);
      return forward(command);
    }
    const unmarked = this.unmarkedMarket(account, order.market);
    if (unmarked !== undefined) return reject(command, RejectCode.NO_MARK_PRICE, `no mark price for ${unmarked} yet`);
    const amended = { ...order, ...terms };
    const check = this.checkMargin(
      account,
      command,
      () => account.revalue(amended),
      () => account.revalue(order),
    );
    if (check.ok) account.amendSent(order.orderId, amended);
    return check;
  }

  /** One cancel-all per market with open orders, or per listed market when there are none, so one always answers. */
  private checkCancelAll(account: AccountBook, command: CancelAllOrders): OrderCheck {
    if (command.market !== null) {
      return this.markets.has(command.market)
        ? forward(command)
        : reject(command, RejectCode.UNKNOWN_MARKET, `market ${command.market} is not known to the risk engine`);
    }
    const withOrders = new Set(account.allOrders().map((order) => order.market));
    const markets = withOrders.size > 0 ? [...withOrders] : [...this.markets.keys()];
    return forward(...markets.sort().map((market) => ({ ...command, market })));
  }

  /**
   * Makes a change to the account's orders in one market (`apply`) and keeps it when equity covers
   * the initial margin afterwards, or when it does not add risk; otherwise undoes it and rejects.
   */
  private checkMargin(
    account: AccountBook,
    command: PlaceOrder | AmendOrder,
    apply: () => void,
    undo: () => void,
  ): OrderCheck {
    const before = this.summarize(account);
    const unit = unitKeyOf(account.marginMode, this.market(command.market).spec);
    const unitBefore = before.units.find((row) => row.unit === unit) ?? { initial: 0n, maintenance: 0n };
    apply();
    // Only the command's margin unit changes, so the account's totals move by that unit's difference.
    const unitAfter = this.unitRequirement(account, unit);
    const initialAfter = before.initialMargin - unitBefore.initial + unitAfter.initial;
    const maintenanceAfter = before.maintenanceMargin - unitBefore.maintenance + unitAfter.maintenance;
    // Risk goes down when the requirement that counts open orders does: under standard margin both
    // do, under portfolio margin only IM (MM is the positions' alone).
    const reducesRisk =
      account.marginMode === 'standard'
        ? maintenanceAfter <= before.maintenanceMargin
        : initialAfter <= before.initialMargin;
    if (before.equity >= initialAfter || reducesRisk) {
      this.track(account, command.market);
      return forward(command);
    }
    undo();
    return insufficientMargin(command, initialAfter, before.equity, before.available);
  }

  /** A market of the account (and `market`, when given) without a mark to value it at. */
  private unmarkedMarket(account: AccountBook, market?: string): string | undefined {
    if (market !== undefined && !this.marks.has(market)) return market;
    // A summary still valid was measured with a mark for every market the account holds.
    const cached = this.summaries.get(account.accountId);
    if (cached && cached.revision === account.revision && cached.marksEpoch === this.marksEpoch) return undefined;
    for (const symbol of account.markets()) if (!this.marks.has(symbol)) return symbol;
    return undefined;
  }

  private applyEvent(market: RiskMarket, event: MatchingEvent, affected: Set<string>): void {
    const symbol = market.spec.symbol;
    switch (event.type) {
      case 'accepted':
        this.update(event.accountId, symbol, affected, (account) => accept(account, symbol, event));
        return;
      case 'rejected':
        this.update(event.accountId, symbol, affected, (account) => refuse(account, event.orderId));
        return;
      case 'done':
        this.update(event.accountId, symbol, affected, (account) => account.removeOrder(event.orderId));
        return;
      case 'rested': {
        // A post-only order may rest at a price other than its own: one tick behind the best price.
        const { priceTicks, remainingLots } = event;
        this.update(event.accountId, symbol, affected, (account) =>
          account.rebook(event.orderId, { priceTicks, remainingLots }),
        );
        return;
      }
      case 'triggered':
        this.update(event.accountId, symbol, affected, (account) => {
          // A reduce-only order fires capped to the position: its size shrinks by what was cut.
          const order = account.bookedOrder(event.orderId);
          if (!order) return;
          const cut = order.remainingLots - event.remainingLots;
          account.rebook(event.orderId, { sizeLots: order.sizeLots - cut, remainingLots: event.remainingLots });
        });
        return;
      case 'amended': {
        const { priceTicks, sizeLots, remainingLots } = event;
        this.update(event.accountId, symbol, affected, (account) =>
          event.reason === 'amend'
            ? account.amendAnswered(event.orderId, { priceTicks, sizeLots, remainingLots })
            : account.rebook(event.orderId, { priceTicks, sizeLots, remainingLots }),
        );
        return;
      }
      case 'fill':
        this.applyFill(market, event, affected);
        return;
      case 'book':
      case 'status':
        return;
    }
  }

  private applyFill(market: RiskMarket, fill: FillEvent, affected: Set<string>): void {
    const symbol = market.spec.symbol;
    const settlement = settleFill(
      fill,
      market.spec,
      this.positionOf(fill.maker.accountId, symbol),
      this.positionOf(fill.taker.accountId, symbol),
      this.fees,
    );
    const settle = (party: FillParty, side: SettledSide) =>
      this.update(party.accountId, symbol, affected, (account) => {
        account.setPosition(symbol, side.position);
        account.collateral += side.cashDelta;
        account.fill(party.orderId, fill.sizeLots, party.remainingLots);
      });
    // Maker first: in a self-trade the taker's position already includes the maker's leg.
    settle(fill.maker, settlement.maker);
    settle(fill.taker, settlement.taker);
  }

  /** Applies a change to a known account's holdings in a market; accounts the engine does not hold are skipped. */
  private update(
    accountId: string,
    market: string,
    affected: Set<string>,
    change: (account: AccountBook) => void,
  ): void {
    const account = this.accounts.get(accountId);
    if (!account) return;
    change(account);
    this.track(account, market);
    affected.add(accountId);
  }

  private track(account: AccountBook, market: string): void {
    let holders = this.holders.get(market);
    if (!holders) {
      holders = new Set();
      this.holders.set(market, holders);
    }
    if (account.holds(market)) holders.add(account.accountId);
    else holders.delete(account.accountId);
  }

  /** The account's margin, cached until its holdings, its collateral or any mark changes. */
  private summarize(account: AccountBook): MarginSummary {
    const cached = this.summaries.get(account.accountId);
    if (
      cached &&
      cached.revision === account.revision &&
      cached.marksEpoch === this.marksEpoch &&
      cached.cash === account.collateral
    ) {
      return cached.summary;
    }
    const summary = this.measure(account);
    this.remember(account, summary);
    return summary;
  }

  private measure(account: AccountBook): MarginSummary {
    let unrealized = 0n;
    const units = new Set<string>();
    for (const market of account.markets()) {
      const { spec } = this.market(market);
      unrealized += unrealizedPnl(account.position(market), this.mark(market), spec);
      units.add(unitKeyOf(account.marginMode, spec));
    }
    let spotInitial = 0n;
    let spotMaintenance = 0n;
    for (const [asset, amount] of account.spotBalances()) {
      const value = spotCollateralValue(asset, amount, this.underlyings.get(asset)?.indexMicro);
      spotInitial += value.initial;
      spotMaintenance += value.maintenance;
      // Under portfolio margin, coins are a long delta in their own risk unit once it has a price.
      if (account.marginMode === 'portfolio' && this.underlyings.get(asset)?.indexMicro !== undefined) units.add(asset);
    }
    const rows = [...units].sort().map((unit) => ({ unit, ...this.unitRequirement(account, unit) }));
    const initialMargin = rows.reduce((sum, row) => sum + row.initial, 0n);
    const maintenanceMargin = rows.reduce((sum, row) => sum + row.maintenance, 0n);
    const equity = account.collateral + spotInitial + unrealized;
    return {
      marginMode: account.marginMode,
      collateral: account.collateral + spotInitial,
      unrealizedPnl: unrealized,
      equity,
      maintenanceEquity: account.collateral + spotMaintenance + unrealized,
      initialMargin,
      maintenanceMargin,
      available: equity - initialMargin,
      units: rows,
    };
  }

  /** The requirement of one margin unit of the account: a market (standard) or an underlying (portfolio). */
  private unitRequirement(account: AccountBook, unit: string): MarginRequirement {
    if (account.marginMode === 'standard') {
      const market = this.market(unit);
      const orders = account.ordersIn(unit);
      const positionLots = account.position(unit).sizeLots;
      return standardMarketMargin(this.data(market.spec.underlying), market, positionLots, orders, this.mark(unit));
    }
    return this.gateState(account, unit);
  }

  /**
   * The portfolio gate state of one of the account's units: the cached one while neither the account
   * nor the underlying's data changed since, else built afresh.
   */
  private gateState(account: AccountBook, unit: string): HedgeFirstGateState {
    const data = this.data(unit);
    const cached = this.gateStates.get(account.accountId);
    if (cached && cached.unit === unit && cached.data === data && cached.revision === account.revision) {
      return cached.state;
    }
    const state = portfolioGateState(data, this.holdingsIn(account, unit));
    this.gateStates.set(account.accountId, { data, revision: account.revision, unit, state });
    return state;
  }

  private holdingsIn(account: AccountBook, underlying: string): UnitHoldings {
    const markets = [...account.markets()].map((symbol) => this.market(symbol));
    const inUnit = markets.filter(({ spec }) => spec.underlying === underlying);
    const spot = account.spotBalances().get(underlying);
    return {
      spotCoins: spot === undefined ? 0 : spotCoins(underlying, spot),
      positions: inUnit.map((market) => ({ market, sizeLots: account.position(market.spec.symbol).sizeLots })),
      orders: inUnit.flatMap((market) =>
        account
          .ordersIn(market.spec.symbol)
          .all()
          .map((order) => ({ market, order })),
      ),
    };
  }

  /** The underlying's data with the update's prices, or null for an underlying without markets here. */
  private priced(update: PriceUpdate): UnderlyingData | null {
    const data = this.underlyings.get(update.underlying);
    if (!data) return null;
    if (!(Number.isSafeInteger(update.indexPrice) && update.indexPrice > 0)) {
      throw new RangeError(`${update.underlying}: index ${update.indexPrice} is not a positive integer of micro-USDC`);
    }
    for (const spec of data.markets.values()) {
      if (spec.kind !== 'option') checkedMark(spec.symbol, markPriceOf(update, spec.symbol));
    }
    return data.withPrice(update);
  }

  /**
   * Re-marks every market of the underlying from its data; returns the accounts holding any of
   * them (under portfolio margin a price of one market moves the whole unit). An expired market
   * keeps its last mark until it is settled; a live option without a smile loses its mark.
   */
  private refreshMarks(underlying: string): string[] {
    this.marksEpoch += 1;
    const data = this.data(underlying);
    const affected = new Set<string>();
    for (const spec of data.markets.values()) {
      const mark = data.markMicro(spec);
      if (mark !== undefined) this.marks.set(spec.symbol, mark);
      else if (data.isLive(spec)) this.marks.delete(spec.symbol);
      for (const accountId of this.holders.get(spec.symbol) ?? []) affected.add(accountId);
    }
    for (const accountId of this.spotHolders.get(underlying) ?? []) affected.add(accountId);
    return [...affected].sort();
  }

  private markCommandsAt(data: UnderlyingData, only?: MarketSpec['kind']): MarkPriceCommand[] {
    return [...data.markets.values()]
      .filter((spec) => only === undefined || spec.kind === only)
      .flatMap((spec) => {
        const mark = data.markMicro(spec);
        return mark === undefined ? [] : markCommand(this.market(spec.symbol), mark);
      });
  }

  private data(underlying: string): UnderlyingData {
    const data = this.underlyings.get(underlying);
    if (!data) throw new Error(`no market of ${underlying} is known to the risk engine`);
    return data;
  }

  private account(accountId: string): AccountBook {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`account ${accountId} is not loaded`);
    return account;
  }

  private market(symbol: string): RiskMarket {
    const market = this.markets.get(symbol);
    if (!market) throw new Error(`market ${symbol} is not known to the risk engine`);
    return market;
  }

  private mark(market: string): number {
    const mark = this.marks.get(market);
    if (mark === undefined) throw new Error(`no mark price for ${market} yet`);
    return mark;
  }
}

/** JSON with keys sorted at every level: equal structures give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(byFirst))
      : inner,
  );
}

function checkedMark(market: string, priceMicro: number): number {
  if (!Number.isSafeInteger(priceMicro) || priceMicro <= 0) {
    throw new RangeError(`${market}: mark ${priceMicro} is not a positive integer of micro-USDC`);
  }
  return priceMicro;
}

/** The mark in whole ticks, half a tick rounding up; none for a mark under half a tick (a book takes no 0). */
function markCommand({ spec, units }: RiskMarket, priceMicro: number): MarkPriceCommand[] {
  const priceTicks = Number((2n * BigInt(priceMicro) + units.microPerTick) / (2n * units.microPerTick));
  return priceTicks > 0 ? [{ kind: 'mark', market: spec.symbol, priceTicks }] : [];
}

/** Where an order would trade: its limit, a stop-market's trigger; null (at the mark) for a plain market order. */
function heldPrice(priceTicks: number | null, trigger: OrderTrigger | undefined): number | null {
  if (priceTicks !== null || trigger === undefined) return priceTicks;
  return Number.isSafeInteger(trigger.priceTicks) && trigger.priceTicks > 0 ? trigger.priceTicks : null;
}

/** Lots a reduce-only order on `side` can close: 0 when the position is flat or on its side. */
function reducibleLots(side: Side, positionLots: number): number {
  return Math.max(0, side === 'sell' ? positionLots : -positionLots);
}

/** The terms an amend asks for (its size is the new total, filled lots included); null when the book will refuse it. */
function amendedTerms(order: OpenOrder, command: AmendOrder): OrderTerms | null {
  if (order.priceTicks === null) return null;
  const priceTicks = command.priceTicks ?? order.priceTicks;
  const sizeLots = command.sizeLots ?? order.sizeLots;
  const remainingLots = sizeLots - (order.sizeLots - order.remainingLots);
  const whole = (value: number) => Number.isSafeInteger(value) && value > 0;
  return whole(priceTicks) && whole(sizeLots) && remainingLots > 0 ? { priceTicks, sizeLots, remainingLots } : null;
}

const addsRisk = (order: OpenOrder, terms: OrderTerms): boolean =>
  terms.priceTicks !== order.priceTicks || terms.remainingLots > order.remainingLots;

/** The book took an order: its terms become the book's; one the engine never held (placed before a restart) is held now. */
function accept(account: AccountBook, market: string, event: OrderAcceptedEvent): void {
  const terms = { sizeLots: event.sizeLots, remainingLots: event.sizeLots };
  if (account.bookedOrder(event.orderId)) {
    account.confirm(event.orderId);
    account.rebook(event.orderId, terms);
    return;
  }
  const { orderId, side, clientOrderId } = event;
  account.addOrder(
    { orderId, market, side, priceTicks: heldPrice(event.priceTicks, event.trigger), clientOrderId, ...terms },
    true,
  );
}

/**
 * The book refused a command naming this order: a new order's placement (never confirmed), or an
 * amend of an open one, whose terms are then no longer held. Anything else changes no hold.
 */
function refuse(account: AccountBook, orderId: string): void {
  if (!account.bookedOrder(orderId)) return;
  if (!account.isConfirmed(orderId)) account.removeOrder(orderId);
  else if (account.hasAmendInFlight(orderId)) account.amendAnswered(orderId, null);
}
