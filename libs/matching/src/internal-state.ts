import { hasPrice, type BookOrder } from './book-order';
import { BookStateError } from './book-state-error';
import type { BookState } from './book-state';
import { reducibleLots } from './reduce-only';

const fail = (message: string): never => {
  throw new BookStateError(message);
};

/**
 * Throws BookStateError when levels, queues, totals, indexes, accounts, triggers or the spread
 * disagree: a bug, never a user error.
 */
export function checkBookState(book: BookState): void {
  const resting = [...book.bids.validate(), ...book.asks.validate()];
  const waiting = book.triggers.orders();
  if (resting.length + waiting.length !== book.orders.size) {
    fail(`${resting.length} orders on the book, ${waiting.length} waiting, ${book.orders.size} indexed`);
  }
  for (const order of resting) checkOpenOrder(book, order, 'resting');
  for (const order of waiting) checkOpenOrder(book, order, 'pending');
  checkAccounts(book);
  const expiring = [...book.orders.values()].filter((order) => order.expiresAtUs !== null).length;
  if (book.expiries.size !== expiring)
    fail(`${book.expiries.size} orders queued to expire, ${expiring} GTD orders open`);
  const overdue = book.expiries.due(book.clockUs);
  if (overdue) fail(`order ${overdue.orderId} expired at ${overdue.expiresAtUs} but is open at ${book.clockUs}`);
  const unfired = book.market.status === 'active' ? book.triggers.next(book.band.markTicks, book.lastPriceTicks) : null;
  if (unfired) fail(`order ${unfired.orderId} has reached its trigger but waits`);
  const bid = book.bids.bestPrice();
  const ask = book.asks.bestPrice();
  if (bid !== null && ask !== null && bid >= ask) fail(`crossed book: bid ${bid} ask ${ask}`);
  if (!Number.isSafeInteger(book.seq) || book.seq < 0) fail(`invalid sequence ${book.seq}`);
  if (!Number.isSafeInteger(book.clockUs) || book.clockUs < 0) fail(`invalid clock ${book.clockUs}`);
}

function checkOpenOrder(book: BookState, order: BookOrder, place: BookOrder['place']): void {
  if (book.orders.get(order.orderId) !== order || !order.indexed) fail(`order ${order.orderId} not indexed`);
  if (order.place !== place) fail(`order ${order.orderId} is marked ${order.place} but is ${place}`);
  if (!book.seenOrderIds.has(order.orderId)) fail(`order ${order.orderId} never accepted`);
  if (order.remainingLots <= 0 || order.remainingLots > order.sizeLots) {
    fail(`order ${order.orderId} has ${order.remainingLots} of ${order.sizeLots} lots open`);
  }
}

function checkAccounts(book: BookState): void {
  let open = 0;
  for (const account of book.accounts.all()) {
    const { accountId } = account;
    if (!Number.isSafeInteger(account.positionLots))
      fail(`${accountId}: position ${account.positionLots} is not exact`);
    const orders = account.validateOpenOrders();
    open += orders.length;
    let withClientId = 0;
    let reduceOnly = 0;
    for (const order of orders) {
      if (order.account !== account || book.orders.get(order.orderId) !== order) {
        fail(`${accountId}: order ${order.orderId} is not an open order of the account`);
      }
      if (order.clientOrderId !== null) {
        withClientId += 1;
        if (account.byClientOrderId.get(order.clientOrderId) !== order) {
          fail(`${accountId}: client order id ${order.clientOrderId} does not lead to ${order.orderId}`);
        }
      }
      if (order.reduceOnly && order.place === 'resting' && hasPrice(order)) {
        reduceOnly += 1;
        if (!account.reduceOnly.has(order)) fail(`${accountId}: reduce-only ${order.orderId} not tracked`);
        const reducible = reducibleLots(order.side, account.positionLots);
        if (order.remainingLots > reducible) {
          fail(
            `${accountId}: reduce-only ${order.orderId} has ${order.remainingLots} lots open, position allows ${reducible}`,
          );
        }
      }
    }
    if (account.byClientOrderId.size !== withClientId) fail(`${accountId}: stale client order ids`);
    if (account.reduceOnly.size !== reduceOnly) fail(`${accountId}: stale reduce-only orders`);
  }
  if (open !== book.orders.size) fail(`accounts hold ${open} open orders, ${book.orders.size} indexed`);
}
