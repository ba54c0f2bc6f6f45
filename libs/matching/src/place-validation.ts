import type { PlaceOrder } from '@exchange/contracts';
import {
  MAX_UNITS,
  ORDER_TYPES,
  RejectCode,
  SIDES,
  acceptsOrders,
  opposite,
  type MarketSpec,
  type PostOnlyMode,
  type SelfTradePrevention,
  type Side,
  type TimeInForce,
  type TriggerKind,
  type TriggerReference,
} from '@exchange/domain';
import type { Rejection } from './events';
import type { PriceBand } from './price-band';
import { reducibleLots } from './reduce-only';
import { hasReached } from './triggers';

/** What validation needs to know about the book. */
export interface BookFacts {
  /** The market with its current status. */
  readonly market: MarketSpec;
  readonly band: PriceBand;
  readonly lastPriceTicks: number | null;
  /** Engine time: the latest clock command. */
  readonly clockUs: number;
  hasSeenOrder(orderId: string): boolean;
  hasOpenClientOrderId(accountId: string, clientOrderId: string): boolean;
  positionOf(accountId: string): number;
  bestPrice(side: Side): number | null;
  /** Total open lots resting on `side` at `priceTicks` (0 without a level). */
  restingLotsAt(side: Side, priceTicks: number): number;
}

/** Largest size or price the engines accept, in steps (the gateway enforces the same bound). */
const MAX_STEPS = Number(MAX_UNITS);

export const isPositiveSteps = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_STEPS;

export const reject = (code: RejectCode, message: string): Rejection => ({ code, message });

const TIMES_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'GTD'];
const POST_ONLY_MODES: readonly PostOnlyMode[] = ['reject', 'reprice'];
const SELF_TRADE_MODES: readonly SelfTradePrevention[] = ['cancel_maker', 'cancel_taker', 'cancel_both'];
const TRIGGER_KINDS: readonly TriggerKind[] = ['stop', 'take_profit'];
const TRIGGER_REFERENCES: readonly TriggerReference[] = ['mark', 'last'];

const isOneOf = <T>(value: unknown, allowed: readonly T[]): boolean => allowed.includes(value as T);
const isOptionalOneOf = <T>(value: unknown, allowed: readonly T[]): boolean =>
  value === undefined || isOneOf(value, allowed);

/** Whether a taker on `side` with this limit may trade at `makerTicks`. */
export function withinLimit(takerSide: Side, limitTicks: number, makerTicks: number): boolean {
  return takerSide === 'buy' ? makerTicks <= limitTicks : makerTicks >= limitTicks;
}

/** True when a limit order at this price would trade against the opposite side. */
export function wouldCross(book: BookFacts, side: Side, priceTicks: number): boolean {
  const best = book.bestPrice(opposite(side));
  return best !== null && withinLimit(side, priceTicks, best);
}

/**
 * Where a post-only order may rest: its own price when it does not cross; when it does, one tick
 * behind the best opposite price in reprice mode. Null when it cannot rest without taking.
 */
export function postOnlyPrice(book: BookFacts, side: Side, priceTicks: number, mode: PostOnlyMode): number | null {
  if (!wouldCross(book, side, priceTicks)) return priceTicks;
  const best = book.bestPrice(opposite(side)) as number;
  const behind = side === 'buy' ? best - 1 : best + 1;
  return mode === 'reprice' && behind > 0 ? behind : null;
}

/** Level totals are plain numbers: refusing what could overflow one keeps them exact. */
export function levelHasRoom(book: BookFacts, side: Side, priceTicks: number, lots: number): boolean {
  return book.restingLotsAt(side, priceTicks) + lots <= Number.MAX_SAFE_INTEGER;
}

/** GTC and GTD limit orders rest; IOC, FOK and market orders never do. */
export const restsOnBook = (type: PlaceOrder['type'], timeInForce: TimeInForce): boolean =>
  type === 'limit' && (timeInForce === 'GTC' || timeInForce === 'GTD');

export const referencePrice = (book: BookFacts, reference: TriggerReference): number | null =>
  reference === 'mark' ? book.band.markTicks : book.lastPriceTicks;

