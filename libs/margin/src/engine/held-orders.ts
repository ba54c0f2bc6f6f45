import type { AmendOrder, OrderAcceptedEvent, OrderTrigger } from '@exchange/contracts';
import type { Side } from '@exchange/domain';
import type { AccountBook } from '../account-book';
import type { OpenOrder, OrderTerms } from '../open-orders';

// How the engine holds an order's margin: at what price, what a reduce-only order can close, what an
// amend asks for, and how the book's answers change a hold.

/** Where an order would trade: its limit, a stop-market's trigger; null (at the mark) for a plain market order. */
export function heldPrice(priceTicks: number | null, trigger: OrderTrigger | undefined): number | null {
  if (priceTicks !== null || trigger === undefined) return priceTicks;
  return Number.isSafeInteger(trigger.priceTicks) && trigger.priceTicks > 0 ? trigger.priceTicks : null;
}

/** Lots a reduce-only order on `side` can close: 0 when the position is flat or on its side. */
export function reducibleLots(side: Side, positionLots: number): number {
  return Math.max(0, side === 'sell' ? positionLots : -positionLots);
}

/** The terms an amend asks for (its size is the new total, filled lots included); null when the book will refuse it. */
export function amendedTerms(order: OpenOrder, command: AmendOrder): OrderTerms | null {
  if (order.priceTicks === null) return null;
  const priceTicks = command.priceTicks ?? order.priceTicks;
  const sizeLots = command.sizeLots ?? order.sizeLots;
  const remainingLots = sizeLots - (order.sizeLots - order.remainingLots);
  const whole = (value: number) => Number.isSafeInteger(value) && value > 0;
  return whole(priceTicks) && whole(sizeLots) && remainingLots > 0 ? { priceTicks, sizeLots, remainingLots } : null;
}

export const addsRisk = (order: OpenOrder, terms: OrderTerms): boolean =>
  terms.priceTicks !== order.priceTicks || terms.remainingLots > order.remainingLots;

/** The book took an order: its terms become the book's; one the engine never held (placed before a restart) is held now. */
export function acceptedByBook(account: AccountBook, market: string, event: OrderAcceptedEvent): void {
  const terms = { sizeLots: event.sizeLots, remainingLots: event.sizeLots };
  if (account.bookedOrder(event.orderId)) {
    account.confirm(event.orderId);
    account.bookReports(event.orderId, terms);
    return;
  }
  const { orderId, side, clientOrderId } = event;
  account.addOrder(
    { orderId, market, side, priceTicks: heldPrice(event.priceTicks, event.trigger), clientOrderId, ...terms },
    true,
  );
}

/**
 * The book refused a command naming this order: a new order's placement (never confirmed), or an
 * amend of an open one, whose terms are then no longer held. Anything else changes no hold.
 */
export function refusedByBook(account: AccountBook, orderId: string): void {
  if (!account.bookedOrder(orderId)) return;
  if (!account.isConfirmed(orderId)) account.removeOrder(orderId);
  else if (account.hasAmendInFlight(orderId)) account.amendAnswered(orderId, null);
}
