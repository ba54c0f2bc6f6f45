import { Inject, Injectable } from '@nestjs/common';
import type { BookDeltaEvent, FillEvent, ServerMessage } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import WebSocket from 'ws';
import { wireChanges } from '../book/book-registry.service';
import type { GatewaySettings } from '../config';
import { formatPrice, formatSize } from '../markets/market-format';
import { MarketCatalog } from '../markets/market-catalog.service';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { LOGGER, SETTINGS } from '../tokens';
import { SubscriptionRegistry, topicOf } from './subscription-registry';

/**
 * Sends market data to the sockets subscribed to it. Each message is serialized once per
 * broadcast; a socket whose send buffer is over the limit is cut off instead of buffering more.
 */
@Injectable()
export class MarketDataFanout {
  readonly subscriptions = new SubscriptionRegistry<WebSocket>();

  constructor(
    private readonly catalog: MarketCatalog,
    private readonly metrics: GatewayMetrics,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One book event as a delta: absolute sizes, prevSeq the market's previous book event. */
  bookDelta(market: string, prevSeq: number, event: BookDeltaEvent): void {
    const spec = this.catalog.peek(market);
    const subscribers = this.subscriptions.subscribers(topicOf('book', market));
    if (!spec || subscribers.size === 0) return;
    this.broadcast(subscribers, {
      channel: 'book',
      market,
      type: 'delta',
      seq: event.seq,
      prevSeq,
      ...wireChanges(event.changes, spec),
    });
  }

  trades(market: string, fills: readonly FillEvent[], timestampUs: number): void {
    const spec = this.catalog.peek(market);
    const subscribers = this.subscriptions.subscribers(topicOf('trades', market));
    if (!spec || subscribers.size === 0 || fills.length === 0) return;
    this.broadcast(subscribers, {
      channel: 'trades',
      market,
      trades: fills.map((fill) => ({
        tradeId: fill.tradeId,
        price: formatPrice(fill.priceTicks, spec),
        size: formatSize(fill.sizeLots, spec),
        takerSide: fill.takerSide,
        seq: fill.seq,
        timestampUs,
      })),
    });
  }

  send(socket: WebSocket, message: ServerMessage): void {
    this.sendText(socket, JSON.stringify(message));
  }

  private broadcast(subscribers: ReadonlySet<WebSocket>, message: ServerMessage): void {
    const text = JSON.stringify(message);
    for (const socket of [...subscribers]) this.sendText(socket, text);
  }

  private sendText(socket: WebSocket, text: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > this.settings.wsMaxBufferedBytes) {
      this.metrics.wsSlowConsumers.inc();
      this.logger.warn('disconnecting a slow WebSocket consumer', { bufferedBytes: socket.bufferedAmount });
      this.subscriptions.removeSubscriber(socket);
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}
