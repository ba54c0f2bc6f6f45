import type { MarketSpec } from '@exchange/domain';
import type { Database } from './database';
import type { Market } from './generated/prisma/client';
import { toSafeNumber } from './values';

export class MarketRepository {
  constructor(private readonly database: Database) {}

  /** Every listed market, whatever its status, by symbol. */
  async list(): Promise<MarketSpec[]> {
    const markets = await this.database.prisma.market.findMany({ orderBy: { symbol: 'asc' } });
    return markets.map(toMarketSpec);
  }
}

function toMarketSpec(market: Market): MarketSpec {
  return {
    symbol: market.symbol,
    kind: market.kind,
    underlying: market.underlying,
    quoteAsset: market.quoteAsset,
    tickSize: market.tickSize,
    lotSize: market.lotSize,
    minSizeLots: toSafeNumber(market.minSizeLots),
    status: market.status,
    ...(market.expiry && { expiryMs: market.expiry.getTime() }),
    ...(market.strike !== null && { strike: market.strike }),
    ...(market.optionType && { optionType: market.optionType }),
  };
}
