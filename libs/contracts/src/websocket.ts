import type { Side } from '@exchange/domain';

/** Public market-data channels of /v1/ws. */
export type PublicChannel = 'book' | 'trades';

export interface SubscribeRequest {
  readonly op: 'subscribe' | 'unsubscribe';
  readonly channel: PublicChannel;
  readonly market: string;
}

export interface PingRequest {
  readonly op: 'ping';
}

export type ClientMessage = SubscribeRequest | PingRequest;

/** [price, size] as decimal strings; size "0" removes the level. */
export type WireLevel = readonly [string, string];

/**
 * Book channel: one snapshot, then deltas. `seq` is the market's event sequence of the change,
 * `prevSeq` the `seq` of the previous book message on this market: a client that sees a
 * `prevSeq` different from the last `seq` it applied has missed a message and must resubscribe.
 */
export interface BookMessage {
  readonly channel: 'book';
  readonly market: string;
  readonly type: 'snapshot' | 'delta';
  readonly seq: number;
  readonly prevSeq: number;
  readonly bids: readonly WireLevel[];
  readonly asks: readonly WireLevel[];
}

export interface WireTrade {
  readonly tradeId: string;
  readonly price: string;
  readonly size: string;
  readonly takerSide: Side;
  readonly seq: number;
  readonly timestampUs: number;
}

export interface TradesMessage {
  readonly channel: 'trades';
  readonly market: string;
  readonly trades: readonly WireTrade[];
}

export type ServerMessage =
  | BookMessage
  | TradesMessage
  | { readonly op: 'pong' }
  | { readonly op: 'subscribed' | 'unsubscribed'; readonly channel: PublicChannel; readonly market: string }
  | { readonly op: 'error'; readonly code: string; readonly message: string };
