import { Inject, Injectable } from '@nestjs/common';
import type { AccountMarginState, BookDeltaEvent, FillEvent } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import WebSocket from 'ws';
import { marginStateView } from '../account/account-wire';
import { wireChanges } from '../book/book-registry.service';
import type { GatewaySettings } from '../config';
import { formatPrice, formatSize } from '../markets/market-format';
import { MarketCatalog } from '../markets/market-catalog.service';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { LOGGER, SETTINGS } from '../tokens';
import type { GatewayServerMessage } from './private-messages';
import { accountTopic, SubscriptionRegistry, topicOf } from './subscription-registry';

/**
 * Sends market data, and each account's margin states, to the sockets subscribed to them. Each
 * message is serialized once per broadcast; a socket whose send buffer is over the limit is cut
 * off instead of buffering more.
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

  /** A new margin state of an account, to the sockets authenticated for it and subscribed to `account`. */
  accountMargin(state: AccountMarginState): void {
    const subscribers = this.subscriptions.subscribers(accountTopic(state.accountId));
    if (subscribers.size === 0) return;
    this.broadcast(subscribers, accountMarginMessage(state));
  }

  send(socket: WebSocket, message: GatewayServerMessage): void {
    this.sendText(socket, JSON.stringify(message));
  }

  private broadcast(subscribers: ReadonlySet<WebSocket>, message: GatewayServerMessage): void {
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

export const accountMarginMessage = (state: AccountMarginState): GatewayServerMessage => ({
  channel: 'account',
  type: 'margin',
  accountId: state.accountId,
  margin: marginStateView(state),
});
