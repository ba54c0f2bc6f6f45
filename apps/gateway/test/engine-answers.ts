import type {
  CommandRejected,
  MatchingEvent,
  OrderAcceptedEvent,
  OrderDoneEvent,
  PlaceOrder,
  TraderCommand,
} from '@exchange/contracts';
import type { DoneReason, RejectCode } from '@exchange/domain';
import type { EngineAnswer } from './app-harness';

/** Builders of the engines' answers, as the book and the risk stage give them. */

export function asPlace(command: TraderCommand): PlaceOrder {
  if (command.kind !== 'place') throw new Error(`expected a place command, got ${command.kind}`);
  return command;
}

/** The order a command names; '' for a cancel-all, which names none. */
export const orderIdOf = (command: TraderCommand): string => ('orderId' in command ? command.orderId : '');

/** The book's accepted event for a place command, echoing the options it set. */
export function acceptedEvent(seq: number, place: PlaceOrder, sizeLots = place.sizeLots): OrderAcceptedEvent {
  const { trigger, expiresAtUs, postOnly, reduceOnly, selfTradePrevention } = place;
  return {
    type: 'accepted',
    seq,
    orderId: place.orderId,
    accountId: place.accountId,
    clientOrderId: place.clientOrderId,
    side: place.side,
    orderType: place.type,
    timeInForce: place.timeInForce,
    priceTicks: place.priceTicks,
    sizeLots,
    ...(trigger === undefined ? {} : { trigger }),
    ...(expiresAtUs === undefined ? {} : { expiresAtUs }),
    ...(postOnly === undefined ? {} : { postOnly }),
    ...(reduceOnly === undefined ? {} : { reduceOnly }),
    ...(selfTradePrevention === undefined ? {} : { selfTradePrevention }),
  };
}

export const doneEvent = (
  seq: number,
  orderId: string,
  accountId: string,
  reason: DoneReason,
  remainingLots: number,
): OrderDoneEvent => ({ type: 'done', seq, orderId, accountId, reason, remainingLots });

/** A place command whose order rests whole at its price (`atTicks` when the book re-priced it). */
export const restingOrder = (command: TraderCommand, atTicks?: number): EngineAnswer => ({
  events: (seq) => {
    const place = asPlace(command);
    return [
      acceptedEvent(seq(), place),
      {
        type: 'rested',
        seq: seq(),
        orderId: place.orderId,
        accountId: place.accountId,
        side: place.side,
        priceTicks: atTicks ?? place.priceTicks ?? 0,
        remainingLots: place.sizeLots,
      },
    ];
  },
});

/** A cancel of a known order with `remainingLots` open. */
export const cancelledOrder = (command: TraderCommand, remainingLots: number, orderId = orderIdOf(command)) => ({
  events: (seq: () => number): MatchingEvent[] => [
    doneEvent(seq(), orderId, command.accountId, 'cancelled', remainingLots),
  ],
});

/** The book refusing the command. */
export const bookRejection = (command: TraderCommand, code: RejectCode, message: string): EngineAnswer => ({
  events: (seq) => [
    { type: 'rejected', seq: seq(), orderId: orderIdOf(command), accountId: command.accountId, code, message },
  ],
});

/** The risk stage refusing the command before it reaches a book. */
export const riskRejection = (
  command: TraderCommand,
  code: RejectCode,
  message: string,
  details: Record<string, string> = {},
): CommandRejected => ({
  kind: 'rejected',
  requestId: command.requestId,
  orderId: orderIdOf(command),
  accountId: command.accountId,
  market: command.market,
  code,
  message,
  details,
});
