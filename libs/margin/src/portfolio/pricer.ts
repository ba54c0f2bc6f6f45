import type { Instrument, UnitMarket } from './instruments';
import type { PortfolioMarginParams } from './params';
import { quoteInstrument, type Quote } from './quotes';
import { type PricedHolding, repricePortfolio } from './scenario-pnl';
import { type Scenario, scenarioGrid } from './scenarios';

/**
 * Where a margin model gets its prices: quotes for instruments and the scenario PnL of a set of
 * holdings. Full repricing and the cached `ScenarioBook` are the two implementations; the margin
 * models above them are the same code.
 */
export interface UnitPricer {
  readonly market: UnitMarket;
  readonly params: PortfolioMarginParams;
  /** The price range R in force: the market's R_t, else the parameters' R. */
  readonly range: number;
  readonly scenarios: readonly Scenario[];
  quote(instrument: Instrument): Quote;
  /** PnL of the holdings in every scenario. */
  scenarioPnl(holdings: readonly PricedHolding[]): Float64Array;
}

export function rangeOf(market: UnitMarket, params: PortfolioMarginParams): number {
  return market.priceRange ?? params.priceRange;
}

/** Prices everything afresh from the market on every call. */
export function fullRepricing(market: UnitMarket, params: PortfolioMarginParams): UnitPricer {
  if (market.underlying !== params.underlying) {
    throw new Error(`parameters for ${params.underlying} cannot margin ${market.underlying}`);
  }
  const range = rangeOf(market, params);
  const scenarios = scenarioGrid(range, params);
  return {
    market,
    params,
    range,
    scenarios,
    quote: (instrument) => quoteInstrument(instrument, market),
    scenarioPnl: (holdings) => repricePortfolio(holdings, scenarios, params.volShock),
  };
}
