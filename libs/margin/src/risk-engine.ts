import {
  type AccountMarginState,
  type AmendOrder,
  type CancelAllOrders,
  type CancelOrder,
  type FillEvent,
  type FillParty,
  type InstrumentMark,
  type MarkPriceCommand,
  type MatchingEvent,
  type MatchingEventBatch,
  type PlaceOrder,
  type PriceUpdate,
  type SetMarginMode,
  type TraderCommand,
} from '@exchange/contracts';
import { type MarketSpec, RejectCode } from '@exchange/domain';
import {
  DEFAULT_FEE_SCHEDULE,
  FLAT,
  type FeeSchedule,
  type Position,
  type SettledSide,
  settleFill,
} from '@exchange/ledger';
import { AccountBook } from './account-book';
import { AccountMargins, type MarginSummary } from './engine/account-margins';
import { acceptedByBook, addsRisk, amendedTerms, heldPrice, reducibleLots, refusedByBook } from './engine/held-orders';
import { type MarginAnswer, marginModeAnswer } from './engine/margin-mode';
import { MarketBoard, type MarginParamsByUnderlying } from './engine/market-board';
import { type SimulationAnswer, type SimulationRequest, simulateMargin } from './engine/simulation';
import { type UnderlyingData, instrumentMarkOf } from './engine/underlying-data';
import { type RiskMarket, openOrderLeg, unitKeyOf } from './engine/unit-margin';
import type { OpenOrder } from './open-orders';
import {
  type HedgeFirstGateState,
  withFilledOrder,
  withOpenOrder,
  withoutOpenOrder,
} from './portfolio/hedge-first-gate';
import type { PortfolioMarginParams } from './portfolio/params';
import type { VolSurface } from './pricing/vol-surface';
import { type OrderCheck, forward, insufficientMargin, reject } from './rejections';
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

export type { MarginParamsByUnderlying };
export type { MarginSummary, UnitSummary } from './engine/account-margins';

/**
 * The pure risk engine behind portfolio-margin: holds every account's collateral, positions and
 * open orders and each underlying's market data, gates new orders on margin (R1) and follows the
 * matching engine's events (R2). Each account is margined under the model it chose: standard
 * margin per market, or hedge-first portfolio margin per underlying. Deterministic: the same
 * inputs in the same order give the same state and `stateHash()`.
 */
export class RiskEngine {
  private readonly board: MarketBoard;
  private readonly accounts = new Map<string, AccountBook>();
  /** Per market, the accounts holding a position or an order there: whom a price move affects. */
  private readonly holders = new Map<string, Set<string>>();
  /** Per asset, the accounts holding coins of it as collateral: whom its index moves. */
  private readonly spotHolders = new Map<string, Set<string>>();
  private readonly lastSeqs = new Map<string, number>();
  private readonly margins: AccountMargins;

  constructor(
    markets: readonly MarketSpec[],
    params?: MarginParamsByUnderlying,
    private readonly fees: FeeSchedule = DEFAULT_FEE_SCHEDULE,
  ) {
    this.board = new MarketBoard(params);
    this.margins = new AccountMargins(this.board);
    for (const spec of markets) this.board.addMarket(spec);
  }

  /** Every underlying's parameter version, echoed in every margin state. */
  get paramsVersion(): string {
    return this.board.paramsVersion;
  }

  /** The parameters in force, by underlying. */
  currentParams(): MarginParamsByUnderlying {
    return this.board.currentParams();
  }

  /**
   * Staff replaced an underlying's parameters with a new version: its markets are margined with them
   * from now on. Returns the accounts holding it, to revalue.
   */
  setParams(params: PortfolioMarginParams): string[] {
    return this.holdersOf(this.board.setParams(params));
  }

  /** Lists a market (staff listed it, or it was in the table at start); false when it was known already. */
  addMarket(spec: MarketSpec): boolean {
    return this.board.addMarket(spec);
  }

  hasMarket(symbol: string): boolean {
    return this.board.has(symbol);
  }

