import { Inject, Injectable } from '@nestjs/common';
import { MARKET_LISTINGS, MarketListed } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import { GatewayStore, MarketExistsError } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { ApiError, ErrorCode } from '../http/api-error';
import { MarketCatalog } from '../markets/market-catalog.service';
import { MarketView, toMarketView } from '../markets/market.views';
import { CLOCK, LOGGER, STORE } from '../tokens';
import { listingSpecs } from './listing-input';
import type { ListMarketsBody } from './market-listing.dto';
import { StaffActions } from './staff-actions';

/**
 * Staff listing dated futures and option series: checked, audit-logged, stored in one
 * transaction, known to this gateway at once and announced on markets.listed (the risk engine
 * creates the books; other gateways add them to their catalogs).
 */
@Injectable()
export class MarketListingService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly staff: StaffActions,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(caller: Principal, body: ListMarketsBody): Promise<MarketView[]> {
    const listed = await this.catalog.list();
    if (!listed.some((market) => market.underlying === body.underlying && market.kind === 'perpetual')) {
      throw new ApiError(400, ErrorCode.UNKNOWN_UNDERLYING, `no perpetual is listed on underlying ${body.underlying}`, {
        underlying: body.underlying,
      });
    }
    const nowMs = this.clock.nowMs();
    const listing = listingSpecs(body, nowMs);
    if (!listing.ok) throw new ApiError(400, listing.problem.code, listing.problem.message, listing.problem.details);
    const { series, markets } = listing.value;
    const taken = markets.filter((market) => listed.some((known) => known.symbol === market.symbol));
    if (taken.length > 0) throw marketExists(taken.map((market) => market.symbol));

    // Audit first: a staff action that cannot be recorded is not carried out.
    await this.staff.audit(caller, 'markets.list', series, {
      symbols: markets.map((market) => market.symbol),
      kind: body.kind,
      tickSize: markets[0].tickSize,
      lotSize: markets[0].lotSize,
      minSizeLots: body.minSizeLots,
      expiryMs: markets[0].expiryMs,
    });
    await this.insert(markets);
    for (const market of markets) this.catalog.add(market);
    await this.announce(markets, nowMs);
    this.logger.info('staff listed markets', { actor: caller.keyId, series, count: markets.length });
    return markets.map(toMarketView);
  }

  private async insert(markets: readonly MarketSpec[]): Promise<void> {
    try {
      await this.store.markets.create(markets);
    } catch (error) {
      if (error instanceof MarketExistsError) throw marketExists(error.symbols);
      this.logger.error('storing listed markets failed', { symbols: markets.map((market) => market.symbol), error });
      throw new ApiError(503, ErrorCode.SERVICE_UNAVAILABLE, 'markets not listed, retry later');
    }
  }

  private announce(markets: readonly MarketSpec[], timestampMs: number): Promise<void> {
    const symbols = markets.map((market) => market.symbol);
    return this.staff.publish(
      MARKET_LISTINGS,
      markets.map((spec): MarketListed => ({ spec, timestampMs })),
      {
        log: 'listed markets could not be announced',
        context: { symbols },
        message: 'markets stored, but announcing them to the engines failed: they cannot trade until announced',
        details: { symbols, stored: true },
      },
    );
  }
}

const marketExists = (symbols: readonly string[]): ApiError =>
  new ApiError(409, ErrorCode.MARKET_EXISTS, `already listed: ${symbols.join(', ')}`, { symbols });
