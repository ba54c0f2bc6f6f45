export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
/** GTD orders carry an expiry; FOK orders fill completely at once or not at all. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTD';
export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

/**
 * A conditional order waits until its reference price reaches the trigger price, then enters the
 * book as its `OrderType`. A stop fires when the price moves against the order's side (a buy stop
 * when the price rises to the trigger), a take-profit when it moves in favour (a buy when it falls).
 * So stop-market is type 'market' with a 'stop' trigger, take-profit-limit is 'limit' with 'take_profit'.
 */
export type TriggerKind = 'stop' | 'take_profit';
/** The price a trigger watches: the market's mark price or its last trade price. */
export type TriggerReference = 'mark' | 'last';
/** A post-only order that would take liquidity is rejected, or re-priced one tick behind the best opposite price. */
export type PostOnlyMode = 'reject' | 'reprice';
/** What happens when a taker meets a resting order of its own account; chosen by the taker. */
export type SelfTradePrevention = 'cancel_maker' | 'cancel_taker' | 'cancel_both';

export const SIDES: readonly Side[] = ['buy', 'sell'];
export const ORDER_TYPES: readonly OrderType[] = ['limit', 'market'];
/** The times in force the HTTP edge and the orders table offer; FOK and GTD are matching-engine only so far. */
export const TIMES_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC'];

export function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** +1 for buys, -1 for sells: the sign a fill gives the position. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}