  /** Loads (or replaces) an account. */
  loadAccount(load: AccountLoad): void {
    const previous = this.accounts.get(load.accountId);
    if (previous) for (const market of previous.markets()) this.holders.get(market)?.delete(load.accountId);
    // Revisions count per account book: a new book's may repeat the old one's.
    this.margins.forget(load.accountId);
    const account = new AccountBook(
      load.accountId,
      load.collateralMicro,
      (market) => this.board.market(market).units,
      load.marginMode ?? 'standard',
    );
    for (const { market, position } of load.positions) {
      this.board.market(market);
      account.setPosition(market, position);
    }
    for (const order of load.openOrders) {
      this.board.market(order.market);
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
    return this.board.markPrice(market);
  }

  /** Sets a perpetual's or future's mark in micro-USDC; returns the accounts holding its underlying. */
  setMarkPrice(market: string, priceMicro: number): string[] {
    return this.holdersOf(this.board.setMarkPrice(market, priceMicro));
  }

  /** Takes an index and marks update for every market of its underlying; returns the accounts affected. */
  applyPriceUpdate(update: PriceUpdate): string[] {
    return this.holdersOf(this.board.applyPriceUpdate(update));
  }

  /** The mark commands an update gives the books of its underlying; changes nothing (sent before it is applied). */
  markCommands(update: PriceUpdate): MarkPriceCommand[] {
    return this.board.markCommands(update);
  }

  /** Takes a new volatility surface of an underlying: options are marked and margined from it. */
  applySurface(underlying: string, surface: VolSurface): string[] {
    return this.holdersOf(this.board.applySurface(underlying, surface));
  }

  /** The option marks a new surface gives, as commands for the books; changes nothing. */
  surfaceMarkCommands(underlying: string, surface: VolSurface): MarkPriceCommand[] {
    return this.board.surfaceMarkCommands(underlying, surface);
  }

  /** A mark command for every market with a mark, in symbol order (what a restarted service re-sends once). */
  currentMarkCommands(): MarkPriceCommand[] {
    return this.board.currentMarkCommands();
  }

  /** Throws for an unknown account, or while a market the account holds has no mark yet. */
  evaluate(accountId: string): MarginSummary {
    return this.margins.summarize(this.account(accountId));
  }

  /** The account's margin state; null while a market it holds has no mark to value it at. */
  marginState(accountId: string, timestampMs: number): AccountMarginState | null {
    const account = this.account(accountId);
    if (this.margins.unmarkedMarket(account) !== undefined) return null;
    const summary = this.margins.summarize(account);
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
      marks: Object.fromEntries(
        [...account.markets()].sort().map((symbol) => [symbol, this.board.mark(symbol).toString()]),
      ),
      timestampMs,
    };
  }

  /**
   * A sub-account switches margin model: applied when equity covers the initial margin under the
   * new model (or the new model asks less), rejected with the shortfall otherwise.
   */
  setMarginMode(command: SetMarginMode): MarginAnswer {
    const account = this.accounts.get(command.accountId);
    const unmarked = account && this.margins.unmarkedMarket(account);
    return marginModeAnswer(command, account, unmarked, (book) => this.margins.summarize(book));
  }

  /** A market's mark with what it was priced from (an option's vol and Greeks); null while it has no mark. */
  instrumentMark(symbol: string): InstrumentMark | null {
    const market = this.board.find(symbol);
    const mark = this.board.markPrice(symbol);
    const indexMicro = market && this.board.indexMicro(market.spec.underlying);
    if (!market || mark === undefined || indexMicro === undefined) return null;
    return instrumentMarkOf(this.board.data(market.spec.underlying), market.spec, mark, indexMicro);
  }

