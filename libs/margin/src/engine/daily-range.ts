import type { PortfolioMarginParams } from '../portfolio/params';
import { type PriceRangeState, observeDailyClose, startPriceRange } from '../portfolio/price-range';

const SECONDS_PER_DAY = 86_400;

/** The price range R_t of one underlying, fed by its index prices: the last index of each UTC day is that day's close. */
export interface DailyRange {
  readonly state: PriceRangeState;
  /** The UTC day (epoch days) of the last index seen, and that index: the close once the day is over. */
  readonly day: number;
  readonly lastIndex: number;
}

/**
 * Starts R_t at the parameters' R: a daily vol of R / multiplier puts the target exactly there, and a
 * worst historical range of R / worstFloor makes R the anti-procyclical floor, so the range can rise
 * with volatility but never falls below the published R (the "worst episodes" input the design note
 * leaves open, decided here).
 */
function start(index: number, day: number, params: PortfolioMarginParams): DailyRange {
  const model = params.priceRangeModel;
  const state = startPriceRange(
    index,
    params.priceRange / model.multiplier,
    params.priceRange / model.worstFloor,
    model,
  );
  return { state, day, lastIndex: index };
}

/** The range after an index price at `nowSec`: a new UTC day closes the previous one first. */
export function observeIndex(
  range: DailyRange | null,
  index: number,
  nowSec: number,
  params: PortfolioMarginParams,
): DailyRange {
  const day = Math.floor(nowSec / SECONDS_PER_DAY);
  if (!range) return start(index, day, params);
  const state = day > range.day ? observeDailyClose(range.state, range.lastIndex, params.priceRangeModel) : range.state;
  return { state, day: Math.max(day, range.day), lastIndex: index };
}
