import { opposite } from '@exchange/domain';
import type { AccountState } from './accounts';
import type { BookOrder } from './book-order';
import type { BookState } from './book-state';
import { withinLimit } from './place-validation';
import { positionDelta, reducibleLots } from './reduce-only';
import { cancelsTaker } from './self-trade';

/**
 * Whether matching `taker` now would fill it completely: a dry run of the sweep that changes
 * nothing, so a fill-or-kill that cannot fill leaves no trace. It follows the rules the sweep
 * follows: own orders are skipped (cancel_maker) or end it (cancel_taker, cancel_both), and a
 * reduce-only maker offers only what its account's position, as the earlier fills leave it, can close.
 */
export function canFillCompletely(book: BookState, taker: BookOrder, limitTicks: number | null): boolean {
  let needed = taker.remainingLots;
  const stopsAtOwnOrder = cancelsTaker(taker.selfTradePrevention);
  /** Positions the sweep would leave, for accounts with reduce-only orders only. */
  let positions: Map<AccountState, number> | null = null;
  for (const maker of book.sideOf(opposite(taker.side)).ordersBestFirst()) {
    if (limitTicks !== null && !withinLimit(taker.side, limitTicks, maker.priceTicks)) return false;
    const { account } = maker;
    if (account === taker.account) {
      if (stopsAtOwnOrder) return false;
      continue;
    }
    if (account.reduceOnly.size === 0) {
      needed -= Math.min(needed, maker.remainingLots);
    } else {
      positions ??= new Map();
      const position = positions.get(account) ?? account.positionLots;
      const offered = maker.reduceOnly
        ? Math.min(maker.remainingLots, reducibleLots(maker.side, position))
        : maker.remainingLots;
      const lots = Math.min(needed, offered);
      positions.set(account, position + positionDelta(maker.side, lots));
      needed -= lots;
    }
    if (needed === 0) return true;
  }
  return false;
}
