import type { Side } from '@exchange/domain';
import type { MarketUnits } from '@exchange/ledger';

/**
 * An order the engine holds margin for: accepted by the check, resting, waiting for its trigger or
 * still on its way to the book.
 */
export interface OpenOrder {
  readonly orderId: string;
  readonly market: string;
  readonly side: Side;
  /**
   * Null for a market order. A conditional order is held at its limit price, or at its trigger
   * price when it is a market order: where it would trade once fired, not the mark.
   */
  readonly priceTicks: number | null;
  /** Total size, filled lots included: what an amend's new size replaces. */
  readonly sizeLots: number;
  readonly remainingLots: number;
  readonly clientOrderId: string | null;
}

/** The terms of an open order that the book can change: by an amend, a fill, a trigger or a reduce-only cap. */
export type OrderTerms = Pick<OpenOrder, 'priceTicks' | 'sizeLots' | 'remainingLots'>;

/** One side of a market's open orders: their lots, and what they would lose at once if filled at their prices. */
export interface SideExposure {
  readonly lots: number;
  /** Micro-USDC x the market's lot denominator, so sums stay exact; divide (rounding up) once at the end. */
  readonly lossScaled: bigint;
}

export interface OrderExposure {
  readonly buy: SideExposure;
  readonly sell: SideExposure;
}

/** Loss an order books at once if filled at its price: bids above mark, asks below. Market orders are at mark. */
function immediateLoss(order: OpenOrder, markMicro: bigint, units: MarketUnits): bigint {
  if (order.priceTicks === null) return 0n;
  const priceMicro = BigInt(order.priceTicks) * units.microPerTick;
  const lossPerCoin = order.side === 'buy' ? priceMicro - markMicro : markMicro - priceMicro;
  return lossPerCoin > 0n ? lossPerCoin * BigInt(order.remainingLots) * units.lotNumerator : 0n;
}

interface MutableSide {
  lots: number;
  lossScaled: bigint;
}

/**
 * The open orders of one account in one market, with their per-side totals kept up to date as
 * orders come and go, so a pre-trade check costs O(1) instead of a pass over every order. The
 * losses depend on the mark: they are kept for the last mark asked and rebuilt when it moves.
 */
export class MarketOrders {
  private readonly orders = new Map<string, OpenOrder>();
  private readonly sides: Record<Side, MutableSide> = {
    buy: { lots: 0, lossScaled: 0n },
    sell: { lots: 0, lossScaled: 0n },
  };
  /** The mark `lossScaled` is valued at; null until first asked. */
  private valuedAt: bigint | null = null;

  constructor(private readonly units: MarketUnits) {}

  get size(): number {
    return this.orders.size;
  }

  all(): OpenOrder[] {
    return [...this.orders.values()];
  }

  set(order: OpenOrder): void {
    this.delete(order.orderId);
    this.orders.set(order.orderId, order);
    this.count(order, 1);
  }

  delete(orderId: string): void {
    const order = this.orders.get(orderId);
    if (!order) return;
    this.orders.delete(orderId);
    this.count(order, -1);
  }

  exposureAt(markMicro: number): OrderExposure {
    const mark = BigInt(markMicro);
    if (this.valuedAt !== mark) {
      this.valuedAt = mark;
      this.sides.buy.lossScaled = 0n;
      this.sides.sell.lossScaled = 0n;
      for (const order of this.orders.values())
        this.sides[order.side].lossScaled += immediateLoss(order, mark, this.units);
    }
    return { buy: { ...this.sides.buy }, sell: { ...this.sides.sell } };
  }

  private count(order: OpenOrder, sign: 1 | -1): void {
    const side = this.sides[order.side];
    side.lots += sign * order.remainingLots;
    if (this.valuedAt !== null) side.lossScaled += BigInt(sign) * immediateLoss(order, this.valuedAt, this.units);
  }
}
