import type { PriceRangeParams } from './params';

/**
 * The grid's price range R_t as it follows volatility (margin-model.md section 4): a pure state
 * machine fed one index close a day.
 */
export interface PriceRangeState {
  readonly lastClose: number;
  /** EWMA of squared daily log returns: s_daily^2. */
  readonly variance: number;
  /** R_t, the range in force. */
  readonly range: number;
  /** The widest target range seen, seeded with the worst historical episodes: the anti-procyclical anchor. */
  readonly worstTarget: number;
}

/** clamp(multiplier s_daily, min, max). */
export function targetRange(dailyVol: number, params: PriceRangeParams): number {
  return Math.min(params.max, Math.max(params.min, params.multiplier * dailyVol));
}

function nextRange(target: number, previous: number, worstTarget: number, params: PriceRangeParams): number {
  const slowestFall = previous * (1 - params.maxDailyDecrease);
  return Math.min(params.max, Math.max(target, slowestFall, params.worstFloor * worstTarget));
}

/**
 * Starts the machine from a first close, a daily vol estimate and the range of the worst historical
 * episodes (e.g. the target range at the March 2020 crash), below whose 0.75 it never goes.
 */
export function startPriceRange(
  firstClose: number,
  dailyVol: number,
  historicalWorstRange: number,
  params: PriceRangeParams,
): PriceRangeState {
  if (!(firstClose > 0) || !(dailyVol >= 0) || !(historicalWorstRange >= 0)) {
    throw new RangeError('price range needs a close > 0, a daily vol >= 0 and a worst range >= 0');
  }
  const target = targetRange(dailyVol, params);
  const worstTarget = Math.max(target, Math.min(params.max, historicalWorstRange));
  return {
    lastClose: firstClose,
    variance: dailyVol * dailyVol,
    range: nextRange(target, target, worstTarget, params),
    worstTarget,
  };
}

/**
 * One day's close: updates the EWMA variance with the day's log return; R_t rises at once to the new
 * target, falls by at most maxDailyDecrease (10%) of itself a day, and never below worstFloor (0.75)
 * of the worst target seen.
 */
export function observeDailyClose(state: PriceRangeState, close: number, params: PriceRangeParams): PriceRangeState {
  if (!(close > 0) || !Number.isFinite(close)) throw new RangeError(`daily close ${close} must be > 0`);
  const dailyReturn = Math.log(close / state.lastClose);
  const variance = params.ewmaLambda * state.variance + (1 - params.ewmaLambda) * dailyReturn * dailyReturn;
  const target = targetRange(Math.sqrt(variance), params);
  const worstTarget = Math.max(state.worstTarget, target);
  return { lastClose: close, variance, range: nextRange(target, state.range, worstTarget, params), worstTarget };
}