  /** What-if margin of hypothetical positions, optionally on top of the account's own. */
  simulate(request: SimulationRequest): SimulationAnswer {
    return simulateMargin(request, {
      account: (accountId) => this.accounts.get(accountId),
      market: (symbol) => this.board.find(symbol),
      mark: (symbol) => this.board.markPrice(symbol),
      data: (underlying) => this.board.data(underlying),
      hasPrice: (underlying) => this.board.indexMicro(underlying) !== undefined,
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
    const market = this.board.market(batch.market);
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
    this.board.market(market);
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`${market}: seq ${seq} is not a sequence number`);
    this.lastSeqs.set(market, seq);
  }

  /** A hash of the whole state, for replay tests: equal states hash equal whatever path led there. */
  stateHash(): string {
    const accounts = [...this.accounts.values()].map((account) => account.canonical()).sort(byFirst);
    const marks = this.board.sortedMarks();
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
    if (!this.board.has(command.market)) {
      return reject(command, RejectCode.UNKNOWN_MARKET, `market ${command.market} is not known to the risk engine`);
    }
    const { spec } = this.board.market(command.market);
    if (!this.board.data(spec.underlying).isLive(spec)) {
      return reject(command, RejectCode.MARKET_NOT_ACCEPTING_ORDERS, `${command.market} has expired`);
    }
    const unmarked = this.margins.unmarkedMarket(account, command.market);
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
    const market = this.board.market(command.market);
    const unit = market.spec.underlying;
    const data = this.board.data(unit);
    const before = this.margins.summarize(account);
    const state = this.margins.gateState(account, unit);
    account.addOrder(order, false);
    const after = withOpenOrder(data.scenarioBook(), state, openOrderLeg(data, market, order));
    const initialAfter = before.initialMargin - state.initial + after.initial;
    if (before.equity >= initialAfter || after.initial <= state.initial) {
      this.margins.rememberGate(account, unit, data, after, {
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
    this.margins.rememberGate(account, unit, data, state, before);
    return insufficientMargin(command, initialAfter, before.equity, before.available);
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
    const unmarked = this.margins.unmarkedMarket(account, order.market);
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
      return this.board.has(command.market)
        ? forward(command)
        : reject(command, RejectCode.UNKNOWN_MARKET, `market ${command.market} is not known to the risk engine`);
    }
    const withOrders = new Set(account.allOrders().map((order) => order.market));
    const markets = withOrders.size > 0 ? [...withOrders] : this.board.symbols();
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
    const before = this.margins.summarize(account);
    const unit = unitKeyOf(account.marginMode, this.board.market(command.market).spec);
    const unitBefore = before.units.find((row) => row.unit === unit) ?? { initial: 0n, maintenance: 0n };
    apply();
    // Only the command's margin unit changes, so the account's totals move by that unit's difference.
    const unitAfter = this.margins.unitRequirement(account, unit);
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

  private applyEvent(market: RiskMarket, event: MatchingEvent, affected: Set<string>): void {
    const symbol = market.spec.symbol;
    switch (event.type) {
      case 'accepted':
        this.update(event.accountId, symbol, affected, (account) => acceptedByBook(account, symbol, event));
        return;
      case 'rejected':
        this.update(event.accountId, symbol, affected, (account) => refusedByBook(account, event.orderId));
        return;
      case 'done':
        this.update(event.accountId, symbol, affected, (account) => {
          const carried = this.carryGate(account, market, event.orderId, event.remainingLots, 0, 'cancel');
          account.removeOrder(event.orderId);
          if (carried) this.margins.keepGate(account, ...carried);
        });
        return;
      case 'rested': {
        // A post-only order may rest at a price other than its own: one tick behind the best price.
        const { priceTicks, remainingLots } = event;
        this.update(event.accountId, symbol, affected, (account) =>
          account.bookReports(event.orderId, { priceTicks, remainingLots }),
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
        const carried = this.carryGate(account, market, party.orderId, fill.sizeLots, party.remainingLots, 'fill');
        account.setPosition(symbol, side.position);
        account.collateral += side.cashDelta;
        account.fill(party.orderId, fill.sizeLots, party.remainingLots);
        if (carried) this.margins.keepGate(account, ...carried);
      });
    // Maker first: in a self-trade the taker's position already includes the maker's leg.
    settle(fill.maker, settlement.maker);
    settle(fill.taker, settlement.taker);
  }

  /**
   * For a portfolio account whose gate state is kept: that state moved along with `lots` of one held
   * order filling or leaving the book, so the account's vector follows fills and cancels without a
   * rebuild. Null (the state is rebuilt on the next check) when anything does not line up: no kept
   * state, an amend in flight, an expired market, or the book's open size not what the engine holds.
   */
  private carryGate(
    account: AccountBook,
    market: RiskMarket,
    orderId: string,
    lots: number,
    remainingAfter: number,
    change: 'fill' | 'cancel',
  ): [string, UnderlyingData, HedgeFirstGateState] | null {
    if (account.marginMode !== 'portfolio' || account.hasAmendInFlight(orderId)) return null;
    const unit = market.spec.underlying;
    const kept = this.margins.keptGate(account, unit);
    const order = account.order(orderId);
    if (!kept || !order || !kept.data.isLive(market.spec) || order.remainingLots - lots !== remainingAfter) return null;
    const leg = openOrderLeg(kept.data, market, { ...order, remainingLots: lots });
    const book = kept.data.scenarioBook();
    const state = change === 'fill' ? withFilledOrder(book, kept.state, leg) : withoutOpenOrder(book, kept.state, leg);
    return state && [unit, kept.data, state];
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

  /**
   * The accounts an underlying's new data moves: those holding any of its markets (under portfolio
   * margin one price moves the whole unit) or coins of it.
   */
  private holdersOf(underlying: string | null): string[] {
    if (underlying === null) return [];
    const affected = new Set<string>(this.spotHolders.get(underlying));
    for (const symbol of this.board.symbolsOf(underlying)) {
      for (const accountId of this.holders.get(symbol) ?? []) affected.add(accountId);
    }
    return [...affected].sort();
  }

  private account(accountId: string): AccountBook {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`account ${accountId} is not loaded`);
    return account;
  }
}
