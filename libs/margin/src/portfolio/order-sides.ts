import type { Holding, OrderLeg } from './instruments';
import type { UnitPricer } from './pricer';
import type { Quote } from './quotes';
import { type RiskProfile, riskProfile } from './risk-profile';

/** What an order loses at once if filled at its limit: bids above the mark, asks below it. */
export function immediateLoss(order: OrderLeg, quote: Quote): number {
  if (!(order.price >= 0) || !Number.isFinite(order.price) || !Number.isFinite(order.size)) {
    throw new RangeError(`${order.instrument.symbol}: order ${order.size} at ${order.price} is not a valid order`);
  }
  const lossPerCoin = order.size > 0 ? order.price - quote.mark : quote.mark - order.price;
  return Math.max(0, lossPerCoin) * Math.abs(order.size);
}

export type WorseSide = 'none' | 'bids' | 'asks';

export interface OrdersInitial {
  /** IM with the open orders, USD. */
  readonly initial: number;
  /** initial minus the IM of the positions alone, >= 0. */
  readonly openOrders: number;
  readonly worseSide: WorseSide;
}

/**
 * Initial margin with open orders (section 5): each order counts as filled, the book's sides taken
 * in the worse of the two directions (every bid filled, or every ask filled), each side adding the
 * immediate loss of its orders. Orders that reduce risk never lower the requirement below the
 * positions' own.
 */
export function initialWithOrders(
  pricer: UnitPricer,
  positions: readonly Holding[],
  orders: readonly OrderLeg[],
  positionsInitial: number,
  initialOf: (profile: RiskProfile) => number,
): OrdersInitial {
  let result: OrdersInitial = { initial: positionsInitial, openOrders: 0, worseSide: 'none' };
  const sides: [WorseSide, OrderLeg[]][] = [
    ['bids', orders.filter((order) => order.size > 0)],
    ['asks', orders.filter((order) => order.size < 0)],
  ];
  for (const [side, legs] of sides) {
    if (legs.length === 0) continue;
    const filled = [...positions, ...legs.map(({ instrument, size }) => ({ instrument, size }))];
    const loss = legs.reduce((sum, order) => sum + immediateLoss(order, pricer.quote(order.instrument)), 0);
    const initial = initialOf(riskProfile(pricer, filled)) + loss;
    if (initial > result.initial) result = { initial, openOrders: initial - positionsInitial, worseSide: side };
  }
  return result;
}
