import { Inject, Injectable } from '@nestjs/common';
import type { MarketSpec } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import type { GatewayStore } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import { ApiError, ErrorCode } from '../http/api-error';
import { MarketCatalog } from '../markets/market-catalog.service';
import { LOGGER, STORE } from '../tokens';
import { OrderTracker } from './order-tracker';
import { toFillView, toOrderView } from './order-wire';
import type { FillView, OrderView } from './order.views';

/** Reads of an account's orders and fills: Postgres, and the live tracker for the freshest order state. */
@Injectable()
export class OrderQueryService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly tracker: OrderTracker,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A live order as the matching events last showed it, else as settlement recorded it. */
  async order(caller: Principal, orderId: string): Promise<OrderView> {
    const live = this.tracker.find(orderId);
    if (live && live.accountId === caller.accountId) return toOrderView(live, await this.marketOf(live.market));
    const stored = await this.store.accounts.order(caller.accountId, orderId);
    if (!stored) throw new ApiError(404, ErrorCode.UNKNOWN_ORDER, `unknown order ${orderId}`, { orderId });
    return toOrderView(stored, await this.marketOf(stored.market));
  }

  async openOrders(caller: Principal, market?: string): Promise<OrderView[]> {
    const orders = await this.store.accounts.openOrders(caller.accountId, market);
    return Promise.all(orders.map(async (order) => toOrderView(order, await this.marketOf(order.market))));
  }

  async fills(caller: Principal, query: { readonly market?: string; readonly limit: number }): Promise<FillView[]> {
    const fills = await this.store.accounts.fills(caller.accountId, query);
    return Promise.all(fills.map(async (fill) => toFillView(fill, await this.marketOf(fill.market))));
  }

  private async marketOf(symbol: string): Promise<MarketSpec> {
    const market = await this.catalog.find(symbol);
    if (market) return market;
    this.logger.error('stored record names a market that is not listed', { market: symbol });
    throw new ApiError(500, ErrorCode.INTERNAL, `market ${symbol} is not listed`);
  }
}
