import { markPriceOf, PriceUpdate } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';

/** Latest price update per underlying; a market's mark is its own entry or else the index. */
export class MarkPrices {
  private readonly byUnderlying = new Map<string, PriceUpdate>();

  update(update: PriceUpdate): void {
    const held = this.byUnderlying.get(update.underlying);
    if (!held || held.timestampMs <= update.timestampMs) this.byUnderlying.set(update.underlying, update);
  }

  /** Micro-USDC, or undefined before the first price of the market's underlying. */
  markOf(market: Pick<MarketSpec, 'symbol' | 'underlying'>): number | undefined {
    const update = this.byUnderlying.get(market.underlying);
    return update && markPriceOf(update, market.symbol);
  }
}
