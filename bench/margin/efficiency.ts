/**
 * Capital efficiency: the IM of each representative portfolio in the reference market under the three
 * models of libs/margin (standard, the plain scenario grid, the hedge-first default).
 */
import {
  DEFAULT_PORTFOLIO_PARAMS,
  type Holding,
  type MarginModel,
  type RiskUnit,
  type UnitMarket,
  accountMargin,
} from '@exchange/margin';
import { listedExpiries, unitMarket } from './market';
import { REFERENCE_STATES } from './models';
import { type PortfolioSpec, describeLegs, holdingsOf, instrumentsOf } from './portfolios';

/** Requirements in micro-USDC, as libs/margin rounds them (up). */
export interface ModelRequirement {
  readonly initial: bigint;
  readonly maintenance: bigint;
}

export interface PortfolioEfficiency {
  readonly name: string;
  readonly legs: string;
  readonly standard: ModelRequirement;
  readonly grid: ModelRequirement;
  readonly hedgeFirst: ModelRequirement;
}

export const MODELS: readonly MarginModel[] = ['standard', 'grid', 'hedge-first'];

export function requirement(units: readonly RiskUnit[], model: MarginModel): ModelRequirement {
  const { initial, maintenance } = accountMargin(units, DEFAULT_PORTFOLIO_PARAMS, model);
  return { initial, maintenance };
}

/** The reference market of the portfolio's underlying, quoting the book's instruments. */
function referenceMarket(spec: PortfolioSpec): UnitMarket {
  const state = REFERENCE_STATES[spec.underlying];
  return unitMarket(state, listedExpiries(state.nowSec), instrumentsOf(spec, state.index, state.nowSec));
}

export function efficiencyOf(spec: PortfolioSpec): PortfolioEfficiency {
  const market = referenceMarket(spec);
  const positions: Holding[] = holdingsOf(spec, market);
  const units: RiskUnit[] = [{ market, positions }];
  return {
    name: spec.name,
    legs: describeLegs(positions),
    standard: requirement(units, 'standard'),
    grid: requirement(units, 'grid'),
    hedgeFirst: requirement(units, 'hedge-first'),
  };
}
