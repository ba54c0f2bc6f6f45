import type { PortfolioMarginParams, VolShockParams } from './params';

export type VolShock = 'up' | 'same' | 'down';

/** One scenario of the grid (margin-model.md section 3). */
export interface Scenario {
  /** Relative move of every price of the unit (index, futures marks, option forwards). */
  readonly move: number;
  /** The move applied to linear instruments: `move`, clamped to +-R in the extended scenarios. */
  readonly linearMove: number;
  readonly volShock: VolShock;
  readonly extended: boolean;
  /** 1, or R / |M| for an extended move M. */
  readonly weight: number;
  /** USD taken off a weighted extended loss: (max(|M| / R, 1) - 1) D; 0 for the standard scenarios. */
  readonly dampener: number;
}

const VOL_SHOCKS: readonly VolShock[] = ['up', 'same', 'down'];

/**
 * The 9 x 3 standard scenarios (moves R j / 4, j = -4..4, each with vol up, same and down) followed by
 * the extended moves with vol up only.
 */
export function scenarioGrid(range: number, params: PortfolioMarginParams): Scenario[] {
  if (!(range > 0 && range < 1)) throw new RangeError(`price range ${range} must be in (0, 1)`);
  const buckets = params.priceBuckets;
  const standard = Array.from({ length: 2 * buckets + 1 }, (_, i) => (range * (i - buckets)) / buckets).flatMap(
    (move): Scenario[] =>
      VOL_SHOCKS.map((volShock) => ({ move, linearMove: move, volShock, extended: false, weight: 1, dampener: 0 })),
  );
  const extended = params.extendedMoves.map(
    (move): Scenario => ({
      move,
      linearMove: Math.sign(move) * range,
      volShock: 'up',
      extended: true,
      weight: range / Math.abs(move),
      dampener: (Math.max(Math.abs(move) / range, 1) - 1) * params.dampenerUsd,
    }),
  );
  return [...standard, ...extended];
}

/** k(DTE) = (30 / max(DTE, 1))^p, p = 0.30 below 30 days and 0.13 from 30 days on. */
export function termFactor(years: number, params: VolShockParams): number {
  const days = years * 365;
  const power = days < params.termSplitDays ? params.shortTermPower : params.longTermPower;
  return Math.pow(params.referenceDays / Math.max(days, params.minDays), power);
}

/** An option's own implied vol under a shock: up max(0.5, s (1 + 0.5 k)), down max(0, s (1 - 0.25 k)). */
export function shockedVol(vol: number, years: number, shock: VolShock, params: VolShockParams): number {
  if (shock === 'same') return vol;
  const k = termFactor(years, params);
  return shock === 'up'
    ? Math.max(params.upFloor, vol * (1 + params.up * k))
    : Math.max(0, vol * (1 - params.down * k));
}

/**
 * What a scenario's PnL counts for: itself in the standard scenarios; in an extended one the weighted
 * PnL a = w PnL, shrunk towards 0 by the dampener: sign(a) max(0, |a| - damp).
 */
export function chargedPnl(scenario: Scenario, pnl: number): number {
  if (!scenario.extended) return pnl;
  const weighted = scenario.weight * pnl;
  const beyondDampener = Math.max(0, Math.abs(weighted) - scenario.dampener);
  return beyondDampener === 0 ? 0 : Math.sign(weighted) * beyondDampener;
}

/** The largest charged loss over the scenarios (0 when none loses) and the first scenario reaching it (-1 if none). */
export function worstLoss(
  pnl: ArrayLike<number>,
  scenarios: readonly Scenario[],
): { readonly loss: number; readonly scenario: number } {
  let loss = 0;
  let worst = -1;
  for (let j = 0; j < scenarios.length; j += 1) {
    const charged = -chargedPnl(scenarios[j], pnl[j]);
    if (charged > loss) {
      loss = charged;
      worst = j;
    }
  }
  return { loss, scenario: worst };
}
