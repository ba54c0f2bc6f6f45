/**
 * Market data for the margin benchmarks: instruments, forwards from an annualised basis, an SSVI
 * volatility surface (written as raw SVI slices, which is what libs/margin takes) and half-spreads
 * of a few ticks. Both the static reference market of the efficiency table and every state of the
 * simulated paths go through `unitMarket`, so the table and the backtest price alike.
 */
import type { OptionType } from '@exchange/domain';
import {
  DEFAULT_MONEYNESS_GRID,
  type FutureInstrument,
  type Instrument,
  type MoneynessGrid,
  type OptionInstrument,
  type PerpetualInstrument,
  type SurfaceSlice,
  type UnitMarket,
  VolSurface,
} from '@exchange/margin';

export const HOUR_SEC = 3_600;
export const DAY_SEC = 86_400;
export const HOURS_PER_YEAR = 365 * 24;
export const EXPIRY_DAYS = [7, 30, 90] as const;

export type Underlying = 'BTC' | 'ETH';

/** Listing conventions of one underlying. Half-spreads are a few ticks (USD per coin). */
export interface UnderlyingSpec {
  readonly underlying: Underlying;
  /** Listed option strikes are multiples of this, USD. */
  readonly strikeStep: number;
  /** Lot of the perpetual, coins: delta hedges are rounded to it. */
  readonly perpLot: number;
  readonly perpHalfSpread: number;
  readonly futureHalfSpread: number;
  readonly optionHalfSpread: number;
}

export const UNDERLYINGS: Readonly<Record<Underlying, UnderlyingSpec>> = {
  // Perp and futures tick 0.5, option tick 5 USD: 2, 4 and 3 ticks.
  BTC: {
    underlying: 'BTC',
    strikeStep: 1_000,
    perpLot: 0.001,
    perpHalfSpread: 1,
    futureHalfSpread: 2,
    optionHalfSpread: 15,
  },
  // Perp and futures tick 0.05, option tick 0.5 USD: 2, 4 and 3 ticks.
  ETH: {
    underlying: 'ETH',
    strikeStep: 50,
    perpLot: 0.01,
    perpHalfSpread: 0.1,
    futureHalfSpread: 0.2,
    optionHalfSpread: 1.5,
  },
};

export function perpetual(underlying: Underlying): PerpetualInstrument {
  return { kind: 'perpetual', symbol: `${underlying}-PERP` };
}

/** `days` names the expiry in the symbol (days from when the book was formed). */
export function future(underlying: Underlying, expirySec: number, days: number): FutureInstrument {
  return { kind: 'future', symbol: `${underlying}-${days}D`, expirySec };
}

export function option(
  underlying: Underlying,
  expirySec: number,
  days: number,
  strike: number,
  optionType: OptionType,
): OptionInstrument {
  const type = optionType === 'call' ? 'C' : 'P';
  return { kind: 'option', symbol: `${underlying}-${days}D-${strike}-${type}`, expirySec, strike, optionType };
}

/** Shape of the implied-vol surface (the level comes from the state's variances). */
export interface SurfaceShape {
  /** SSVI correlation: negative for a put skew. */
  readonly rho: number;
  /** SSVI power-law curvature phi(theta) = eta / sqrt(theta). */
  readonly eta: number;
  /** Speed at which expected variance reverts to its long-run level, per year. */
  readonly meanReversion: number;
}

/**
 * Everything that sets one underlying's market at one moment. Variances are annualised; the ATM
 * implied variance of an expiry T years out is the variance expected over [0, T] (diffusion
 * reverting from `instantVariance` to `longRunVariance`, plus jumps), times volFactor^2.
 */
export interface MarketState {
  readonly underlying: Underlying;
  readonly nowSec: number;
  readonly index: number;
  /** Perp mark = index (1 + perpPremium). */
  readonly perpPremium: number;
  /** Forward of an expiry T years out = index e^(basis T). */
  readonly basis: number;
  readonly instantVariance: number;
  readonly longRunVariance: number;
  readonly jumpVariance: number;
  /** Implied-vol multiplier beyond what the variance forecast implies: vol of vol. */
  readonly volFactor: number;
  readonly shape: SurfaceShape;
  /** s_1h, the hourly EWMA vol of the index the hedge-first model reads. */
  readonly hourlyVol: number;
  /** R_t when the market supplies one (the default model in the backtest), else the parameters' R. */
  readonly priceRange?: number;
}

