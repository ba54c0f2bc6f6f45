import type {
  MatchingEvent,
  OrderAcceptedEvent,
  OrderAmendedEvent,
  OrderDoneEvent,
  OrderRejectedEvent,
  OrderRestedEvent,
  OrderTriggeredEvent,
  PlaceOrder,
} from '@exchange/contracts';
import type { DoneReason, MarketStatus, RejectCode, Side } from '@exchange/domain';

/** The event constructors both books share, so equal behaviour serialises to equal events. */

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Rejection {
  readonly code: RejectCode;
  readonly message: string;
}

/** The order an event is about. */
interface OrderRef {
  readonly orderId: string;
  readonly accountId: string;
}

/** The accepted event echoes the command, with the options it set and the size the book took. */
export function acceptedEvent(seq: number, command: PlaceOrder, sizeLots: number): OrderAcceptedEvent {
  const event: Mutable<OrderAcceptedEvent> = {
    type: 'accepted',
    seq,
    orderId: command.orderId,
    accountId: command.accountId,
    clientOrderId: command.clientOrderId,
    side: command.side,
    orderType: command.type,
    timeInForce: command.timeInForce,
    priceTicks: command.priceTicks,
    sizeLots,
  };
  if (command.trigger !== undefined) event.trigger = command.trigger;
  if (command.expiresAtUs !== undefined) event.expiresAtUs = command.expiresAtUs;
  if (command.postOnly !== undefined) event.postOnly = command.postOnly;
  if (command.reduceOnly !== undefined) event.reduceOnly = command.reduceOnly;
  if (command.selfTradePrevention !== undefined) event.selfTradePrevention = command.selfTradePrevention;
  return event;
}

export const rejectedEvent = (
  seq: number,
  orderId: string,
  accountId: string,
  { code, message }: Rejection,
): OrderRejectedEvent => ({ type: 'rejected', seq, orderId, accountId, code, message });

export const doneEvent = (
  seq: number,
  { orderId, accountId }: OrderRef,
  reason: DoneReason,
  remainingLots: number,
): OrderDoneEvent => ({ type: 'done', seq, orderId, accountId, reason, remainingLots });

export const restedEvent = (
  seq: number,
  { orderId, accountId }: OrderRef,
  side: Side,
  priceTicks: number,
  remainingLots: number,
): OrderRestedEvent => ({ type: 'rested', seq, orderId, accountId, side, priceTicks, remainingLots });

export const triggeredEvent = (
  seq: number,
  { orderId, accountId }: OrderRef,
  trigger: { readonly reference: OrderTriggeredEvent['reference']; readonly priceTicks: number },
  referencePriceTicks: number,
  remainingLots: number,
): OrderTriggeredEvent => ({
  type: 'triggered',
  seq,
  orderId,
  accountId,
  reference: trigger.reference,
  triggerPriceTicks: trigger.priceTicks,
  referencePriceTicks,
  remainingLots,
});

export const amendedEvent = (
  seq: number,
  { orderId, accountId }: OrderRef,
  reason: OrderAmendedEvent['reason'],
  terms: { readonly priceTicks: number; readonly sizeLots: number; readonly remainingLots: number },
  priorityKept: boolean,
): OrderAmendedEvent => ({
  type: 'amended',
  seq,
  orderId,
  accountId,
  reason,
  priceTicks: terms.priceTicks,
  sizeLots: terms.sizeLots,
  remainingLots: terms.remainingLots,
  priorityKept,
});

export const statusEvent = (seq: number, status: MarketStatus): MatchingEvent => ({ type: 'status', seq, status });

/** Who a fill names on each side, with the size still open after it. */
interface FillSide extends OrderRef {
  readonly remainingLots: number;
}

export const fillEvent = (
  seq: number,
  market: string,
  priceTicks: number,
  sizeLots: number,
  takerSide: Side,
  maker: FillSide,
  taker: FillSide,
): MatchingEvent => ({
  type: 'fill',
  seq,
  tradeId: `${market}-${seq}`,
  priceTicks,
  sizeLots,
  takerSide,
  maker: { orderId: maker.orderId, accountId: maker.accountId, remainingLots: maker.remainingLots },
  taker: { orderId: taker.orderId, accountId: taker.accountId, remainingLots: taker.remainingLots },
});
