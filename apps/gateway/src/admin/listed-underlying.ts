import { ApiError, ErrorCode } from '../http/api-error';
import type { MarketCatalog } from '../markets/market-catalog.service';

/** Staff set things per underlying (surfaces, margin parameters) only where a market trades on it. */
export async function requireListedUnderlying(catalog: MarketCatalog, underlying: string): Promise<void> {
  const markets = await catalog.list();
  if (!markets.some((market) => market.underlying === underlying)) {
    throw new ApiError(400, ErrorCode.UNKNOWN_UNDERLYING, `no market is listed on underlying ${underlying}`, {
      underlying,
    });
  }
}
