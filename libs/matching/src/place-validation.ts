import type { PlaceOrder } from '@exchange/contracts';
import { MAX_UNITS, RejectCode, acceptsOrders, type MarketSpec, type Side } from '@exchange/domain';

export interface Rejection {
  readonly code: RejectCode;
  readonly message: string;
}

/** What validation needs to know about the book. */
export interface BookFacts {
  hasSeenOrder(orderId: string): boolean;
  /** Total open lots resting on `side` at `priceTicks` (0 without a level). */
  restingLotsAt(side: Side, priceTicks: number): number;
  /** True when a limit order at this price would trade against the opposite side. */
  wouldCross(side: Side, priceTicks: number): boolean;
}

/** Largest size or price the engines accept, in steps (the gateway enforces the same bound). */
const MAX_STEPS = Number(MAX_UNITS);

const isPositiveSteps = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_STEPS;

const reject = (code: RejectCode, message: string): Rejection => ({ code, message });

/** Checks a new order in a fixed order; returns the first problem or null when it may enter the book. */
export function validatePlace(command: PlaceOrder, market: MarketSpec, book: BookFacts): Rejection | null {
  if (command.market !== market.symbol) {
    return reject(RejectCode.UNKNOWN_MARKET, `order for ${command.market} sent to the ${market.symbol} book`);
  }
  if (!acceptsOrders(market.status)) {
    return reject(RejectCode.MARKET_NOT_ACCEPTING_ORDERS, `${market.symbol} is ${market.status}`);
  }
  if (!isPositiveSteps(command.sizeLots)) {
    return reject(RejectCode.INVALID_SIZE, `size ${command.sizeLots} is not a whole number of lots in 1..${MAX_STEPS}`);
  }
  if (command.sizeLots < market.minSizeLots) {
    return reject(RejectCode.SIZE_BELOW_MINIMUM, `size ${command.sizeLots} is below ${market.minSizeLots} lots`);
  }
  const limit = command.type === 'limit';
  if (limit && !isPositiveSteps(command.priceTicks)) {
    return reject(
      RejectCode.INVALID_PRICE,
      `price ${command.priceTicks} is not a whole number of ticks in 1..${MAX_STEPS}`,
    );
  }
  if (!limit && command.priceTicks !== null) {
    return reject(RejectCode.INVALID_PRICE, 'a market order takes no price');
  }
  if (book.hasSeenOrder(command.orderId)) {
    return reject(RejectCode.DUPLICATE_ORDER_ID, `order ${command.orderId} already exists`);
  }
  const price = command.priceTicks;
  if (market.status === 'post_only' && (price === null || book.wouldCross(command.side, price))) {
    return reject(
      RejectCode.MARKET_NOT_ACCEPTING_ORDERS,
      `${market.symbol} is post_only: only non-crossing limit orders`,
    );
  }
  // Level totals are plain numbers: refusing what could overflow one keeps them exact.
  if (price !== null && command.timeInForce === 'GTC') {
    if (book.restingLotsAt(command.side, price) + command.sizeLots > Number.MAX_SAFE_INTEGER) {
      return reject(RejectCode.INVALID_SIZE, `level ${price} cannot hold ${command.sizeLots} more lots`);
    }
  }
  return null;
}
