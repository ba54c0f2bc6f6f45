import type { ConditionalOrder } from './book-order';
import type { BookState } from './book-state';
import { triggeredEvent } from './events';
import { execute } from './matching';
import { levelHasRoom, referencePrice, restsOnBook } from './place-validation';
import { reducibleLots } from './reduce-only';

/**
 * Fires every conditional order whose reference price has reached its trigger, one at a time in
 * the TriggerBook's order, until none is left: a fired order's trades move the last price and can
 * reach further triggers. Only while the market is active; otherwise they wait.
 */
export function fireTriggers(book: BookState): void {
  if (book.market.status !== 'active' || book.triggers.size === 0) return;
  for (;;) {
    const order = book.triggers.next(book.band.markTicks, book.lastPriceTicks);
    if (order === null) return;
    fire(book, order);
  }
}

/**
 * A fired order enters as a new taker. It first passes what a new order would: a reduce-only one
 * is capped to the position it can close (cancelled when it can close nothing); a limit price must
 * lie inside the band and fit its level.
 */
function fire(book: BookState, order: ConditionalOrder): void {
  const referenceTicks = referencePrice(book, order.trigger.reference) as number;
  book.release(order);
  const reducible = order.reduceOnly ? reducibleLots(order.side, order.account.positionLots) : order.remainingLots;
  if (reducible > 0 && reducible < order.remainingLots) {
    order.sizeLots -= order.remainingLots - reducible;
    order.remainingLots = reducible;
  }
  book.events.push(triggeredEvent(book.nextSeq(), order, order.trigger, referenceTicks, order.remainingLots));
  if (reducible === 0) {
    book.done(order, 'reduce_only', order.remainingLots);
    return;
  }
  const price = order.priceTicks;
  const restable = price !== null && restsOnBook(order.type, order.timeInForce);
  if (
    price !== null &&
    (!book.band.contains(price) || (restable && !levelHasRoom(book, order.side, price, order.remainingLots)))
  ) {
    book.done(order, 'trigger_rejected', order.remainingLots);
    return;
  }
  execute(book, order);
}
