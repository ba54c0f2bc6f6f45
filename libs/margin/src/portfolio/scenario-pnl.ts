import type { VolShockParams } from './params';
import { type Quote, valueAt } from './quotes';
import { type Scenario, shockedVol } from './scenarios';

/** A quoted instrument and a signed size in coins. */
export interface PricedHolding {
  readonly quote: Quote;
  readonly size: number;
}

/** Value per coin of the instrument in a scenario: its forward moved, an option's own vol shocked, T unchanged. */
function scenarioValue(quote: Quote, scenario: Scenario, volShock: VolShockParams): number {
  if (quote.instrument.kind !== 'option') return quote.forward * (1 + scenario.linearMove);
  const vol = shockedVol(quote.vol, quote.years, scenario.volShock, volShock);
  return valueAt(quote, quote.forward * (1 + scenario.move), vol);
}

/** PnL per coin of one instrument in every scenario: the vector the pre-trade check sums (section 5). */
export function scenarioVector(quote: Quote, scenarios: readonly Scenario[], volShock: VolShockParams): Float64Array {
  return Float64Array.from(scenarios, (scenario) =>
    quote.instrument.kind === 'option'
      ? scenarioValue(quote, scenario, volShock) - quote.mark
      : quote.forward * scenario.linearMove,
  );
}

/**
 * Full repricing: in each scenario the whole unit's value minus its value now, every position
 * revalued from its quote. The reference the cached per-instrument vectors must agree with.
 */
export function repricePortfolio(
  holdings: readonly PricedHolding[],
  scenarios: readonly Scenario[],
  volShock: VolShockParams,
): Float64Array {
  const valueNow = holdings.reduce((sum, { quote, size }) => sum + size * quote.mark, 0);
  return Float64Array.from(
    scenarios,
    (scenario) =>
      holdings.reduce((sum, { quote, size }) => sum + size * scenarioValue(quote, scenario, volShock), 0) - valueNow,
  );
}
