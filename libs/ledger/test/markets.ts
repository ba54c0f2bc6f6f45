import type { MarketSpec } from '@exchange/domain';

/** 0.5 USDC ticks, 0.001 BTC lots: one tick on one lot is 500 micro-USDC; 50,000 USDC is 100,000 ticks. */
export const BTC_PERP: MarketSpec = {
  symbol: 'BTC-PERP',
  kind: 'perpetual',
  underlying: 'BTC',
  quoteAsset: 'USDC',
  tickSize: '0.5',
  lotSize: '0.001',
  minSizeLots: 1,
  status: 'active',
};

/** 0.05 USDC ticks, 0.01 ETH lots: one tick on one lot is 500 micro-USDC; 3,000 USDC is 60,000 ticks. */
export const ETH_PERP: MarketSpec = {
  ...BTC_PERP,
  symbol: 'ETH-PERP',
  underlying: 'ETH',
  tickSize: '0.05',
  lotSize: '0.01',
};

/** Micro-USDC per USDC. */
export const USDC = 1_000_000n;
