import { type Scenario, chargedPnl } from './scenarios';

/** One row of the scenario matrix, for display and the simulate endpoint. USD. */
export interface ScenarioOutcome extends Scenario {
  /** PnL of the unit in the scenario, before weight and dampener. */
  readonly pnl: number;
  /** What the scenario charges: pnl itself, or the weighted and dampened PnL of an extended move. */
  readonly charged: number;
}

export function scenarioOutcomes(scenarios: readonly Scenario[], pnl: ArrayLike<number>): ScenarioOutcome[] {
  return scenarios.map((scenario, j) => ({ ...scenario, pnl: pnl[j], charged: chargedPnl(scenario, pnl[j]) }));
}
