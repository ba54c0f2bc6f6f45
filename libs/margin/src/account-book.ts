import type { MarginMode } from '@exchange/contracts';
import { FLAT, type MarketUnits, type Position } from '@exchange/ledger';
import { MarketOrders, type OpenOrder, type OrderTerms } from './open-orders';
import { byFirst } from './state-hash';

interface Holding {
  position: Position;
  readonly orders: MarketOrders;
}

/** Amends of one order sent to the book and not answered yet. */
interface AmendsInFlight {
  pending: number;
  /** Terms held meanwhile when one of them adds risk; null when none does (the booked terms are held). */
  held: OpenOrder | null;
}

/**
 * One account's collateral, positions and open orders, grouped by market. Each order has the terms
 * the book holds it on ("booked"; for a new order, as placed until the book confirms it), and the
 * margin is held on those, or on the terms of a risk-adding amend still on its way to the book.
 */
export class AccountBook {
  private readonly holdings = new Map<string, Holding>();
  private readonly booked = new Map<string, OpenOrder>();
  /** New orders the book has not answered yet: a rejection from the book is theirs. */
  private readonly unconfirmed = new Set<string>();
  private readonly amends = new Map<string, AmendsInFlight>();
  /** Client order id -> order id, for the account's open orders. */
  private readonly clientOrderIds = new Map<string, string>();
  private changes = 0;

  constructor(
    readonly accountId: string,
    public collateral: bigint,
    private readonly unitsOf: (market: string) => MarketUnits,
    private mode: MarginMode = 'standard',
  ) {}

  /** Standard margin per market, or portfolio margin per underlying; the account chooses. */
  get marginMode(): MarginMode {
    return this.mode;
  }

  set marginMode(mode: MarginMode) {
    this.changes += 1;
    this.mode = mode;
  }

  /** Coins held as collateral besides USDC, in each asset's minimal units. */
  private readonly spot = new Map<string, bigint>();

  /** Grows with every change to positions, held orders or margin mode: what cached requirements are checked against. */
  get revision(): number {
    return this.changes;
  }

  /** Sets a coin balance held as collateral (minimal units of the asset; 0 removes it). */
  setSpot(asset: string, amount: bigint): void {
    if (amount < 0n) throw new RangeError(`${asset} balance ${amount} is negative`);
    this.changes += 1;
    if (amount === 0n) this.spot.delete(asset);
    else this.spot.set(asset, amount);
  }

  /** Coin balances held as collateral, by asset. */
  spotBalances(): ReadonlyMap<string, bigint> {
    return this.spot;
  }

  /** Markets where the account has a position or an open order. */
  markets(): IterableIterator<string> {
    return this.holdings.keys();
  }

  holds(market: string): boolean {
    return this.holdings.has(market);
  }

  position(market: string): Position {
    return this.holdings.get(market)?.position ?? FLAT;
  }

  setPosition(market: string, position: Position): void {
    this.changes += 1;
    this.holding(market).position = position;
    this.prune(market);
  }

  /** An open order on the terms its margin is held at. */
  order(orderId: string): OpenOrder | undefined {
    return this.amends.get(orderId)?.held ?? this.booked.get(orderId);
  }

  /** An open order on the terms the book holds it. */
  bookedOrder(orderId: string): OpenOrder | undefined {
    return this.booked.get(orderId);
  }

  orderIdOf(clientOrderId: string): string | undefined {
    return this.clientOrderIds.get(clientOrderId);
  }

  hasClientOrderId(clientOrderId: string): boolean {
    return this.clientOrderIds.has(clientOrderId);
  }

  /** The account's open orders in a market, with their per-side totals. */
  ordersIn(market: string): MarketOrders {
    return this.holdings.get(market)?.orders ?? new MarketOrders(this.unitsOf(market));
  }

  /** Every open order, on the terms its margin is held at. */
  allOrders(): OpenOrder[] {
    return [...this.booked.keys()].map((orderId) => this.order(orderId) as OpenOrder);
  }

  /** Holds a new order; `confirmed` when the book already has it (loaded, or learnt from its accepted event). */
  addOrder(order: OpenOrder, confirmed: boolean): void {
    if (this.booked.has(order.orderId)) throw new Error(`order ${order.orderId} is already open`);
    if (!Number.isSafeInteger(order.remainingLots) || order.remainingLots <= 0) {
      throw new RangeError(`order ${order.orderId}: open size must be a positive integer`);
    }
    this.changes += 1;
    this.booked.set(order.orderId, order);
    if (!confirmed) this.unconfirmed.add(order.orderId);
    this.holding(order.market).orders.set(order);
    if (order.clientOrderId !== null) this.clientOrderIds.set(order.clientOrderId, order.orderId);
  }

