import { opposite } from '@exchange/domain';
import { hasPrice, type BookOrder } from './book-order';
import type { BookState } from './book-state';
import { fillEvent, restedEvent } from './events';
import { canFillCompletely } from './fill-or-kill';
import { restsOnBook, withinLimit } from './place-validation';
import { enforceReduceOnly, positionDelta } from './reduce-only';
import { cancelsMaker, cancelsTaker } from './self-trade';

/**
 * Runs a live order as the taker and finishes it: it sweeps the opposite side, then rests its
 * remainder (GTC, GTD limit orders) or is done. Market orders trade no further than the price band.
 */
export function execute(book: BookState, order: BookOrder): void {
  const limitTicks = order.priceTicks ?? book.band.marketLimit(order.side);
  if (order.timeInForce === 'FOK' && !canFillCompletely(book, order, limitTicks)) {
    book.done(order, 'unfilled_fok', order.remainingLots);
    return;
  }
  const stoppedBySelfTrade = match(book, order, limitTicks);
  if (stoppedBySelfTrade) {
    book.done(order, 'self_trade_prevented', order.remainingLots);
  } else if (order.remainingLots === 0) {
    book.done(order, 'filled', 0);
  } else if (hasPrice(order) && restsOnBook(order.type, order.timeInForce)) {
    book.rest(order);
    book.events.push(restedEvent(book.nextSeq(), order, order.side, order.priceTicks, order.remainingLots));
  } else {
    const nothingFilled = order.type === 'market' && order.remainingLots === order.sizeLots;
    book.done(order, nothingFilled ? 'no_liquidity' : 'unfilled_ioc', order.remainingLots);
  }
}

/**
 * Sweeps the opposite side best price first, FIFO within a level, while the taker's limit allows.
 * Every fill trades at the maker's price and moves both accounts' positions, after which their
 * reduce-only orders are re-checked. Returns true when self-trade prevention stopped the taker.
 */
function match(book: BookState, taker: BookOrder, limitTicks: number | null): boolean {
  const makers = book.sideOf(opposite(taker.side));
  const symbol = book.market.symbol;
  while (taker.remainingLots > 0) {
    const maker = makers.bestOrder();
    if (maker === null || (limitTicks !== null && !withinLimit(taker.side, limitTicks, maker.priceTicks))) return false;
    if (maker.account === taker.account) {
      if (cancelsMaker(taker.selfTradePrevention)) {
        book.release(maker);
        book.done(maker, 'self_trade_prevented', maker.remainingLots);
      }
      if (cancelsTaker(taker.selfTradePrevention)) return true;
      continue;
    }
    const lots = Math.min(taker.remainingLots, maker.remainingLots);
    makers.reduce(maker, lots);
    taker.remainingLots -= lots;
    book.events.push(fillEvent(book.nextSeq(), symbol, maker.priceTicks, lots, taker.side, maker, taker));
    book.lastPriceTicks = maker.priceTicks;
    maker.account.positionLots += positionDelta(maker.side, lots);
    taker.account.positionLots += positionDelta(taker.side, lots);
    if (maker.remainingLots === 0) {
      book.release(maker);
      book.done(maker, 'filled', 0);
    }
    enforceReduceOnly(book, maker.account);
    enforceReduceOnly(book, taker.account);
  }
  return false;
}
