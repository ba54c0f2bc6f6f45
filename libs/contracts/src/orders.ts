import type {
  MarketSpec,
  MarketStatus,
  OrderType,
  PostOnlyMode,
  RejectCode,
  SelfTradePrevention,
  Side,
  TimeInForce,
  TriggerKind,
  TriggerReference,
} from '@exchange/domain';
import { defineTopic, hasNumber, hasString } from './topic';

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
  /** Makes the order conditional: it waits, off the book, until the trigger fires. */
  readonly trigger?: OrderTrigger;
  /** GTD only: the order expires once a clock command reaches this time (µs since the epoch). */
  readonly expiresAtUs?: number;
  /** Set: the order may only add liquidity. Limit orders with GTC or GTD only. */
  readonly postOnly?: PostOnlyMode;
  /** The order may only shrink the account's position in the market. */
  readonly reduceOnly?: boolean;
  /** Default cancel_maker. */
  readonly selfTradePrevention?: SelfTradePrevention;
}

export interface OrderTrigger {
  readonly kind: TriggerKind;
  readonly reference: TriggerReference;
  readonly priceTicks: number;
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
  /**
   * Cancels the account's open order carrying this client order id instead of looking up
   * `orderId`, which then only names the request in a rejection. Portfolio-margin resolves it
   * from the account's open orders: the book receives the order's own id, market and no client id.
   */
  readonly clientOrderId?: string;
}

export type OrderCommand = PlaceOrder | CancelOrder;

/**
 * Changes an open order's price and/or total size (filled plus open). Reducing only the size keeps
 * the order's time priority; a new price or a larger size re-enters it at the back of its level (and
 * it may trade if the new price crosses). `side`, `type` and `reduceOnly`, when sent, must equal the
 * order's: they cannot be amended.
 */
export interface AmendOrder {
  readonly kind: 'amend';
  readonly requestId: string;
  readonly orderId: string;
  readonly accountId: string;
  readonly market: string;
  readonly priceTicks?: number;
  readonly sizeLots?: number;
  readonly side?: Side;
  readonly type?: OrderType;
  readonly reduceOnly?: boolean;
  readonly receivedAtUs: number;
}

/**
 * Cancels every open order of the account in one market, or in every market when `market` is null.
 * Books cancel per market, so portfolio-margin fans a null market out into one cancel_all per market
 * where the account has open orders (every listed market when it has none, so that an answer always
 * comes back), each with this command's requestId: the gateway receives one matching batch per market.
 */
export interface CancelAllOrders {
  readonly kind: 'cancel_all';
  readonly requestId: string;
  readonly accountId: string;
  readonly market: string | null;
  readonly receivedAtUs: number;
}

/** The market's mark price: moves the price band and fires mark-price triggers. */
export interface MarkPriceCommand {
  readonly kind: 'mark';
  readonly market: string;
  readonly priceTicks: number;
}

/** Engine time advances to `timestampUs` (never back): GTD orders due by then expire. */
export interface ClockCommand {
  readonly kind: 'clock';
  readonly market: string;
  readonly timestampUs: number;
}

export interface MarketStatusCommand {
  readonly kind: 'status';
  readonly market: string;
  readonly status: MarketStatus;
}

/** Sets an account's net position (signed lots) as settlement knows it; reduce-only orders follow. */
export interface SetPositionCommand {
  readonly kind: 'set_position';
  readonly market: string;
  readonly accountId: string;
  readonly positionLots: number;
}

/** What a trader sends about orders; after the risk check these go on to the book. */
export type TraderCommand = OrderCommand | AmendOrder | CancelAllOrders;

export type MarginMode = 'standard' | 'portfolio';

/**
 * A sub-account switches margin model. The risk stage takes it in order with the account's orders,
 * accepts it when equity covers the initial margin under the new model, and records it.
 */
export interface SetMarginMode {
  readonly kind: 'margin_mode';
  readonly requestId: string;
  readonly accountId: string;
  readonly mode: MarginMode;
  readonly receivedAtUs: number;
}

/** Everything the gateway publishes to orders.commands: order commands and account settings. */
export type TraderRequest = TraderCommand | SetMarginMode;