  isConfirmed(orderId: string): boolean {
    return this.booked.has(orderId) && !this.unconfirmed.has(orderId);
  }

  confirm(orderId: string): void {
    this.unconfirmed.delete(orderId);
  }

  /** The book changed an order's terms; 0 open lots removes it. Unknown orders are ignored. */
  rebook(orderId: string, terms: Partial<OrderTerms>): void {
    const order = this.booked.get(orderId);
    if (!order) return;
    const updated = { ...order, ...terms };
    if (updated.remainingLots <= 0) {
      this.removeOrder(orderId);
      return;
    }
    this.booked.set(orderId, updated);
    this.revalue(this.order(orderId) as OpenOrder);
  }

  /**
   * The book reports an order's terms (accepted, or resting): rebooked only when they differ from
   * the booked ones, so the usual answer, the terms as placed, changes nothing (and keeps the
   * account's revision, and with it the margin kept for the next check).
   */
  bookReports(orderId: string, terms: Partial<OrderTerms>): void {
    const order = this.booked.get(orderId);
    if (!order) return;
    const changed = (Object.keys(terms) as (keyof OrderTerms)[]).some((key) => terms[key] !== order[key]);
    if (changed) this.rebook(orderId, terms);
  }

  /**
   * A fill of `lots` left `remainingLots` open on the book. Terms held for an amend in flight lose
   * the filled lots too, but never fall below what the book still has open.
   */
  fill(orderId: string, lots: number, remainingLots: number): void {
    const amend = this.amends.get(orderId);
    if (amend?.held) {
      amend.held = { ...amend.held, remainingLots: Math.max(remainingLots, amend.held.remainingLots - lots) };
    }
    this.rebook(orderId, { remainingLots });
  }

  /** Values an open order at other terms for margin only, until its next change (a check trying an amend). */
  revalue(order: OpenOrder): void {
    this.changes += 1;
    this.holding(order.market).orders.set(order);
  }

  /** An amend went to the book; `held` are its terms when it adds risk, held until the book answers. */
  amendSent(orderId: string, held: OpenOrder | null): void {
    const amend = this.amends.get(orderId) ?? { pending: 0, held: null };
    amend.pending += 1;
    if (held) amend.held = held;
    this.amends.set(orderId, amend);
    this.revalue(this.order(orderId) as OpenOrder);
  }

  /** The book answered an amend: applied on `terms`, or refused (null). The last answer restores the booked terms. */
  amendAnswered(orderId: string, terms: OrderTerms | null): void {
    const amend = this.amends.get(orderId);
    if (amend && --amend.pending === 0) this.amends.delete(orderId);
    this.rebook(orderId, terms ?? {});
  }

  hasAmendInFlight(orderId: string): boolean {
    return this.amends.has(orderId);
  }

  removeOrder(orderId: string): void {
    const order = this.booked.get(orderId);
    if (!order) return;
    this.changes += 1;
    this.booked.delete(orderId);
    this.unconfirmed.delete(orderId);
    this.amends.delete(orderId);
    if (order.clientOrderId !== null) this.clientOrderIds.delete(order.clientOrderId);
    this.holding(order.market).orders.delete(orderId);
    this.prune(order.market);
  }

  /** Plain data in a fixed order, for the engine's state hash. */
  canonical(): unknown[] {
    const positions = [...this.holdings]
      .filter(([, holding]) => holding.position.sizeLots !== 0)
      .map(([market, { position }]) => [market, position.sizeLots, position.costTicksLots.toString()])
      .sort(byFirst);
    const terms = (o: OpenOrder) => [o.priceTicks, o.sizeLots, o.remainingLots];
    const orders = [...this.booked.values()]
      .map((o) => {
        const amend = this.amends.get(o.orderId);
        const inFlight = amend ? [amend.pending, amend.held && terms(amend.held)] : null;
        return [o.orderId, o.market, o.side, ...terms(o), o.clientOrderId, this.isConfirmed(o.orderId), inFlight];
      })
      .sort(byFirst);
    const spot = [...this.spot].map(([asset, amount]) => [asset, amount.toString()]).sort(byFirst);
    return [this.accountId, this.marginMode, this.collateral.toString(), spot, positions, orders];
  }

  private holding(market: string): Holding {
    let holding = this.holdings.get(market);
    if (!holding) {
      holding = { position: FLAT, orders: new MarketOrders(this.unitsOf(market)) };
      this.holdings.set(market, holding);
    }
    return holding;
  }

  private prune(market: string): void {
    const holding = this.holdings.get(market);
    if (holding && holding.position.sizeLots === 0 && holding.orders.size === 0) this.holdings.delete(market);
  }
}
