import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { MarketSpec } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import type { GatewayStore } from '../adapters/store.port';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { ApiError, ErrorCode } from '../http/api-error';
import { CLOCK, LOGGER, SETTINGS, STORE } from '../tokens';

/**
 * The market list from Postgres, held in memory for `marketsCacheMs`. Once loaded, a stale list
 * is served while a refresh runs, so a database hiccup never fails order entry. New listings
 * (this gateway's own, and other instances' from markets.listed) are known at once, before the
 * next refresh.
 */
@Injectable()
export class MarketCatalog implements OnApplicationBootstrap {
  private markets = new Map<string, MarketSpec>();
  /** Listings heard of that no refresh has returned yet: a refresh that started before them must not drop them. */
  private readonly announced = new Map<string, MarketSpec>();
  private loadedAtMs: number | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.refresh().catch(() => undefined); // logged in refresh; retried on first use
  }

  async list(): Promise<MarketSpec[]> {
    await this.ensureFresh();
    return [...this.markets.values()];
  }

  async find(symbol: string): Promise<MarketSpec | undefined> {
    await this.ensureFresh();
    return this.markets.get(symbol);
  }

  /** A market that an order or fill names: listed, else the gateway's records disagree (500). */
  async require(symbol: string): Promise<MarketSpec> {
    const market = await this.find(symbol);
    if (market) return market;
    this.logger.error('a record names a market that is not listed', { market: symbol });
    throw new ApiError(500, ErrorCode.INTERNAL, `market ${symbol} is not listed`);
  }

  /**
   * A newly listed market. Ignored when the symbol is known already: Postgres (or an earlier
   * announcement) is at least as current as a listing, which a replay may deliver again.
   */
  add(market: MarketSpec): void {
    if (this.markets.has(market.symbol)) return;
    this.markets.set(market.symbol, market);
    this.announced.set(market.symbol, market);
  }

  /** Whatever is loaded, without waiting: for formatting streamed market data. */
  peek(symbol: string): MarketSpec | undefined {
    return this.markets.get(symbol);
  }

  private async ensureFresh(): Promise<void> {
    if (this.loadedAtMs !== undefined && this.clock.nowMs() - this.loadedAtMs < this.settings.marketsCacheMs) return;
    const refresh = this.refresh();
    if (this.loadedAtMs !== undefined) {
      refresh.catch(() => undefined); // serve the stale list; the failure is logged
      return;
    }
    try {
      await refresh;
    } catch {
      throw new ApiError(503, ErrorCode.SERVICE_UNAVAILABLE, 'market list unavailable, retry later');
    }
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.store.markets
      .list()
      .then(
        (markets) => {
          const loaded = new Map(markets.map((market) => [market.symbol, market]));
          for (const symbol of loaded.keys()) this.announced.delete(symbol);
          this.markets = new Map([...loaded, ...this.announced]);
          this.loadedAtMs = this.clock.nowMs();
        },
        (error: unknown) => {
          this.logger.warn('market list refresh failed', { error });
          throw error;
        },
      )
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}
