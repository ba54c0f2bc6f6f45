import { deltaShock, rollShock, shortOptionContingency } from './contingencies';
import type { Holding, OrderLeg, RiskUnit } from './instruments';
import { usdToMicroUp } from './money';
import { type WorseSide, initialWithOrders } from './order-sides';
import type { PortfolioMarginParams } from './params';
import { type UnitPricer, fullRepricing } from './pricer';
import { type RiskProfile, capAtPremium, riskProfile } from './risk-profile';
import { type ScenarioOutcome, scenarioOutcomes } from './scenario-outcomes';
import { chargedPnl, worstLoss } from './scenarios';

/** The parts of the hedge-first margin of one unit (section 4), USD unless named otherwise. */
export interface HedgeFirstCharges {
  /** D, the unit's net delta in coins of the index (cash delta / S). */
  readonly netDelta: number;
  /** r_fast = max(1%, z s_1h) + m_inc |D|. */
  readonly fastRate: number;
  /** L_fast = |D| S r_fast: what the delta can lose before the liquidation engine's perp hedge is on. */
  readonly fast: number;
  /** L_slow: the grid's worst loss once the delta-hedge PnL D S m is taken out. */
  readonly slow: number;
  readonly slowScenario: number;
  /** L_full: the plain section 3 worst loss. */
  readonly full: number;
  /** The exact maximum loss of a defined-risk option unit, null when the unit is not one. */
  readonly definedRiskCap: number | null;
  /** L = min(L_fast + L_slow, L_full), capped by the defined-risk maximum loss. */
  readonly loss: number;
  readonly rollShock: number;
  readonly shortOptions: number;
  readonly deltaShock: number;
  readonly liquidationCost: number;
  /** IM floor ((2% + m_inc |D|) |D| + 1% hedged) S. */
  readonly deltaFloor: number;
}

/** The unit's PnL in each scenario minus that of its delta hedge, cash delta x the scenario's linear move. */
function hedgedPnl(profile: RiskProfile, pricer: UnitPricer): Float64Array {
  const { scenarios } = pricer;
  const hedged = new Float64Array(scenarios.length);
  for (let j = 0; j < hedged.length; j += 1) hedged[j] = profile.pnl[j] - profile.cashDelta * scenarios[j].linearMove;
  return hedged;
}

export function hedgeFirstCharges(profile: RiskProfile, pricer: UnitPricer): HedgeFirstCharges {
  const { params, market, scenarios } = pricer;
  if (!(market.hourlyVol >= 0) || !Number.isFinite(market.hourlyVol)) {
    throw new RangeError(`hourly vol ${market.hourlyVol} must be a finite number >= 0`);
  }
  const { fastFloor, z, netDeltaRate, hedgedDeltaRate } = params.hedgeFirst;
  const increment = params.linear.incrementPerCoin;
  const netDelta = profile.cashDelta / profile.index;
  const size = Math.abs(netDelta);
  const fastRate = Math.max(fastFloor, z * market.hourlyVol) + increment * size;
  const fast = Math.abs(profile.cashDelta) * fastRate;
  const slow = worstLoss(hedgedPnl(profile, pricer), scenarios);
  const full = worstLoss(profile.pnl, scenarios).loss;
  const definedRiskCap = profile.definedRiskMaxLoss;
  const loss = Math.min(fast + slow.loss, full, definedRiskCap ?? Infinity);
  const hedged = Math.min(profile.longCashDelta, profile.shortCashDelta);
  return {
    netDelta,
    fastRate,
    fast,
    slow: slow.loss,
    slowScenario: slow.scenario,
    full,
    definedRiskCap,
    loss,
    rollShock: rollShock(profile, params),
    shortOptions: shortOptionContingency(profile, params),
    deltaShock: deltaShock(profile, params),
    liquidationCost: profile.liquidationCost,
    deltaFloor: (netDeltaRate + increment * size) * Math.abs(profile.cashDelta) + hedgedDeltaRate * hedged,
  };
}

/** A unit's hedge-first MM and IM before open orders, USD. */
export interface HedgeFirstRequirement {
  readonly maintenance: number;
  readonly initial: number;
}

/** MM = L + contingencies; IM = max(MM / 0.8, delta floor); a long-only option unit capped at its premium. */
export function hedgeFirstRequirement(
  profile: RiskProfile,
  pricer: UnitPricer,
  charges = hedgeFirstCharges(profile, pricer),
): HedgeFirstRequirement {
  const maintenance =
    charges.loss + charges.rollShock + charges.shortOptions + charges.deltaShock + charges.liquidationCost;
  const initial = Math.max(maintenance / pricer.params.maintenanceShare, charges.deltaFloor);
  return { maintenance: capAtPremium(profile, maintenance), initial: capAtPremium(profile, initial) };
}

/** A scenario row with the delta hedge taken out: what L_slow is the worst of. */
export interface HedgedScenarioOutcome extends ScenarioOutcome {
  readonly hedgedPnl: number;
  readonly hedgedCharged: number;
}

export interface HedgeFirstResult {
  readonly model: 'hedge-first';
  /** The parameters, price range and hourly vol used, so the result can be reproduced. */
  readonly params: PortfolioMarginParams;
  readonly range: number;
  readonly hourlyVol: number;
  readonly scenarios: readonly HedgedScenarioOutcome[];
  readonly charges: HedgeFirstCharges;
  readonly openOrders: number;
  readonly worseSide: WorseSide;
  readonly maintenanceUsd: number;
  readonly initialUsd: number;
  /** Micro-USDC, rounded up. */
  readonly maintenance: bigint;
  readonly initial: bigint;
}

/** The project's default portfolio margin of one risk unit (margin-model.md section 4). */
export function hedgeFirstMarginWith(
  pricer: UnitPricer,
  positions: readonly Holding[],
  orders: readonly OrderLeg[] = [],
): HedgeFirstResult {
  const profile = riskProfile(pricer, positions);
  const charges = hedgeFirstCharges(profile, pricer);
  const { maintenance, initial } = hedgeFirstRequirement(profile, pricer, charges);
  const withOrders = initialWithOrders(
    pricer,
    positions,
    orders,
    initial,
    (filled) => hedgeFirstRequirement(filled, pricer).initial,
  );
  const hedged = hedgedPnl(profile, pricer);
  return {
    model: 'hedge-first',
    params: pricer.params,
    range: pricer.range,
    hourlyVol: pricer.market.hourlyVol,
    scenarios: scenarioOutcomes(pricer.scenarios, profile.pnl).map((row, j) => ({
      ...row,
      hedgedPnl: hedged[j],
      hedgedCharged: chargedPnl(row, hedged[j]),
    })),
    charges,
    openOrders: withOrders.openOrders,
    worseSide: withOrders.worseSide,
    maintenanceUsd: maintenance,
    initialUsd: withOrders.initial,
    maintenance: usdToMicroUp(maintenance),
    initial: usdToMicroUp(withOrders.initial),
  };
}

/** Hedge-first portfolio margin of one risk unit, repricing everything from its market. */
export function hedgeFirstMargin(unit: RiskUnit, params: PortfolioMarginParams): HedgeFirstResult {
  return hedgeFirstMarginWith(fullRepricing(unit.market, params), unit.positions, unit.openOrders);
}
