import type { AmendOrder } from '@exchange/contracts';
import { RejectCode, acceptsOrders, type OrderType, type PostOnlyMode, type Side } from '@exchange/domain';
import type { RestingOrder } from './book-order';
import type { BookState } from './book-state';
import { amendedEvent, type Rejection } from './events';
import { execute } from './matching';
import { isPositiveSteps, levelHasRoom, postOnlyPrice, reject, wouldCross, type BookFacts } from './place-validation';
import { reducibleLots } from './reduce-only';

/** The terms of the order an amend addresses. */
export interface AmendTarget {
  readonly accountId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly reduceOnly: boolean;
  readonly postOnly: PostOnlyMode | null;
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  readonly remainingLots: number;
}

/** An amend's outcome: the order's new terms, and whether it keeps its place in the queue. */
export interface AmendPlan {
  readonly priceTicks: number;
  /** New total size: what was filled plus the new open size. */
  readonly sizeLots: number;
  readonly remainingLots: number;
  readonly priorityKept: boolean;
}

export type AmendCheck = { readonly rejection: Rejection } | { readonly plan: AmendPlan };

const refuse = (code: RejectCode, message: string): AmendCheck => ({ rejection: reject(code, message) });

/** The first field the amend would change although it cannot; null when none. */
function changedImmutableField(command: AmendOrder, order: AmendTarget): string | null {
  // Spelled out rather than looped over field names: keyed property reads are slow on this hot path.
  if (command.side !== undefined && command.side !== order.side) return 'side';
  if (command.type !== undefined && command.type !== order.type) return 'type';
  if (command.reduceOnly !== undefined && command.reduceOnly !== order.reduceOnly) return 'reduceOnly';
  return null;
}

/**
 * Checks an amend in a fixed order and works out the new terms. The new size counts what was
 * already filled, so it must exceed it; a reduce-only order is capped to the position; a post-only
 * order keeps its post-only mode. Priority stays only when the price is unchanged and the open size
 * does not grow.
 */
export function planAmend(
  command: AmendOrder,
  order: AmendTarget | undefined,
  waiting: boolean,
  book: BookFacts,
): AmendCheck {
  const { market } = book;
  if (command.market !== market.symbol) {
    return refuse(RejectCode.UNKNOWN_MARKET, `amend for ${command.market} sent to the ${market.symbol} book`);
  }
  if (!acceptsOrders(market.status))
    return refuse(RejectCode.MARKET_NOT_ACCEPTING_ORDERS, `${market.symbol} is ${market.status}`);
  if (!order || order.accountId !== command.accountId) {
    return refuse(RejectCode.UNKNOWN_ORDER, `no open order ${command.orderId}`);
  }
  if (waiting || order.priceTicks === null) {
    return refuse(RejectCode.AMEND_NOT_ALLOWED, 'an untriggered order cannot be amended: cancel and replace it');
  }
  const changed = changedImmutableField(command, order);
  if (changed !== null) return refuse(RejectCode.AMEND_NOT_ALLOWED, `${changed} cannot be amended`);
  if (command.priceTicks === undefined && command.sizeLots === undefined) {
    return refuse(RejectCode.AMEND_NOT_ALLOWED, 'an amend needs a new price or size');
  }
  const filledLots = order.sizeLots - order.remainingLots;
  const sizeLots = command.sizeLots ?? order.sizeLots;
  if (!isPositiveSteps(sizeLots))
    return refuse(RejectCode.INVALID_SIZE, `size ${sizeLots} is not a whole number of lots`);
  if (sizeLots < market.minSizeLots) {
    return refuse(RejectCode.SIZE_BELOW_MINIMUM, `size ${sizeLots} is below ${market.minSizeLots} lots`);
  }
  if (sizeLots <= filledLots)
    return refuse(RejectCode.INVALID_SIZE, `size ${sizeLots} is not above the ${filledLots} lots filled`);
  let priceTicks = command.priceTicks ?? order.priceTicks;
  if (!isPositiveSteps(priceTicks))
    return refuse(RejectCode.INVALID_PRICE, `price ${priceTicks} is not a whole number of ticks`);
  if (priceTicks !== order.priceTicks && !book.band.contains(priceTicks)) {
    return refuse(
      RejectCode.PRICE_OUTSIDE_BAND,
      `price ${priceTicks} is outside the band around mark ${book.band.markTicks}`,
    );
  }
  if (order.postOnly !== null) {
    const resting = postOnlyPrice(book, order.side, priceTicks, order.postOnly);
    if (resting === null)
      return refuse(RejectCode.POST_ONLY_WOULD_TAKE, `a post-only ${order.side} at ${priceTicks} would take liquidity`);
    priceTicks = resting;
  } else if (market.status === 'post_only' && wouldCross(book, order.side, priceTicks)) {
    return refuse(
      RejectCode.MARKET_NOT_ACCEPTING_ORDERS,
      `${market.symbol} is post_only: only non-crossing limit orders`,
    );
  }
  let remainingLots = sizeLots - filledLots;
  if (order.reduceOnly)
    remainingLots = Math.min(remainingLots, reducibleLots(order.side, book.positionOf(order.accountId)));
  const samePrice = priceTicks === order.priceTicks;
  if (!levelHasRoom(book, order.side, priceTicks, remainingLots - (samePrice ? order.remainingLots : 0))) {
    return refuse(RejectCode.INVALID_SIZE, `level ${priceTicks} cannot hold ${remainingLots} more lots`);
  }
  const priorityKept = samePrice && remainingLots <= order.remainingLots;
  return { plan: { priceTicks, sizeLots: filledLots + remainingLots, remainingLots, priorityKept } };
}

/** Applies an amend: in place when it keeps priority, else the order re-enters as a taker at its new terms. */
export function applyAmend(book: BookState, command: AmendOrder): void {
  const order = book.orders.get(command.orderId);
  const check = planAmend(command, order, order?.place === 'pending', book);
  if ('rejection' in check) {
    book.reject(command.orderId, command.accountId, check.rejection);
    return;
  }
  const { plan } = check;
  const target = order as RestingOrder;
  if (plan.priorityKept) {
    if (plan.remainingLots < target.remainingLots) book.shrink(target, plan.remainingLots);
    book.events.push(amendedEvent(book.nextSeq(), target, 'amend', target, true));
    return;
  }
  book.lift(target);
  target.priceTicks = plan.priceTicks;
  target.sizeLots = plan.sizeLots;
  target.remainingLots = plan.remainingLots;
  book.events.push(amendedEvent(book.nextSeq(), target, 'amend', plan, false));
  execute(book, target);
}
