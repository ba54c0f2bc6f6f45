/** Collateral and settlement assets. Amounts are integers in each asset's minimal unit. */
export interface AssetSpec {
  readonly symbol: string;
  /** Decimals of the minimal unit: USDC 6 means 1 unit = 0.000001 USDC. */
  readonly decimals: number;
}

export const QUOTE_ASSET = 'USDC';

/** Prices in contracts and risk code are integers in micro-USDC (10^-6), like USDC amounts. */
export const PRICE_DECIMALS = 6;

export const ASSETS: readonly AssetSpec[] = [
  { symbol: 'USDC', decimals: 6 },
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 8 },
];

export function assetSpec(symbol: string): AssetSpec | undefined {
  return ASSETS.find((asset) => asset.symbol === symbol);
}
