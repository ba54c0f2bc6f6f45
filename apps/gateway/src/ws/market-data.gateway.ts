import { Inject, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { SubscribeRequest } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import WebSocket, { RawData } from 'ws';
import { MarginStates } from '../account/margin-states';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service';
import type { Principal } from '../auth/principal';
import { BookRegistry } from '../book/book-registry.service';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { ApiError } from '../http/api-error';
import { MarketCatalog } from '../markets/market-catalog.service';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { CLOCK, LOGGER, SETTINGS } from '../tokens';
import { parseClientMessage } from './client-message';
import { Liveness } from './liveness';
import { accountMarginMessage, MarketDataFanout } from './market-data-fanout.service';
import { accountTopic, topicOf } from './subscription-registry';

export const WS_PATH = '/v1/ws';
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Public market data over plain WebSocket at /v1/ws, and the private `account` channel of a
 * connection authenticated with `{op: 'auth', key}`. Messages are handled here rather than by
 * Nest's event routing because the protocol is `{ op, ... }` and malformed input must get an
 * error reply. Heartbeat: a ws ping every wsPingIntervalMs; silence beyond wsSilenceMs ends the
 * connection.
 */
@WebSocketGateway({ path: WS_PATH, maxPayload: MAX_MESSAGE_BYTES })
export class MarketDataGateway
  implements OnGatewayInit, OnGatewayConnection<WebSocket>, OnGatewayDisconnect<WebSocket>, OnModuleDestroy
{
  private readonly liveness: Liveness<WebSocket>;
  /** Per socket, the handling of its previous message: messages are handled one at a time, in order. */
  private readonly sockets = new Map<WebSocket, Promise<void>>();
  /** Who each authenticated connection is: the key is checked once, when the connection authenticates. */
  private readonly principals = new Map<WebSocket, Principal>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: MarketCatalog,
    private readonly books: BookRegistry,
    private readonly fanout: MarketDataFanout,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly margins: MarginStates,
    private readonly metrics: GatewayMetrics,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.liveness = new Liveness(settings.wsSilenceMs);
  }

  afterInit(): void {
    this.heartbeat = setInterval(() => this.beat(), this.settings.wsPingIntervalMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  handleConnection(socket: WebSocket): void {
    this.sockets.set(socket, Promise.resolve());
    this.metrics.wsConnections.set(this.sockets.size);
    this.liveness.heard(socket, this.clock.nowMs());
    socket.on('pong', () => this.liveness.heard(socket, this.clock.nowMs()));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      this.liveness.heard(socket, this.clock.nowMs());
      const previous = this.sockets.get(socket);
      if (!previous) return;
      this.sockets.set(
        socket,
        previous.then(() =>
          this.onMessage(socket, data, isBinary).catch((error: unknown) => {
            this.logger.error('WebSocket message handling failed', { error });
            this.fanout.send(socket, { op: 'error', code: 'INTERNAL', message: 'internal error' });
          }),
        ),
      );
    });
  }

  handleDisconnect(socket: WebSocket): void {
    this.sockets.delete(socket);
    this.principals.delete(socket);
    this.metrics.wsConnections.set(this.sockets.size);
    this.liveness.forget(socket);
    this.fanout.subscriptions.removeSubscriber(socket);
  }

  private async onMessage(socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      this.fanout.send(socket, { op: 'error', code: 'MALFORMED_MESSAGE', message: 'send JSON text frames' });
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.fanout.send(socket, { op: 'error', code: parsed.code, message: parsed.message });
      return;
    }
    const message = parsed.message;
    if (message.op === 'ping') return this.fanout.send(socket, { op: 'pong' });
    if (message.op === 'auth') return this.authenticate(socket, message.key);
    if (message.channel === 'account') {
      return message.op === 'subscribe' ? this.subscribeAccount(socket) : this.unsubscribeAccount(socket);
    }
    if (message.op === 'unsubscribe') {
      this.fanout.subscriptions.remove(topicOf(message.channel, message.market), socket);
      return this.fanout.send(socket, { op: 'unsubscribed', channel: message.channel, market: message.market });
    }
    await this.subscribe(socket, message);
  }

  /** Binds the connection to the key's account, once: a second auth is refused rather than switching accounts. */
  private async authenticate(socket: WebSocket, key: string): Promise<void> {
    if (this.principals.has(socket)) {
      this.fanout.send(socket, {
        op: 'error',
        code: 'ALREADY_AUTHENTICATED',
        message: 'this connection is authenticated',
      });
      return;
    }
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(`Bearer ${key}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.fanout.send(socket, { op: 'error', code: error.code, message: error.message });
      return;
    }
    if (socket.readyState !== WebSocket.OPEN) return;
    this.principals.set(socket, principal);
    this.fanout.send(socket, { op: 'authenticated', accountId: principal.accountId });
  }

  /** The account's latest margin state at once, then every new one. */
  private subscribeAccount(socket: WebSocket): void {
    const principal = this.principals.get(socket);
    if (!principal) {
      this.fanout.send(socket, {
        op: 'error',
        code: 'UNAUTHENTICATED',
        message: 'send {"op":"auth","key":"<keyId>.<secret>"} before subscribing to account',
      });
      return;
    }
    // Registration and snapshot in one synchronous step: no margin state can fall between them.
    this.fanout.subscriptions.add(accountTopic(principal.accountId), socket);
    this.fanout.send(socket, { op: 'subscribed', channel: 'account' });
    const latest = this.margins.of(principal.accountId);
    if (latest) this.fanout.send(socket, accountMarginMessage(latest));
  }

  private unsubscribeAccount(socket: WebSocket): void {
    const principal = this.principals.get(socket);
    if (principal) this.fanout.subscriptions.remove(accountTopic(principal.accountId), socket);
    this.fanout.send(socket, { op: 'unsubscribed', channel: 'account' });
  }

  private async subscribe(socket: WebSocket, request: SubscribeRequest): Promise<void> {
    let market;
    try {
      market = await this.catalog.find(request.market);
    } catch {
      this.fanout.send(socket, { op: 'error', code: 'SERVICE_UNAVAILABLE', message: 'market list unavailable' });
      return;
    }
    if (!market) {
      this.fanout.send(socket, { op: 'error', code: 'UNKNOWN_MARKET', message: `unknown market ${request.market}` });
      return;
    }
    if (socket.readyState !== WebSocket.OPEN) return;
    // Registration and snapshot happen in one synchronous step: no book event can fall between them.
    this.fanout.subscriptions.add(topicOf(request.channel, market.symbol), socket);
    this.fanout.send(socket, { op: 'subscribed', channel: request.channel, market: market.symbol });
    if (request.channel === 'book') {
      const snapshot = this.books.wireSnapshot(market);
      this.fanout.send(socket, {
        channel: 'book',
        market: market.symbol,
        type: 'snapshot',
        seq: snapshot.seq,
        prevSeq: snapshot.seq,
        bids: snapshot.bids,
        asks: snapshot.asks,
      });
    }
  }

  private beat(): void {
    const { ping, silent } = this.liveness.sweep(this.clock.nowMs());
    for (const socket of silent) socket.terminate();
    for (const socket of ping) if (socket.readyState === WebSocket.OPEN) socket.ping();
  }
}
