import { yearsBetween } from './black76';
import { type SviParams, butterflyFactor, sviParameterViolation, sviTotalVariance, wingButterflyFactor } from './svi';

/** One expiry's smile: an SVI slice in total variance, or one flat at-the-money vol for every strike. */
export type Smile =
  | { readonly kind: 'svi'; readonly params: SviParams }
  | { readonly kind: 'flat'; readonly vol: number };

export interface SurfaceSlice {
  /** Expiry as epoch seconds. */
  readonly expirySec: number;
  readonly smile: Smile;
}

export type SurfaceCheck = 'expiry' | 'parameters' | 'butterfly' | 'calendar';

/** Why a surface was refused: the first failing expiry and the check it failed. */
export interface SurfaceRejection {
  readonly expirySec: number;
  readonly check: SurfaceCheck;
  readonly reason: string;
}

export type SurfaceBuild =
  | { readonly ok: true; readonly surface: VolSurface }
  | { readonly ok: false; readonly rejection: SurfaceRejection };

/** The log-moneyness points k = ln(K/F) where the arbitrage checks are made: min, max and the steps between. */
export interface MoneynessGrid {
  readonly min: number;
  readonly max: number;
  readonly steps: number;
}

/** k in [-3, 3] (strikes from 5% to 20x the forward) every 0.005. */
export const DEFAULT_MONEYNESS_GRID: MoneynessGrid = { min: -3, max: 3, steps: 1200 };

function gridPoints({ min, max, steps }: MoneynessGrid): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => min + ((max - min) * i) / steps);
}

function totalVariance(smile: Smile, years: number, k: number): number {
  return smile.kind === 'flat' ? smile.vol * smile.vol * years : sviTotalVariance(smile.params, k);
}

function parameterViolation(smile: Smile): string | null {
  if (smile.kind === 'svi') return sviParameterViolation(smile.params);
  return Number.isFinite(smile.vol) && smile.vol > 0 ? null : `flat vol ${smile.vol} must be > 0`;
}

/** Where an SVI slice's risk-neutral density goes negative (or its variance vanishes), or null. A flat smile has none. */
function butterflyViolation(smile: Smile, grid: readonly number[]): string | null {
  if (smile.kind === 'flat') return null;
  const wings = wingButterflyFactor(smile.params);
  if (wings < 0) return `wings too steep: b (1 + |rho|) > 2 (Lee's moment bound), g -> ${wings} as |k| grows`;
  for (const k of grid) {
    if (!(sviTotalVariance(smile.params, k) > 0)) return `total variance vanishes at k = ${k.toFixed(3)}`;
    const g = butterflyFactor(smile.params, k);
    if (g < 0) return `g(k) = ${g.toPrecision(6)} < 0 at k = ${k.toFixed(3)}`;
  }
  return null;
}

/**
 * An implied-volatility surface: a validated smile per expiry, at a given time. Built only through
 * `VolSurface.build`, so every surface in use has passed the parameter, butterfly and calendar checks.
 */
export class VolSurface {
  private constructor(
    readonly nowSec: number,
    private readonly smiles: ReadonlyMap<number, Smile>,
  ) {}

  /**
   * Validates and builds a surface (margin-model.md section 1): each expiry in the future and listed
   * once; SVI constraints; no butterfly arbitrage (g(k) >= 0 on the grid and in the wings); no
   * calendar arbitrage (w non-decreasing in T for every k on the grid). The first failure rejects the
   * whole surface with a reason naming the expiry and the check.
   */
  static build(
    slices: readonly SurfaceSlice[],
    nowSec: number,
    grid: MoneynessGrid = DEFAULT_MONEYNESS_GRID,
  ): SurfaceBuild {
    const sorted = [...slices].sort((left, right) => left.expirySec - right.expirySec);
    const points = gridPoints(grid);
    const reject = (expirySec: number, check: SurfaceCheck, detail: string): SurfaceBuild => ({
      ok: false,
      rejection: { expirySec, check, reason: `expiry ${expirySec}: ${check} check failed: ${detail}` },
    });
    for (const [index, { expirySec, smile }] of sorted.entries()) {
      if (!Number.isSafeInteger(expirySec) || expirySec <= nowSec) {
        return reject(expirySec, 'expiry', `expiry must be a whole second after now (${nowSec})`);
      }
      const previous = sorted[index - 1];
      if (previous?.expirySec === expirySec) return reject(expirySec, 'expiry', 'expiry listed twice');
      const parameters = parameterViolation(smile);
      if (parameters) return reject(expirySec, 'parameters', parameters);
      const butterfly = butterflyViolation(smile, points);
      if (butterfly) return reject(expirySec, 'butterfly', butterfly);
      if (previous) {
        const [earlierYears, laterYears] = [yearsBetween(nowSec, previous.expirySec), yearsBetween(nowSec, expirySec)];
        const crossing = points.find(
          (k) => totalVariance(smile, laterYears, k) < totalVariance(previous.smile, earlierYears, k),
        );
        if (crossing !== undefined) {
          return reject(
            expirySec,
            'calendar',
            `total variance at k = ${crossing.toFixed(3)} is below that of the earlier expiry ${previous.expirySec}`,
          );
        }
      }
    }
    return {
      ok: true,
      surface: new VolSurface(nowSec, new Map(sorted.map((slice) => [slice.expirySec, slice.smile]))),
    };
  }

  /** Expiries in increasing order. */
  expiries(): number[] {
    return [...this.smiles.keys()];
  }

  years(expirySec: number): number {
    this.smile(expirySec);
    return yearsBetween(this.nowSec, expirySec);
  }

  /** Total implied variance w(k) at log-moneyness k = ln(K/F). */
  totalVariance(expirySec: number, k: number): number {
    return totalVariance(this.smile(expirySec), this.years(expirySec), k);
  }

  /** Implied vol sqrt(w(k) / T) of strike K on an expiry whose forward is F. */
  impliedVol(expirySec: number, strike: number, forward: number): number {
    if (!(strike > 0 && forward > 0)) throw new RangeError(`implied vol needs K, F > 0 (K ${strike}, F ${forward})`);
    const smile = this.smile(expirySec);
    if (smile.kind === 'flat') return smile.vol;
    return Math.sqrt(this.totalVariance(expirySec, Math.log(strike / forward)) / this.years(expirySec));
  }

  private smile(expirySec: number): Smile {
    const smile = this.smiles.get(expirySec);
    if (!smile) throw new Error(`the surface has no smile for expiry ${expirySec}`);
    return smile;
  }
}