/**
 * A market the staff listed: the book is created when this reaches it, after everything before it
 * in the market's input, so a replay creates it at the same point.
 */
export interface ListMarketCommand {
  readonly kind: 'list';
  readonly market: string;
  readonly spec: MarketSpec;
}

/** Inputs about the market rather than one account's orders. */
export type MarketCommand =
  | MarkPriceCommand
  | ClockCommand
  | MarketStatusCommand
  | SetPositionCommand
  | ListMarketCommand;

/**
 * Everything a market's book accepts, in one input stream so that replaying the stream replays the
 * book exactly: the book reads no clock and no price feed of its own.
 */
export type BookCommand = TraderCommand | MarketCommand;

/** The fields a trader command needs to be routed and answered; the book checks the rest. */
function isTraderCommand(record: Record<string, unknown>): boolean {
  switch (record.kind) {
    case 'place':
    case 'cancel':
      return hasString(record, 'requestId', 'orderId', 'accountId');
    case 'amend':
      return hasString(record, 'requestId', 'orderId', 'accountId', 'market');
    case 'cancel_all':
      return hasString(record, 'requestId', 'accountId') && (record.market === null || hasString(record, 'market'));
    default:
      return false;
  }
}

/** The fields a market-level command needs; they come from the exchange, never from a trader. */
function isMarketCommand(record: Record<string, unknown>): boolean {
  switch (record.kind) {
    case 'mark':
      return hasNumber(record, 'priceTicks');
    case 'clock':
      return hasNumber(record, 'timestampUs');
    case 'status':
      return hasString(record, 'status');
    case 'set_position':
      return hasString(record, 'accountId') && hasNumber(record, 'positionLots');
    case 'list':
      return (
        typeof record.spec === 'object' &&
        record.spec !== null &&
        hasString(record.spec as Record<string, unknown>, 'symbol', 'kind', 'underlying')
      );
    default:
      return false;
  }
}

/** gateway -> portfolio-margin (R1). Keyed by account: one account's commands stay in order. */
export const ORDER_COMMANDS = defineTopic<TraderRequest>(
  'orders.commands',
  4,
  (m) => m.accountId,
  (record) => isTraderCommand(record) || isMarginModeRequest(record),
);

function isMarginModeRequest(record: Record<string, unknown>): boolean {
  return (
    record.kind === 'margin_mode' &&
    hasString(record, 'requestId', 'accountId') &&
    (record.mode === 'standard' || record.mode === 'portfolio')
  );
}

/**
 * The matching engine's whole input, keyed by market: trader commands after the pre-trade check
 * (market always set), mark prices from portfolio-margin and the engine's own clock ticks.
 */
export const ORDERS_ACCEPTED = defineTopic<BookCommand>(
  'orders.accepted',
  4,
  (m) => m.market ?? '',
  (record) => hasString(record, 'market') && (isTraderCommand(record) || isMarketCommand(record)),
);

/** A command the risk stage refused; it never reached the book. */
export interface CommandRejected {
  readonly kind: 'rejected';
  readonly requestId: string;
  /** The order the command named; '' for a cancel_all, which names none. */
  readonly orderId: string;
  readonly accountId: string;
  readonly market: string | null;
  readonly code: RejectCode;
  readonly message: string;
  /** Amounts that explain the rejection (e.g. required and available margin), decimal strings. */
  readonly details: Readonly<Record<string, string>>;
}

/** The risk stage applied an account request itself (a margin mode switch): nothing goes to a book. */
export interface RequestApplied {
  readonly kind: 'applied';
  readonly requestId: string;
  readonly accountId: string;
  readonly marginMode: MarginMode;
}

export type CommandResult = CommandRejected | RequestApplied;

/** portfolio-margin -> gateway: what the risk stage answered itself. Keyed by account. */
export const ORDER_RESULTS = defineTopic<CommandResult>(
  'orders.results',
  4,
  (m) => m.accountId,
  (record) =>
    (record.kind === 'rejected' && hasString(record, 'requestId', 'orderId', 'accountId', 'code')) ||
    (record.kind === 'applied' && hasString(record, 'requestId', 'accountId', 'marginMode')),
);
