import type { OrderType, RejectCode, Side, TimeInForce } from '@exchange/domain';
import { defineTopic, hasString } from './topic';

/** A new order, as the gateway validated it: integers only, ids assigned. */
export interface PlaceOrder {
  readonly kind: 'place';
  /** Correlates the gateway's pending HTTP or WebSocket request with the engines' answers. */
  readonly requestId: string;
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Limit price in ticks; null for market orders. */
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  /** When the gateway received the request, microseconds since the epoch. */
  readonly receivedAtUs: number;
}

export interface CancelOrder {
  readonly kind: 'cancel';
  readonly requestId: string;
  readonly orderId: string;
  readonly accountId: string;
  /**
   * The order's market. The gateway may not know it (DELETE /v1/orders/{id}) and sends null;
   * portfolio-margin, which holds the account's open orders, fills it in before the book sees it.
   */
  readonly market: string | null;
  readonly receivedAtUs: number;
}

export type OrderCommand = PlaceOrder | CancelOrder;

const isOrderCommand = (record: Record<string, unknown>): boolean =>
  (record.kind === 'place' || record.kind === 'cancel') && hasString(record, 'requestId', 'orderId', 'accountId');

/** gateway -> portfolio-margin (R1). Keyed by account: one account's commands stay in order. */
export const ORDER_COMMANDS = defineTopic<OrderCommand>('orders.commands', 4, (m) => m.accountId, isOrderCommand);

/** portfolio-margin -> matching-engine, after the pre-trade check; market always set. Keyed by market. */
export const ORDERS_ACCEPTED = defineTopic<OrderCommand>(
  'orders.accepted',
  4,
  (m) => m.market ?? '',
  (record) => isOrderCommand(record) && hasString(record, 'market'),
);

/** A command the risk stage refused; it never reached the book. */
export interface CommandRejected {
  readonly kind: 'rejected';
  readonly requestId: string;
  readonly orderId: string;
  readonly accountId: string;
  readonly market: string | null;
  readonly code: RejectCode;
  readonly message: string;
  /** Amounts that explain the rejection (e.g. required and available margin), decimal strings. */
  readonly details: Readonly<Record<string, string>>;
}

/** portfolio-margin -> gateway. Keyed by account. */
export const ORDER_RESULTS = defineTopic<CommandRejected>(
  'orders.results',
  4,
  (m) => m.accountId,
  (record) => record.kind === 'rejected' && hasString(record, 'requestId', 'orderId', 'accountId', 'code'),
);
