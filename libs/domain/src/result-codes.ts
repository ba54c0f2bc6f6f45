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
  /** A limit price outside the band around the mark price. */
  PRICE_OUTSIDE_BAND: 'PRICE_OUTSIDE_BAND',
  /** A post-only order that would trade on arrival (or cannot be re-priced behind the best price). */
  POST_ONLY_WOULD_TAKE: 'POST_ONLY_WOULD_TAKE',
  /** A reduce-only order while the position is flat or on the order's side. */
  REDUCE_ONLY_WOULD_INCREASE: 'REDUCE_ONLY_WOULD_INCREASE',
  INVALID_TRIGGER: 'INVALID_TRIGGER',
  /** A conditional order whose reference price has already reached its trigger. */
  WOULD_TRIGGER_IMMEDIATELY: 'WOULD_TRIGGER_IMMEDIATELY',
  /** A GTD expiry that is missing, malformed or not after the engine's clock. */
  INVALID_EXPIRY: 'INVALID_EXPIRY',
  /** Options that contradict each other or are unknown (e.g. post-only IOC). */
  INVALID_ORDER_OPTIONS: 'INVALID_ORDER_OPTIONS',
  /** An amend of side, type or reduce-only, of an untriggered order, or with nothing to change. */
  AMEND_NOT_ALLOWED: 'AMEND_NOT_ALLOWED',
  /** A malformed command the book cannot interpret (unknown kind, bad clock or status). */
  INVALID_COMMAND: 'INVALID_COMMAND',
} as const;

export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode];

/**
 * Why an order left the book (or never rested). `expired`: its GTD time passed; `unfilled_fok`:
 * a fill-or-kill that could not fill completely, killed without a trace on the book; `reduce_only`:
 * a reduce-only order that would no longer reduce the position; `trigger_rejected`: a triggered
 * order that failed the checks a new order must pass (its limit outside the price band, its level full).
 */
export type DoneReason =
  | 'filled'
  | 'cancelled'
  | 'unfilled_ioc'
  | 'no_liquidity'
  | 'self_trade_prevented'
  | 'expired'
  | 'unfilled_fok'
  | 'reduce_only'
  | 'trigger_rejected';
