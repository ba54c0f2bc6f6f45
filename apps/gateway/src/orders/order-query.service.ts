import { Inject, Injectable } from '@nestjs/common';
import type { GatewayStore } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import { MarketCatalog } from '../markets/market-catalog.service';
import { STORE } from '../tokens';
import { unknownOrder } from './command-answer';
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
  ) {}

  /** A live order as the matching events last showed it, else as settlement recorded it. */
  async order(caller: Principal, orderId: string): Promise<OrderView> {
    const live = this.tracker.find(orderId);
    if (live && live.accountId === caller.accountId) return toOrderView(live, await this.catalog.require(live.market));
    const stored = await this.store.accounts.order(caller.accountId, orderId);
    if (!stored) throw unknownOrder(orderId);
    return toOrderView(stored, await this.catalog.require(stored.market));
  }

  async openOrders(caller: Principal, market?: string): Promise<OrderView[]> {
    const orders = await this.store.accounts.openOrders(caller.accountId, market);
    return Promise.all(orders.map(async (order) => toOrderView(order, await this.catalog.require(order.market))));
  }

  async fills(caller: Principal, query: { readonly market?: string; readonly limit: number }): Promise<FillView[]> {
    const fills = await this.store.accounts.fills(caller.accountId, query);
    return Promise.all(fills.map(async (fill) => toFillView(fill, await this.catalog.require(fill.market))));
  }
}
