import type { Side } from '@exchange/domain';
import type { AccountState } from './accounts';
import { byAcceptance, type RestingOrder } from './book-order';
import type { BookState } from './book-state';
import { amendedEvent } from './events';

/**
 * Lots a reduce-only order on `side` may trade: the part of the position it closes (a sell closes a
 * long, a buy a short). 0 when the position is flat or on the order's side.
 */
export function reducibleLots(side: Side, positionLots: number): number {
  if (side === 'sell') return positionLots > 0 ? positionLots : 0;
  return positionLots < 0 ? -positionLots : 0;
}

/** The signed change a fill of `lots` on `side` makes to a position. */
export const positionDelta = (side: Side, lots: number): number => (side === 'buy' ? lots : -lots);

/**
 * After `account`'s position changed: every resting reduce-only order of the account may trade at
 * most what the position lets it close. Larger ones shrink in place (keeping priority); ones that
 * can close nothing are cancelled. In acceptance order.
 */
export function enforceReduceOnly(book: BookState, account: AccountState): void {
  if (account.reduceOnly.size === 0) return;
  let excess: RestingOrder[] | null = null;
  for (const order of account.reduceOnly) {
    if (order.remainingLots > reducibleLots(order.side, account.positionLots)) (excess ??= []).push(order);
  }
  if (excess === null) return;
  for (const order of excess.sort(byAcceptance)) {
    const allowed = reducibleLots(order.side, account.positionLots);
    if (allowed === 0) {
      book.release(order);
      book.done(order, 'reduce_only', order.remainingLots);
    } else {
      book.shrink(order, allowed);
      book.events.push(amendedEvent(book.nextSeq(), order, 'reduce_only', order, true));
    }
  }
}
