/** What the simulated paths look like, so the report shows the market the backtest ran through. */
import { HOURS_PER_YEAR, type Underlying, atmTotalVariance } from './market';
import type { SimulatedPath } from './paths';

export interface PathSummary {
  readonly underlying: Underlying;
  readonly hours: number;
  /** Annualised standard deviation of hourly log returns. */
  readonly realisedVol: number;
  /** Of hourly log returns (0 for a normal distribution). */
  readonly excessKurtosis: number;
  readonly worstHour: number;
  readonly worstDay: number;
  /**
   * 99.5th percentile of the hour's fall in units of s_1h at its start: the z the hedge-first fast
   * risk max(1%, z s_1h) would need to cover a long position's one-hour loss (it uses 2.33).
   */
  readonly fallInHourlyVols: number;
  readonly atm30dVol: { readonly min: number; readonly max: number };
  readonly priceRange: { readonly min: number; readonly max: number };
}

const THIRTY_DAYS_YEARS = 30 / 365;

/** Statistics over every hour after the warm-up of every path. */
export function summarizePaths(underlying: Underlying, paths: readonly SimulatedPath[], fromHour: number): PathSummary {
  const returns: number[] = [];
  const falls: number[] = [];
  let worstDay = 0;
  const vols = { min: Infinity, max: -Infinity };
  const ranges = { min: Infinity, max: -Infinity };
  for (const path of paths) {
    for (let hour = fromHour; hour <= path.hours; hour += 1) {
      const state = path.stateAt(hour);
      if (hour > fromHour) {
        const previous = path.stateAt(hour - 1);
        returns.push(Math.log(state.index / previous.index));
        falls.push((previous.index - state.index) / previous.index / previous.hourlyVol);
      }
      if (hour >= fromHour + 24) worstDay = Math.min(worstDay, Math.log(state.index / path.stateAt(hour - 24).index));
      const vol = Math.sqrt(atmTotalVariance(state, THIRTY_DAYS_YEARS) / THIRTY_DAYS_YEARS);
      vols.min = Math.min(vols.min, vol);
      vols.max = Math.max(vols.max, vol);
      ranges.min = Math.min(ranges.min, state.priceRange ?? Infinity);
      ranges.max = Math.max(ranges.max, state.priceRange ?? -Infinity);
    }
  }
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const moment = (power: number): number =>
    returns.reduce((sum, r) => sum + Math.pow(r - mean, power), 0) / returns.length;
  const variance = moment(2);
  return {
    underlying,
    hours: returns.length,
    realisedVol: Math.sqrt(variance * HOURS_PER_YEAR),
    excessKurtosis: moment(4) / (variance * variance) - 3,
    worstHour: Math.expm1(returns.reduce((worst, r) => Math.min(worst, r), 0)),
    worstDay: Math.expm1(worstDay),
    fallInHourlyVols: falls.sort((a, b) => a - b)[Math.ceil(0.995 * falls.length) - 1],
    atm30dVol: vols,
    priceRange: ranges,
  };
}
