import type { PortfolioMarginParams } from '../portfolio/params';
import { type PriceRangeState, observeDailyClose, startPriceRange } from '../portfolio/price-range';

const SECONDS_PER_DAY = 86_400;

/**
 * One underlying's index history as the price range needs it: the first index seen and the close of
 * every UTC day since (its last index). R_t is recomputed from it under the parameters in force, so
 * it does not depend on when staff changed them: a restart that replays the prices gets the same.
 */
export interface DailyCloses {
  readonly firstIndex: number;
  readonly closes: readonly number[];
  /** The UTC day (epoch days) of the last index seen, and that index: the close once the day is over. */
  readonly day: number;
  readonly lastIndex: number;
}

/** The history after an index price at `nowSec`: a new UTC day closes the previous one first. */
export function observeIndex(history: DailyCloses | null, index: number, nowSec: number): DailyCloses {
  const day = Math.floor(nowSec / SECONDS_PER_DAY);
  if (!history) return { firstIndex: index, closes: [], day, lastIndex: index };
  if (day <= history.day) return { ...history, lastIndex: index };
  return { ...history, closes: [...history.closes, history.lastIndex], day, lastIndex: index };
}

/**
 * R_t over the history. It starts at the parameters' R: a daily vol of R / multiplier puts the
 * target exactly there, and a worst historical range of R / worstFloor makes R the anti-procyclical
 * floor, so the range rises with volatility but never falls below the published R (the "worst
 * episodes" input the design note leaves open, decided here).
 */
export function priceRangeOf(history: DailyCloses, params: PortfolioMarginParams): PriceRangeState {
  const model = params.priceRangeModel;
  const start = startPriceRange(
    history.firstIndex,
    params.priceRange / model.multiplier,
    params.priceRange / model.worstFloor,
    model,
  );
  return history.closes.reduce((state, close) => observeDailyClose(state, close, model), start);
}
