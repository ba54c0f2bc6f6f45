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
  type TraderCommand,
  markPriceOf,
} from '@exchange/contracts';
import { type MarketSpec, RejectCode, type Side } from '@exchange/domain';
import {
  DEFAULT_FEE_SCHEDULE,
  FLAT,
  type FeeSchedule,
  type MarketUnits,
  type Position,
  type SettledSide,
  marketUnits,
  settleFill,
  unrealizedPnl,
} from '@exchange/ledger';
import { AccountBook } from './account-book';
import { marketRequirement } from './market-requirement';
import type { OpenOrder, OrderTerms } from './open-orders';
import type { PerpMarginParams, StandardMarginParams } from './params';
import { type OrderCheck, forward, insufficientMargin, reject } from './rejections';
import type { MarginRequirement } from './standard-margin';
import { byFirst, fnv1a32 } from './state-hash';

/** An account as settlement knows it, to start the engine from. */
export interface AccountLoad {
  readonly accountId: string;
  /** USDC balance in micro-USDC. */
  readonly collateralMicro: bigint;
  readonly positions: readonly { readonly market: string; readonly position: Position }[];
  readonly openOrders: readonly OpenOrder[];
}

/** An account's margin in micro-USDC. */
export interface MarginSummary {
  readonly collateral: bigint;
  readonly unrealizedPnl: bigint;
  /** collateral + unrealized PnL. */
  readonly equity: bigint;
  readonly initialMargin: bigint;
  readonly maintenanceMargin: bigint;
  /** equity - initial margin; negative when the account may only reduce risk. */
  readonly available: bigint;
}

interface RiskMarket {
  readonly spec: MarketSpec;
  readonly units: MarketUnits;
  readonly params: PerpMarginParams;
}

/**
 * The pure risk engine behind portfolio-margin: holds every account's collateral, positions and
 * open orders, gates new orders on margin (R1) and follows the matching engine's events (R2).
 * Deterministic: the same inputs in the same order give the same state and `stateHash()`.
 */
export class RiskEngine {
  private readonly markets = new Map<string, RiskMarket>();
  private readonly accounts = new Map<string, AccountBook>();
  /** Per market, the accounts holding a position or an order there: whom a price move affects. */
  private readonly holders = new Map<string, Set<string>>();
  private readonly marks = new Map<string, number>();
  private readonly lastSeqs = new Map<string, number>();

  constructor(
    markets: readonly MarketSpec[],
    params: StandardMarginParams,
    private readonly fees: FeeSchedule = DEFAULT_FEE_SCHEDULE,
  ) {
    for (const spec of markets) {
      if (spec.kind === 'option') throw new Error(`${spec.symbol}: options are not margined by this engine yet`);
      const marketParams = params.byUnderlying[spec.underlying];
      if (!marketParams) throw new Error(`${spec.symbol}: no margin parameters for ${spec.underlying}`);
      this.markets.set(spec.symbol, { spec, units: marketUnits(spec), params: marketParams });
    }
  }

  /** Loads (or replaces) an account. */
  loadAccount(load: AccountLoad): void {
    const previous = this.accounts.get(load.accountId);
    if (previous) for (const market of previous.markets()) this.holders.get(market)?.delete(load.accountId);
    const account = new AccountBook(load.accountId, load.collateralMicro, (market) => this.market(market).units);
    for (const { market, position } of load.positions) {
      this.market(market);
      account.setPosition(market, position);
    }
    for (const order of load.openOrders) {
      this.market(order.market);
      account.addOrder(order, true);
    }
    this.accounts.set(load.accountId, account);
    for (const market of account.markets()) this.track(account, market);
  }

  hasAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
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

  /** Sets a market's mark in micro-USDC; returns the accounts holding a position or order there. */
  setMarkPrice(market: string, priceMicro: number): string[] {
    this.market(market);
    this.marks.set(market, checkedMark(market, priceMicro));
    return [...(this.holders.get(market) ?? [])];
  }

  /** Marks every market of the update's underlying; returns the accounts affected. */
  applyPriceUpdate(update: PriceUpdate): string[] {
    const affected = new Set<string>();
    for (const { spec } of this.marketsOf(update.underlying)) {
      for (const accountId of this.setMarkPrice(spec.symbol, markPriceOf(update, spec.symbol))) affected.add(accountId);
    }
    return [...affected];
  }

  /**
   * The mark commands that tell the books of the update's underlying its marks (in ticks, to the
   * nearest tick), so their price bands and mark triggers move with the marks margin uses. Changes
   * nothing: the caller sends them before applying the update.
   */
  markCommands(update: PriceUpdate): MarkPriceCommand[] {
    return this.marketsOf(update.underlying).flatMap((market) =>
      markCommand(market, checkedMark(market.spec.symbol, markPriceOf(update, market.spec.symbol))),
    );
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

  marginState(accountId: string, timestampMs: number): AccountMarginState {
    const summary = this.evaluate(accountId);
    return {
      accountId,
      collateral: summary.collateral.toString(),
      unrealizedPnl: summary.unrealizedPnl.toString(),
      equity: summary.equity.toString(),
      initialMargin: summary.initialMargin.toString(),
      maintenanceMargin: summary.maintenanceMargin.toString(),
      available: summary.available.toString(),
      timestampMs,
    };
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
    return this.checkMargin(
      account,
      command,
      () => account.addOrder(order, false),
      () => account.removeOrder(order.orderId),
    );
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
    const marketBefore = this.requirement(account, command.market);
    apply();
    // Only the command's market changes, so the account's totals move by that market's difference.
    const marketAfter = this.requirement(account, command.market);
    const initialAfter = before.initialMargin - marketBefore.initial + marketAfter.initial;
    const maintenanceAfter = before.maintenanceMargin - marketBefore.maintenance + marketAfter.maintenance;
    if (before.equity >= initialAfter || maintenanceAfter <= before.maintenanceMargin) {
      this.track(account, command.market);
      return forward(command);
    }
    undo();
    return insufficientMargin(command, initialAfter, before.equity, before.available);
  }

  private unmarkedMarket(account: AccountBook, market: string): string | undefined {
    return [market, ...account.markets()].find((symbol) => !this.marks.has(symbol));
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

  private marketsOf(underlying: string): RiskMarket[] {
    return [...this.markets.values()].filter(({ spec }) => spec.underlying === underlying);
  }

  private summarize(account: AccountBook): MarginSummary {
    let unrealized = 0n;
    let initialMargin = 0n;
    let maintenanceMargin = 0n;
    for (const market of account.markets()) {
      unrealized += unrealizedPnl(account.position(market), this.mark(market), this.market(market).spec);
      const requirement = this.requirement(account, market);
      initialMargin += requirement.initial;
      maintenanceMargin += requirement.maintenance;
    }
    const equity = account.collateral + unrealized;
    return {
      collateral: account.collateral,
      unrealizedPnl: unrealized,
      equity,
      initialMargin,
      maintenanceMargin,
      available: equity - initialMargin,
    };
  }

  private requirement(account: AccountBook, market: string): MarginRequirement {
    const { units, params } = this.market(market);
    const mark = this.mark(market);
    return marketRequirement(
      account.position(market).sizeLots,
      account.orderExposure(market, mark),
      mark,
      units,
      params,
    );
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
