export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC';
export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

export const SIDES: readonly Side[] = ['buy', 'sell'];
export const ORDER_TYPES: readonly OrderType[] = ['limit', 'market'];
export const TIMES_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC'];

export function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** +1 for buys, -1 for sells: the sign a fill gives the position. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}
