import type { MarginRequirement } from '../standard-margin';
import { gridMargin } from './grid-margin';
import { hedgeFirstMargin } from './hedge-first';
import type { RiskUnit } from './instruments';
import type { PortfolioMarginParams } from './params';
import { standardUnitMargin } from './standard-unit-margin';

/** Each sub-account margins with one model (section 5); hedge-first is the project's default. */
export type MarginModel = 'standard' | 'grid' | 'hedge-first';

export interface UnitRequirement extends MarginRequirement {
  readonly underlying: string;
}

export interface AccountRequirement extends MarginRequirement {
  readonly model: MarginModel;
  readonly units: readonly UnitRequirement[];
}

function unitRequirement(unit: RiskUnit, params: PortfolioMarginParams, model: MarginModel): MarginRequirement {
  switch (model) {
    case 'standard':
      return standardUnitMargin(unit, params);
    case 'grid':
      return gridMargin(unit, params);
    case 'hedge-first':
      return hedgeFirstMargin(unit, params);
  }
}

/** An account's requirement: its risk units (one per underlying) margined separately and summed. */
export function accountMargin(
  units: readonly RiskUnit[],
  paramsByUnderlying: Readonly<Record<string, PortfolioMarginParams>>,
  model: MarginModel = 'hedge-first',
): AccountRequirement {
  const seen = new Set<string>();
  const rows = units.map((unit): UnitRequirement => {
    const { underlying } = unit.market;
    if (seen.has(underlying)) throw new Error(`two risk units for ${underlying}: merge them into one`);
    seen.add(underlying);
    const params = paramsByUnderlying[underlying];
    if (!params) throw new Error(`no portfolio margin parameters for ${underlying}`);
    const { initial, maintenance } = unitRequirement(unit, params, model);
    return { underlying, initial, maintenance };
  });
  return {
    model,
    units: rows,
    initial: rows.reduce((sum, row) => sum + row.initial, 0n),
    maintenance: rows.reduce((sum, row) => sum + row.maintenance, 0n),
  };
}
