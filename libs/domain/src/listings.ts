import { QUOTE_ASSET } from './assets';
import type { MarketSpec } from './markets';

/**
 * The exchange's first listings, one definition for the seed, the demo and every test that needs a
 * real market: 0.5 USDC ticks on 0.001 BTC lots (one tick on one lot is 500 micro-USDC) and 0.05
 * USDC ticks on 0.01 ETH lots.
 */
export const BTC_PERP: MarketSpec = {
  symbol: 'BTC-PERP',
  kind: 'perpetual',
  underlying: 'BTC',
  quoteAsset: QUOTE_ASSET,
  tickSize: '0.5',
  lotSize: '0.001',
  minSizeLots: 1,
  status: 'active',
};

export const ETH_PERP: MarketSpec = {
  symbol: 'ETH-PERP',
  kind: 'perpetual',
  underlying: 'ETH',
  quoteAsset: QUOTE_ASSET,
  tickSize: '0.05',
  lotSize: '0.01',
  minSizeLots: 1,
  status: 'active',
};
