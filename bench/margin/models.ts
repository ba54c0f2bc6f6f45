/**
 * Market models of the margin benchmarks: the parameters of the simulated price and volatility paths
 * of each underlying, and the static reference market of the efficiency table, which uses the same
 * surface shape and jump variance so both price options alike.
 */
import { HOURS_PER_YEAR, type MarketState, type SurfaceShape, type Underlying } from './market';

/** Compound Poisson jumps in the log index with double-exponential sizes (Kou 2002). */
export interface JumpModel {
  readonly perYear: number;
  /** Share of jumps that are down moves. */
  readonly downShare: number;
  /** Mean size of a down / up jump in log return. */
  readonly meanDown: number;
  readonly meanUp: number;
}

/** An Ornstein-Uhlenbeck process stepped hourly: x += (mean - x) / reversionHours + noise, stationary sd `sd`. */
export interface MeanReverting {
  readonly mean: number;
  readonly reversionHours: number;
  readonly sd: number;
}

/**
 * Hourly log returns r = sqrt(h) z + J: z Student-t (unit variance), h a GARCH(1,1) variance
 * h' = (1 - alpha - beta) L / 8760 + alpha (sqrt(h) z)^2 + beta h whose long-run level L follows a
 * two-state (calm / stressed) Markov regime, J the jumps. Implied vols follow the expected variance
 * (the GARCH term structure, `SurfaceShape.meanReversion` = (1 - alpha - beta) x 8760 a year) times
 * exp(x), x a mean-reverting vol-of-vol factor correlated with returns and kicked up by crashes.
 */
export interface PathModel {
  readonly underlying: Underlying;
  readonly startIndex: number;
  /** Degrees of freedom of the Student-t innovations (even, > 2). */
  readonly degrees: number;
  readonly garchAlpha: number;
  readonly calmVol: number;
  readonly stressedVol: number;
  /** Mean stay in each regime, hours. */
  readonly calmHours: number;
  readonly stressedHours: number;
  /** Hours over which L moves to the new regime's level (exponential relaxation). */
  readonly regimeRelaxHours: number;
  readonly jumps: JumpModel;
  readonly volFactor: MeanReverting & {
    /** Correlation of the factor's noise with the diffusive return (negative: vol rises as price falls). */
    readonly spotCorrelation: number;
    /** x rises by crashKick x |J| on a down jump. */
    readonly crashKick: number;
  };
  /** Annualised futures basis; moves with the return by returnBeta x r as well. */
  readonly basis: MeanReverting & { readonly returnBeta: number };
  readonly perpPremium: MeanReverting;
  readonly shape: SurfaceShape;
  /** EWMA decay of squared hourly returns for s_1h. */
  readonly hourlyEwmaLambda: number;
}

/** lambda E[J^2], the annual variance the jumps add (priced into the implied vols). */
export function jumpVariance({ perYear, downShare, meanDown, meanUp }: JumpModel): number {
  return perYear * (downShare * 2 * meanDown * meanDown + (1 - downShare) * 2 * meanUp * meanUp);
}

/** SSVI with a mild put skew; variance expectations revert at 175 a year (GARCH persistence 0.98 an hour). */
const SURFACE_SHAPE: SurfaceShape = { rho: -0.25, eta: 0.5, meanReversion: 175 };

const SHARED = {
  degrees: 4,
  garchAlpha: 0.06,
  calmHours: 45 * 24,
  stressedHours: 10 * 24,
  regimeRelaxHours: 72,
  volFactor: { mean: 0, reversionHours: 48, sd: 0.05, spotCorrelation: -0.4, crashKick: 3 },
  shape: SURFACE_SHAPE,
  hourlyEwmaLambda: 0.94,
} as const;

export const PATH_MODELS: Readonly<Record<Underlying, PathModel>> = {
  BTC: {
    ...SHARED,
    underlying: 'BTC',
    startIndex: 50_000,
    calmVol: 0.5,
    stressedVol: 1,
    jumps: { perYear: 12, downShare: 0.6, meanDown: 0.03, meanUp: 0.025 },
    basis: { mean: 0.05, reversionHours: 120, sd: 0.03, returnBeta: 0.3 },
    perpPremium: { mean: 0.0002, reversionHours: 8, sd: 0.0005 },
  },
  ETH: {
    ...SHARED,
    underlying: 'ETH',
    startIndex: 3_000,
    calmVol: 0.6,
    stressedVol: 1.2,
    jumps: { perYear: 12, downShare: 0.6, meanDown: 0.035, meanUp: 0.03 },
    basis: { mean: 0.06, reversionHours: 120, sd: 0.035, returnBeta: 0.3 },
    perpPremium: { mean: 0.0003, reversionHours: 8, sd: 0.0006 },
  },
};

/** 2026-11-25T00:00:00Z: "now" of the reference market. */
export const REFERENCE_NOW_SEC = 1_795_564_800;

function referenceState(model: PathModel, instantVol: number, longRunVol: number): MarketState {
  return {
    underlying: model.underlying,
    nowSec: REFERENCE_NOW_SEC,
    index: model.startIndex,
    perpPremium: model.perpPremium.mean,
    basis: model.basis.mean,
    instantVariance: instantVol * instantVol,
    longRunVariance: longRunVol * longRunVol,
    jumpVariance: jumpVariance(model.jumps),
    volFactor: 1,
    shape: model.shape,
    hourlyVol: instantVol / Math.sqrt(HOURS_PER_YEAR),
  };
}

/**
 * The reference market of the efficiency table: BTC 50,000, perp +0.02%, basis 5% a year, ATM vols
 * 60% (7 days) to 61.5% (90 days); ETH 3,000, perp +0.03%, basis 6%, ATM 70.5% to 71.7%. A strike 10%
 * below the index trades 2 to 7 vol points above ATM. No R_t: both portfolio models use the
 * parameters' R (16% BTC, 18% ETH).
 */
export const REFERENCE_STATES: Readonly<Record<Underlying, MarketState>> = {
  BTC: referenceState(PATH_MODELS.BTC, 0.55, 0.6),
  ETH: referenceState(PATH_MODELS.ETH, 0.65, 0.7),
};
