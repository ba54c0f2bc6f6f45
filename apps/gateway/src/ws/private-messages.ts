import type { ClientMessage, ServerMessage } from '@exchange/contracts';
import type { MarginView } from '../account/account.views';

/**
 * The private side of /v1/ws: a connection authenticates once with an API key, then subscribes
 * to its account's channel, which pushes every margin state the risk engine publishes.
 */
export interface AuthRequest {
  readonly op: 'auth';
  /** `<keyId>.<secret>`, as in the HTTP Authorization header. */
  readonly key: string;
}

export interface AccountSubscribeRequest {
  readonly op: 'subscribe' | 'unsubscribe';
  readonly channel: 'account';
}

export type GatewayClientMessage = ClientMessage | AuthRequest | AccountSubscribeRequest;

/** One margin state of the authenticated account, as GET /v1/account shows it. */
export interface AccountMarginMessage {
  readonly channel: 'account';
  readonly type: 'margin';
  readonly accountId: string;
  readonly margin: MarginView;
}

export type GatewayServerMessage =
  | ServerMessage
  | AccountMarginMessage
  | { readonly op: 'authenticated'; readonly accountId: string }
  | { readonly op: 'subscribed' | 'unsubscribed'; readonly channel: 'account' };
