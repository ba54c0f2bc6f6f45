import {
  type AccountMarginState,
  type CancelOrder,
  type FillEvent,
  type FillParty,
  type MatchingEvent,
  type MatchingEventBatch,
  type OrderCommand,
  type OrderRestedEvent,
  type PlaceOrder,
  type PriceUpdate,
  markPriceOf,
} from '@exchange/contracts';
import { type MarketSpec, RejectCode } from '@exchange/domain';
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
import type { OpenOrder } from './open-orders';
import type { PerpMarginParams, StandardMarginParams } from './params';
import { type OrderCheck, insufficientMargin, reject } from './rejections';
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
      account.addOrder(order);
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
    return [...(this.accounts.get(accountId)?.allOrders() ?? [])];
  }

  markPrice(market: string): number | undefined {
    return this.marks.get(market);
  }

  /** Sets a market's mark in micro-USDC; returns the accounts holding a position or order there. */
  setMarkPrice(market: string, priceMicro: number): string[] {
    this.market(market);
    if (!Number.isSafeInteger(priceMicro) || priceMicro <= 0) {
      throw new RangeError(`${market}: mark ${priceMicro} is not a positive integer of micro-USDC`);
    }
    this.marks.set(market, priceMicro);
    return [...(this.holders.get(market) ?? [])];
  }

  /** Marks every market of the update's underlying; returns the accounts affected. */
  applyPriceUpdate(update: PriceUpdate): string[] {
    const affected = new Set<string>();
    for (const { spec } of this.markets.values()) {
      if (spec.underlying !== update.underlying) continue;
      for (const accountId of this.setMarkPrice(spec.symbol, markPriceOf(update, spec.symbol))) affected.add(accountId);
    }
    return [...affected];
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
   * engine reports it rejected, done or fully filled. Cancels are never margin-checked; an accepted
   * cancel comes back with its order's market filled in.
   */
  checkOrder(command: OrderCommand): OrderCheck {
    return command.kind === 'cancel' ? this.checkCancel(command) : this.checkPlace(command);
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

  private checkCancel(command: CancelOrder): OrderCheck {
    const account = this.accounts.get(command.accountId);
    if (!account) return this.unknownAccount(command);
    const order = account.order(command.orderId);
    if (!order) return reject(command, RejectCode.UNKNOWN_ORDER, `order ${command.orderId} is not open`);
    return { ok: true, command: { ...command, market: order.market } };
  }

  private checkPlace(command: PlaceOrder): OrderCheck {
    const account = this.accounts.get(command.accountId);
    if (!account) return this.unknownAccount(command);
    if (!this.markets.has(command.market)) {
      return reject(command, RejectCode.UNKNOWN_MARKET, `market ${command.market} is not known to the risk engine`);
    }
    const unmarked = [command.market, ...account.markets()].find((market) => !this.marks.has(market));
    if (unmarked !== undefined) {
      return reject(command, RejectCode.NO_MARK_PRICE, `no mark price for ${unmarked} yet`);
    }
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
    return this.checkMargin(account, command);
  }

  /** Accepts when equity covers the initial margin with the order, or when the order reduces risk. */
  private checkMargin(account: AccountBook, command: PlaceOrder): OrderCheck {
    const before = this.summarize(account);
    const marketBefore = this.requirement(account, command.market);
    account.addOrder({
      orderId: command.orderId,
      market: command.market,
      side: command.side,
      priceTicks: command.priceTicks,
      remainingLots: command.sizeLots,
      clientOrderId: command.clientOrderId,
    });
    // Only the order's market changes, so the account's totals move by that market's difference.
    const marketAfter = this.requirement(account, command.market);
    const initialAfter = before.initialMargin - marketBefore.initial + marketAfter.initial;
    const maintenanceAfter = before.maintenanceMargin - marketBefore.maintenance + marketAfter.maintenance;
    if (before.equity >= initialAfter || maintenanceAfter <= before.maintenanceMargin) {
      this.track(account, command.market);
      return { ok: true, command };
    }
    account.removeOrder(command.orderId);
    return insufficientMargin(command, initialAfter, before.equity, before.available);
  }

  private unknownAccount(command: OrderCommand): OrderCheck {
    return reject(command, RejectCode.UNKNOWN_ACCOUNT, `account ${command.accountId} is not known to the risk engine`);
  }

  private applyEvent(market: RiskMarket, event: MatchingEvent, affected: Set<string>): void {
    switch (event.type) {
      case 'rejected':
      case 'done':
        this.update(event.accountId, market.spec.symbol, affected, (account) => account.removeOrder(event.orderId));
        return;
      case 'rested':
        this.update(event.accountId, market.spec.symbol, affected, (account) => this.rest(account, market, event));
        return;
      case 'fill':
        this.applyFill(market, event, affected);
        return;
      case 'accepted': // the hold was taken when the order passed the check
      case 'book':
      case 'triggered': // conditional orders, amends and market status do not reach the book through risk yet
      case 'amended':
      case 'status':
        return;
    }
  }

  private rest(account: AccountBook, market: RiskMarket, event: OrderRestedEvent): void {
    if (account.order(event.orderId)) {
      account.setRemaining(event.orderId, event.remainingLots);
    } else if (event.remainingLots > 0) {
      // An order the engine never saw (placed before this account was loaded) still needs its hold.
      const { orderId, side, priceTicks, remainingLots } = event;
      account.addOrder({ orderId, market: market.spec.symbol, side, priceTicks, remainingLots, clientOrderId: null });
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
        account.setRemaining(party.orderId, party.remainingLots);
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
