import { Inject, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { SubscribeRequest } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import WebSocket, { RawData } from 'ws';
import { BookRegistry } from '../book/book-registry.service';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { MarketCatalog } from '../markets/market-catalog.service';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { CLOCK, LOGGER, SETTINGS } from '../tokens';
import { parseClientMessage } from './client-message';
import { Liveness } from './liveness';
import { MarketDataFanout } from './market-data-fanout.service';
import { topicOf } from './subscription-registry';

export const WS_PATH = '/v1/ws';
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Public market data over plain WebSocket at /v1/ws. Messages are handled here rather than by
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
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: MarketCatalog,
    private readonly books: BookRegistry,
    private readonly fanout: MarketDataFanout,
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
    if (message.op === 'unsubscribe') {
      this.fanout.subscriptions.remove(topicOf(message.channel, message.market), socket);
      return this.fanout.send(socket, { op: 'unsubscribed', channel: message.channel, market: message.market });
    }
    await this.subscribe(socket, message);
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
