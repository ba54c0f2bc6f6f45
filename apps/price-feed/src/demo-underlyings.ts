import type { WalkSpec } from './random-walk';

/** Demo starting points: BTC at 50,000 and ETH at 3,000 USDC, in micro-USDC. The seed lists strikes around them. */
export const DEMO_WALKS: readonly WalkSpec[] = [
  { underlying: 'BTC', startPrice: 50_000_000_000, stepVolatility: 0.0005 },
  { underlying: 'ETH', startPrice: 3_000_000_000, stepVolatility: 0.0007 },
];

/** Implied vol of the flat surface seeded for an underlying that has options but no surface yet. */
export const DEFAULT_SURFACE_VOLS: Readonly<Record<string, number>> = { BTC: 0.55, ETH: 0.65 };
