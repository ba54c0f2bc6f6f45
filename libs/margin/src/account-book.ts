import { FLAT, type MarketUnits, type Position } from '@exchange/ledger';
import { MarketOrders, type OpenOrder, type OrderExposure } from './open-orders';
import { byFirst } from './state-hash';

const NO_EXPOSURE: OrderExposure = { buy: { lots: 0, lossScaled: 0n }, sell: { lots: 0, lossScaled: 0n } };

interface Holding {
  position: Position;
  readonly orders: MarketOrders;
}

/** One account's collateral, positions and open orders, grouped by market. */
export class AccountBook {
  private readonly holdings = new Map<string, Holding>();
  private readonly ordersById = new Map<string, OpenOrder>();
  private readonly clientOrderIds = new Set<string>();

  constructor(
    readonly accountId: string,
    public collateral: bigint,
    private readonly unitsOf: (market: string) => MarketUnits,
  ) {}

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
    this.holding(market).position = position;
    this.prune(market);
  }

  order(orderId: string): OpenOrder | undefined {
    return this.ordersById.get(orderId);
  }

  /** The account's open orders in a market, summed per side and valued at `markMicro`. */
  orderExposure(market: string, markMicro: number): OrderExposure {
    return this.holdings.get(market)?.orders.exposureAt(markMicro) ?? NO_EXPOSURE;
  }

  allOrders(): IterableIterator<OpenOrder> {
    return this.ordersById.values();
  }

  hasClientOrderId(clientOrderId: string): boolean {
    return this.clientOrderIds.has(clientOrderId);
  }

  addOrder(order: OpenOrder): void {
    if (this.ordersById.has(order.orderId)) throw new Error(`order ${order.orderId} is already open`);
    if (!Number.isSafeInteger(order.remainingLots) || order.remainingLots <= 0) {
      throw new RangeError(`order ${order.orderId}: open size must be a positive integer`);
    }
    this.ordersById.set(order.orderId, order);
    this.holding(order.market).orders.set(order);
    if (order.clientOrderId !== null) this.clientOrderIds.add(order.clientOrderId);
  }

  /** Sets an open order's remaining size; 0 removes it. Unknown orders are ignored. */
  setRemaining(orderId: string, remainingLots: number): void {
    const order = this.ordersById.get(orderId);
    if (!order) return;
    if (remainingLots <= 0) {
      this.removeOrder(orderId);
      return;
    }
    const updated = { ...order, remainingLots };
    this.ordersById.set(orderId, updated);
    this.holding(order.market).orders.set(updated);
  }

  removeOrder(orderId: string): void {
    const order = this.ordersById.get(orderId);
    if (!order) return;
    this.ordersById.delete(orderId);
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
    const orders = [...this.ordersById.values()]
      .map((o) => [o.orderId, o.market, o.side, o.priceTicks, o.remainingLots, o.clientOrderId])
      .sort(byFirst);
    return [this.accountId, this.collateral.toString(), positions, orders];
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
