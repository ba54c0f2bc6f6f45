/**
 * Machine-readable reasons, shared by engines, contracts and the HTTP edge.
 * Stable strings: clients switch on them.
 */
export const RejectCode = {
  INSUFFICIENT_MARGIN: 'INSUFFICIENT_MARGIN',
  UNKNOWN_MARKET: 'UNKNOWN_MARKET',
  UNKNOWN_ACCOUNT: 'UNKNOWN_ACCOUNT',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  DUPLICATE_ORDER_ID: 'DUPLICATE_ORDER_ID',
  DUPLICATE_CLIENT_ORDER_ID: 'DUPLICATE_CLIENT_ORDER_ID',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_SIZE: 'INVALID_SIZE',
  SIZE_BELOW_MINIMUM: 'SIZE_BELOW_MINIMUM',
  MARKET_NOT_ACCEPTING_ORDERS: 'MARKET_NOT_ACCEPTING_ORDERS',
  NO_MARK_PRICE: 'NO_MARK_PRICE',
  NO_LIQUIDITY: 'NO_LIQUIDITY',
} as const;

export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode];

/** Why an order left the book. */
export type DoneReason = 'filled' | 'cancelled' | 'unfilled_ioc' | 'no_liquidity' | 'self_trade_prevented';
