import type { OrderTrigger, PlaceOrder } from '@exchange/contracts';
import type { OrderType, PostOnlyMode, SelfTradePrevention, Side, TimeInForce } from '@exchange/domain';
import type { AccountState } from './accounts';
import type { PriceLevel } from './price-level';
import { DEFAULT_SELF_TRADE_PREVENTION } from './self-trade';

/**
 * Where an accepted order is: `live` while it trades as the taker of a command (or after it left),
 * `resting` in its price level's queue, `pending` waiting for its trigger.
 */
export type OrderPlace = 'live' | 'resting' | 'pending';

/**
 * An accepted order from acceptance until it leaves. While it rests it is also the node of its
 * price level's FIFO queue, so a cancel unlinks it in O(1). Internal: callers get snapshots.
 */
export class BookOrder {
  prev: RestingOrder | null = null;
  /** The level whose queue it is in while it rests: cancels and fills reach it without a price lookup. */
  level: PriceLevel | null = null;
  next: RestingOrder | null = null;
  /** Links of the account's list of open orders. */
  accountPrev: BookOrder | null = null;
  accountNext: BookOrder | null = null;
  place: OrderPlace = 'live';
  /** In the book's indexes (by id, account, client order id, expiry): from resting or waiting until done. */
  indexed = false;
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Limit price; null for market orders (and stop-market orders while they wait). */
  priceTicks: number | null;
  /** Total size: filled plus open. Amends and reduce-only resizing change it. */
  sizeLots: number;
  remainingLots: number;
  readonly trigger: OrderTrigger | null;
  readonly expiresAtUs: number | null;
  readonly postOnly: PostOnlyMode | null;
  readonly reduceOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;

  constructor(
    command: PlaceOrder,
    readonly account: AccountState,
    /** Sequence of the order's accepted event: the tie-break wherever orders are ordered by arrival. */
    readonly acceptedSeq: number,
    /** Engine time of the command that placed it. */
    readonly acceptedAtUs: number,
    sizeLots: number,
  ) {
    this.orderId = command.orderId;
    this.accountId = command.accountId;
    this.clientOrderId = command.clientOrderId;
    this.side = command.side;
    this.type = command.type;
    this.timeInForce = command.timeInForce;
    this.priceTicks = command.priceTicks;
    this.sizeLots = sizeLots;
    this.remainingLots = sizeLots;
    this.trigger = command.trigger ?? null;
    this.expiresAtUs = command.expiresAtUs ?? null;
    this.postOnly = command.postOnly ?? null;
    this.reduceOnly = command.reduceOnly ?? false;
    this.selfTradePrevention = command.selfTradePrevention ?? DEFAULT_SELF_TRADE_PREVENTION;
  }
}

/** An order with a price: the only kind that can rest in a level. */
export type RestingOrder = BookOrder & { priceTicks: number };

/** A conditional order: the only kind that can wait for a trigger. */
export type ConditionalOrder = BookOrder & { readonly trigger: OrderTrigger };

export const hasPrice = (order: BookOrder): order is RestingOrder => order.priceTicks !== null;

export const isConditional = (order: BookOrder): order is ConditionalOrder => order.trigger !== null;

/** Earlier acceptance first. */
export const byAcceptance = (a: BookOrder, b: BookOrder): number => a.acceptedSeq - b.acceptedSeq;

export function openOrderOf(order: RestingOrder): OpenOrder {
  const { orderId, accountId, side, priceTicks, sizeLots, remainingLots, acceptedAtUs } = order;
  return { orderId, accountId, side, priceTicks, sizeLots, remainingLots, acceptedAtUs };
}

/** A resting order as the book reports it. */
export interface OpenOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: Side;
  readonly priceTicks: number;
  /** Size the order was placed with (or amended to), filled plus open. */
  readonly sizeLots: number;
  /** Size still open. */
  readonly remainingLots: number;
  /** Engine time of the command that placed it. */
  readonly acceptedAtUs: number;
}
