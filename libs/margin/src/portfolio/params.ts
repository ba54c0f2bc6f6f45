import { BTC_PERP_MARGIN, ETH_PERP_MARGIN, type PerpMarginParams } from '../params';

/** Deribit standard margin of a short option, per unit, as fractions of the index S (margin-model.md section 2). */
export interface ShortOptionRates {
  /** IM = max(initialRate S - OTM, initialFloorRate S) + mark. */
  readonly initialRate: number;
  readonly initialFloorRate: number;
  /** Call MM = maintenanceRate S + mark; put MM = max(maintenanceRate S, maintenanceRate mark) + mark. */
  readonly maintenanceRate: number;
}

/** Implied-vol shocks of the grid (section 3): k(DTE) = (referenceDays / max(DTE, minDays))^p. */
export interface VolShockParams {
  /** s_up = max(upFloor, s (1 + up k)). */
  readonly up: number;
  readonly upFloor: number;
  /** s_down = max(0, s (1 - down k)). */
  readonly down: number;
  readonly referenceDays: number;
  readonly minDays: number;
  /** p below `termSplitDays` days to expiry, and from it on. */
  readonly shortTermPower: number;
  readonly longTermPower: number;
  readonly termSplitDays: number;
}

/** Roll (basis) shock per expiry: |delta_e| S max(floor, e^(annualRate T_e) - 1); perps and spot use the floor. */
export interface RollShockParams {
  readonly floor: number;
  readonly annualRate: number;
}

/** Extra charge for very large books: rate x (|D| S - threshold) above the threshold, so never above rate x |D| S. */
export interface DeltaShockParams {
  readonly thresholdUsd: number;
  readonly rate: number;
}

/** Section 4 additions to the grid. */
export interface HedgeFirstParams {
  /** r_fast = max(fastFloor, z s_1h) + m_inc |D|. */
  readonly fastFloor: number;
  readonly z: number;
  /** Contingency per net short option per (expiry, strike), as a fraction of S. */
  readonly shortOptionRate: number;
  /** IM floor ((netDeltaRate + m_inc |D|) |D| + hedgedDeltaRate hedged) S. */
  readonly netDeltaRate: number;
  readonly hedgedDeltaRate: number;
}

/** R_t = clamp(multiplier s_daily, min, max); falls at most maxDailyDecrease a day; never below worstFloor x worst. */
export interface PriceRangeParams {
  readonly multiplier: number;
  readonly min: number;
  readonly max: number;
  readonly maxDailyDecrease: number;
  readonly worstFloor: number;
  /** EWMA decay of squared daily returns (RiskMetrics' daily 0.94). */
  readonly ewmaLambda: number;
}

/**
 * Every parameter of one underlying's option and portfolio margin, versioned: each result echoes the
 * parameters it was computed with, so it can be reproduced. Money amounts are USD.
 */
export interface PortfolioMarginParams {
  readonly version: string;
  readonly underlying: string;
  /** Linear instruments' standard margin; its incrementPerCoin is also the m_inc of sections 3 and 4. */
  readonly linear: PerpMarginParams;
  readonly shortOption: ShortOptionRates;
  /** The grid's price range R (fraction of price), used unless the market supplies a current R_t. */
  readonly priceRange: number;
  /** Moves are R j / buckets for j = -buckets..buckets. */
  readonly priceBuckets: number;
  readonly volShock: VolShockParams;
  readonly extendedMoves: readonly number[];
  /** D of the extended-move dampener, USD. */
  readonly dampenerUsd: number;
  readonly roll: RollShockParams;
  readonly deltaShock: DeltaShockParams;
  /** MM = maintenanceShare x IM before open orders (0.8: IM / MM = 1.25). */
  readonly maintenanceShare: number;
  readonly hedgeFirst: HedgeFirstParams;
  readonly priceRangeModel: PriceRangeParams;
}

const DERIBIT_SHORT_OPTION: ShortOptionRates = { initialRate: 0.15, initialFloorRate: 0.1, maintenanceRate: 0.075 };

const DERIBIT_VOL_SHOCK: VolShockParams = {
  up: 0.5,
  upFloor: 0.5,
  down: 0.25,
  referenceDays: 30,
  minDays: 1,
  shortTermPower: 0.3,
  longTermPower: 0.13,
  termSplitDays: 30,
};

const EXTENDED_MOVES = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5];

const HEDGE_FIRST: HedgeFirstParams = {
  fastFloor: 0.01,
  z: 2.33,
  shortOptionRate: 0.003,
  netDeltaRate: 0.02,
  hedgedDeltaRate: 0.01,
};

const PRICE_RANGE_MODEL: PriceRangeParams = {
  multiplier: 5.5,
  min: 0.1,
  max: 0.4,
  maxDailyDecrease: 0.1,
  worstFloor: 0.75,
  ewmaLambda: 0.94,
};

const SHARED = {
  version: 'portfolio-margin-1',
  shortOption: DERIBIT_SHORT_OPTION,
  priceBuckets: 4,
  volShock: DERIBIT_VOL_SHOCK,
  extendedMoves: EXTENDED_MOVES,
  deltaShock: { thresholdUsd: 20_000_000, rate: 0.1 },
  maintenanceShare: 0.8,
  hedgeFirst: HEDGE_FIRST,
  priceRangeModel: PRICE_RANGE_MODEL,
} as const;

/** margin-model.md defaults for BTC: R 16%, D 100,000 USD, roll 1% / 7.5%. */
export const BTC_PORTFOLIO_PARAMS: PortfolioMarginParams = {
  ...SHARED,
  underlying: 'BTC',
  linear: BTC_PERP_MARGIN,
  priceRange: 0.16,
  dampenerUsd: 100_000,
  roll: { floor: 0.01, annualRate: 0.075 },
};

/** margin-model.md defaults for ETH: R 18%, D 200,000 USD, roll 0.5% / 5%. */
export const ETH_PORTFOLIO_PARAMS: PortfolioMarginParams = {
  ...SHARED,
  underlying: 'ETH',
  linear: ETH_PERP_MARGIN,
  priceRange: 0.18,
  dampenerUsd: 200_000,
  roll: { floor: 0.005, annualRate: 0.05 },
};

export const DEFAULT_PORTFOLIO_PARAMS: Readonly<Record<string, PortfolioMarginParams>> = {
  BTC: BTC_PORTFOLIO_PARAMS,
  ETH: ETH_PORTFOLIO_PARAMS,
};