/** theta(T): ATM total implied variance T years out. */
export function atmTotalVariance(state: MarketState, years: number): number {
  const kT = state.shape.meanReversion * years;
  const reverting = kT > 0 ? (1 - Math.exp(-kT)) / kT : 1;
  const diffusion = state.longRunVariance + (state.instantVariance - state.longRunVariance) * reverting;
  return years * (diffusion + state.jumpVariance) * state.volFactor * state.volFactor;
}

/**
 * SSVI slice (Gatheral & Jacquier 2014) w(k) = theta/2 (1 + rho phi k + sqrt((phi k + rho)^2 + 1 - rho^2))
 * as raw SVI: a = theta (1 - rho^2) / 2, b = theta phi / 2, m = -rho / phi, sigma = sqrt(1 - rho^2) / phi.
 * With phi = eta / sqrt(theta) it is free of calendar arbitrage while theta grows with T, and of
 * butterfly arbitrage while eta^2 (1 + |rho|) <= 4 and eta sqrt(theta) (1 + |rho|) < 4.
 */
function ssviSlice(theta: number, shape: SurfaceShape): SurfaceSlice['smile'] {
  const { rho, eta } = shape;
  const phi = eta / Math.sqrt(theta);
  return {
    kind: 'svi',
    params: {
      a: (theta * (1 - rho * rho)) / 2,
      b: (theta * phi) / 2,
      rho,
      m: -rho / phi,
      sigma: Math.sqrt(1 - rho * rho) / phi,
    },
  };
}

/** The listed expiries 7, 30 and 90 days after `nowSec`. */
export function listedExpiries(nowSec: number): number[] {
  return EXPIRY_DAYS.map((days) => nowSec + days * DAY_SEC);
}

/** Half-spread of every instrument, by its kind. */
function halfSpreads(spec: UnderlyingSpec, instruments: readonly Instrument[]): Map<string, number> {
  const byKind = {
    perpetual: spec.perpHalfSpread,
    future: spec.futureHalfSpread,
    option: spec.optionHalfSpread,
    spot: 0,
  };
  return new Map(instruments.map((instrument) => [instrument.symbol, byKind[instrument.kind]]));
}

/**
 * The libs/margin market of a state for the given expiries and instruments. `grid` is where
 * VolSurface.build checks for arbitrage; the backtest passes a coarser one for speed (SSVI is
 * arbitrage-free by construction, the checks are a safety net).
 */
export function unitMarket(
  state: MarketState,
  expiries: readonly number[],
  instruments: readonly Instrument[],
  grid: MoneynessGrid = DEFAULT_MONEYNESS_GRID,
): UnitMarket {
  const yearsTo = (expirySec: number): number => (expirySec - state.nowSec) / (365 * DAY_SEC);
  const slices = expiries.map((expirySec) => ({
    expirySec,
    smile: ssviSlice(atmTotalVariance(state, yearsTo(expirySec)), state.shape),
  }));
  const built = VolSurface.build(slices, state.nowSec, grid);
  if (!built.ok) throw new Error(`simulated surface refused: ${built.rejection.reason}`);
  return {
    underlying: state.underlying,
    nowSec: state.nowSec,
    index: state.index,
    perpMark: state.index * (1 + state.perpPremium),
    forwards: new Map(
      expiries.map((expirySec) => [expirySec, state.index * Math.exp(state.basis * yearsTo(expirySec))]),
    ),
    surface: built.surface,
    halfSpreads: halfSpreads(UNDERLYINGS[state.underlying], instruments),
    hourlyVol: state.hourlyVol,
    ...(state.priceRange === undefined ? {} : { priceRange: state.priceRange }),
  };
}