/** The first option that is unknown or contradicts another, as a message; null when they are consistent. */
function optionsProblem(command: PlaceOrder): string | null {
  if (!isOneOf(command.side, SIDES)) return `unknown side ${String(command.side)}`;
  if (!isOneOf(command.type, ORDER_TYPES)) return `unknown order type ${String(command.type)}`;
  if (!isOneOf(command.timeInForce, TIMES_IN_FORCE)) return `unknown time in force ${String(command.timeInForce)}`;
  if (!isOptionalOneOf(command.postOnly, POST_ONLY_MODES)) return `unknown post-only mode ${String(command.postOnly)}`;
  if (!isOptionalOneOf(command.selfTradePrevention, SELF_TRADE_MODES)) {
    return `unknown self-trade prevention ${String(command.selfTradePrevention)}`;
  }
  if (command.reduceOnly !== undefined && typeof command.reduceOnly !== 'boolean') return 'reduceOnly is not a boolean';
  const { trigger } = command;
  if (
    trigger !== undefined &&
    (!isOneOf(trigger?.kind, TRIGGER_KINDS) || !isOneOf(trigger?.reference, TRIGGER_REFERENCES))
  ) {
    return 'a trigger needs a kind (stop, take_profit) and a reference (mark, last)';
  }
  if (command.postOnly !== undefined) {
    if (command.type !== 'limit') return 'a post-only order needs a limit price';
    if (!restsOnBook(command.type, command.timeInForce)) return `a post-only order cannot be ${command.timeInForce}`;
    if (trigger !== undefined) return 'a conditional order cannot be post-only';
  }
  return null;
}

function expiryProblem(command: PlaceOrder, clockUs: number): string | null {
  const { expiresAtUs } = command;
  if (command.timeInForce !== 'GTD') return expiresAtUs === undefined ? null : 'only GTD orders take an expiry';
  if (!Number.isSafeInteger(expiresAtUs) || (expiresAtUs as number) < 0) return 'a GTD order needs an expiry time';
  if ((expiresAtUs as number) <= clockUs) return `expiry ${expiresAtUs} is not after the engine time ${clockUs}`;
  return null;
}

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
  if (command.clientOrderId !== null && book.hasOpenClientOrderId(command.accountId, command.clientOrderId)) {
    return reject(
      RejectCode.DUPLICATE_CLIENT_ORDER_ID,
      `client order id ${command.clientOrderId} is already used by an open order`,
    );
  }
  const options = optionsProblem(command);
  if (options) return reject(RejectCode.INVALID_ORDER_OPTIONS, options);
  const expiry = expiryProblem(command, book.clockUs);
  if (expiry) return reject(RejectCode.INVALID_EXPIRY, expiry);
  return command.trigger === undefined ? checkImmediate(command, market, book) : checkConditional(command, book);
}

/** A conditional order waits off the book: band, reduce-only and level room are checked when it fires. */
function checkConditional(command: PlaceOrder, book: BookFacts): Rejection | null {
  const trigger = command.trigger as NonNullable<PlaceOrder['trigger']>;
  if (!isPositiveSteps(trigger.priceTicks)) {
    return reject(RejectCode.INVALID_TRIGGER, `trigger price ${trigger.priceTicks} is not a whole number of ticks`);
  }
  const current = referencePrice(book, trigger.reference);
  if (hasReached(command.side, trigger, current)) {
    return reject(
      RejectCode.WOULD_TRIGGER_IMMEDIATELY,
      `the ${trigger.reference} price ${current} has already reached the trigger ${trigger.priceTicks}`,
    );
  }
  return null;
}

/** Checks for an order that enters the book now. */
function checkImmediate(command: PlaceOrder, market: MarketSpec, book: BookFacts): Rejection | null {
  const price = command.priceTicks;
  if (price !== null && !book.band.contains(price)) {
    return reject(
      RejectCode.PRICE_OUTSIDE_BAND,
      `price ${price} is outside the band around mark ${book.band.markTicks}`,
    );
  }
  if (
    market.status === 'post_only' &&
    command.postOnly === undefined &&
    (price === null || wouldCross(book, command.side, price))
  ) {
    return reject(
      RejectCode.MARKET_NOT_ACCEPTING_ORDERS,
      `${market.symbol} is post_only: only non-crossing limit orders`,
    );
  }
  const restingPrice =
    price !== null && command.postOnly ? postOnlyPrice(book, command.side, price, command.postOnly) : price;
  if (restingPrice === null && command.postOnly) {
    return reject(RejectCode.POST_ONLY_WOULD_TAKE, `a post-only ${command.side} at ${price} would take liquidity`);
  }
  if (command.reduceOnly && reducibleLots(command.side, book.positionOf(command.accountId)) === 0) {
    return reject(
      RejectCode.REDUCE_ONLY_WOULD_INCREASE,
      `a reduce-only ${command.side} cannot reduce position ${book.positionOf(command.accountId)}`,
    );
  }
  if (restingPrice !== null && restsOnBook(command.type, command.timeInForce)) {
    if (!levelHasRoom(book, command.side, restingPrice, command.sizeLots)) {
      return reject(RejectCode.INVALID_SIZE, `level ${restingPrice} cannot hold ${command.sizeLots} more lots`);
    }
  }
  return null;
}
