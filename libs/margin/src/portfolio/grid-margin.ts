import { deltaShock, rollShock } from './contingencies';
import type { Holding, OrderLeg, RiskUnit } from './instruments';
import { usdToMicroUp } from './money';
import { type WorseSide, initialWithOrders } from './order-sides';
import type { PortfolioMarginParams } from './params';
import { type UnitPricer, fullRepricing } from './pricer';
import { type RiskProfile, capAtPremium, riskProfile } from './risk-profile';
import { type ScenarioOutcome, scenarioOutcomes } from './scenario-outcomes';
import { worstLoss } from './scenarios';

/** The parts of Deribit's portfolio margin (section 3), USD. */
export interface GridCharges {
  /** L: the worst charged loss over the standard and extended scenarios (0 if none loses). */
  readonly worstLoss: number;
  /** Index of the scenario giving L, -1 when none loses. */
  readonly worstScenario: number;
  readonly rollShock: number;
  readonly deltaShock: number;
  /** L + roll + delta shock: the IM before open orders. */
  readonly total: number;
}

export function gridCharges(profile: RiskProfile, pricer: UnitPricer): GridCharges {
  const { params, scenarios } = pricer;
  const worst = worstLoss(profile.pnl, scenarios);
  const roll = rollShock(profile, params);
  const delta = deltaShock(profile, params);
  return {
    worstLoss: worst.loss,
    worstScenario: worst.scenario,
    rollShock: roll,
    deltaShock: delta,
    total: worst.loss + roll + delta,
  };
}

/** IM of the grid model before open orders. */
function gridInitial(profile: RiskProfile, pricer: UnitPricer): number {
  return capAtPremium(profile, gridCharges(profile, pricer).total);
}

export interface GridMarginResult {
  readonly model: 'grid';
  /** The parameters and price range used, so the result can be reproduced. */
  readonly params: PortfolioMarginParams;
  readonly range: number;
  readonly scenarios: readonly ScenarioOutcome[];
  readonly charges: GridCharges;
  /** Open-orders margin in USD and the side that sets it. */
  readonly openOrders: number;
  readonly worseSide: WorseSide;
  readonly maintenanceUsd: number;
  readonly initialUsd: number;
  /** Micro-USDC, rounded up. */
  readonly maintenance: bigint;
  readonly initial: bigint;
}

/** Section 3: MM = 0.8 (L + roll + delta shock); IM = L + roll + delta shock + open-orders margin. */
export function gridMarginWith(
  pricer: UnitPricer,
  positions: readonly Holding[],
  orders: readonly OrderLeg[] = [],
): GridMarginResult {
  const profile = riskProfile(pricer, positions);
  const charges = gridCharges(profile, pricer);
  const positionsInitial = capAtPremium(profile, charges.total);
  const maintenanceUsd = pricer.params.maintenanceShare * positionsInitial;
  const withOrders = initialWithOrders(pricer, positions, orders, positionsInitial, (filled) =>
    gridInitial(filled, pricer),
  );
  return {
    model: 'grid',
    params: pricer.params,
    range: pricer.range,
    scenarios: scenarioOutcomes(pricer.scenarios, profile.pnl),
    charges,
    openOrders: withOrders.openOrders,
    worseSide: withOrders.worseSide,
    maintenanceUsd,
    initialUsd: withOrders.initial,
    maintenance: usdToMicroUp(maintenanceUsd),
    initial: usdToMicroUp(withOrders.initial),
  };
}

/** Deribit's scenario-grid portfolio margin of one risk unit, repricing everything from its market. */
export function gridMargin(unit: RiskUnit, params: PortfolioMarginParams): GridMarginResult {
  return gridMarginWith(fullRepricing(unit.market, params), unit.positions, unit.openOrders);
}
