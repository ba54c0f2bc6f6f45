import type { PortfolioMarginParams } from './params';

/** Why a parameter structure was refused: the first field that is missing or out of its range. */
export interface ParamsProblem {
  readonly field: string;
  readonly reason: string;
}

export type ParamsParse =
  | { readonly ok: true; readonly params: PortfolioMarginParams }
  | { readonly ok: false; readonly problem: ParamsProblem };

/** A numeric field's allowed range; `above` excludes the bound, `atLeast` includes it. */
interface NumberRule {
  readonly atLeast?: number;
  readonly above?: number;
  readonly atMost?: number;
  readonly below?: number;
  readonly integer?: boolean;
}

type Rules = { readonly [field: string]: NumberRule | Rules };

const FRACTION: NumberRule = { above: 0, below: 1 };
const NON_NEGATIVE: NumberRule = { atLeast: 0 };
const POSITIVE: NumberRule = { above: 0 };
const SHARE: NumberRule = { atLeast: 0, atMost: 1 };

/** Every number of `PortfolioMarginParams` and where it may lie; the cross-field rules are in `crossCheck`. */
const RULES: Rules = {
  linear: { initialRate: FRACTION, maintenanceRate: FRACTION, incrementPerCoin: { atLeast: 0, atMost: 0.01 } },
  shortOption: { initialRate: FRACTION, initialFloorRate: FRACTION, maintenanceRate: FRACTION },
  priceRange: FRACTION,
  priceBuckets: { atLeast: 1, atMost: 20, integer: true },
  volShock: {
    up: NON_NEGATIVE,
    upFloor: NON_NEGATIVE,
    down: SHARE,
    referenceDays: POSITIVE,
    minDays: POSITIVE,
    shortTermPower: NON_NEGATIVE,
    longTermPower: NON_NEGATIVE,
    termSplitDays: POSITIVE,
  },
  dampenerUsd: NON_NEGATIVE,
  roll: { floor: { atLeast: 0, below: 1 }, annualRate: { atLeast: 0, atMost: 1 } },
  deltaShock: { thresholdUsd: NON_NEGATIVE, rate: SHARE },
  maintenanceShare: { above: 0, atMost: 1 },
  hedgeFirst: {
    fastFloor: { atLeast: 0, below: 1 },
    z: { atLeast: 0, atMost: 10 },
    shortOptionRate: { atLeast: 0, below: 1 },
    netDeltaRate: { atLeast: 0, below: 1 },
    hedgedDeltaRate: { atLeast: 0, below: 1 },
  },
  priceRangeModel: {
    multiplier: POSITIVE,
    min: FRACTION,
    max: FRACTION,
    maxDailyDecrease: SHARE,
    worstFloor: SHARE,
    ewmaLambda: FRACTION,
  },
};

const MAX_EXTENDED_MOVES = 20;

function numberProblem(value: unknown, rule: NumberRule): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
  if (rule.integer && !Number.isInteger(value)) return 'must be a whole number';
  if (rule.atLeast !== undefined && value < rule.atLeast) return `must be >= ${rule.atLeast}`;
  if (rule.above !== undefined && value <= rule.above) return `must be > ${rule.above}`;
  if (rule.atMost !== undefined && value > rule.atMost) return `must be <= ${rule.atMost}`;
  if (rule.below !== undefined && value >= rule.below) return `must be < ${rule.below}`;
  return null;
}

const isRule = (rule: NumberRule | Rules): rule is NumberRule =>
  Object.values(rule).every((value) => typeof value === 'number' || typeof value === 'boolean');

function checkRules(value: unknown, rules: Rules, path: string): ParamsProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field: path || '(root)', reason: 'must be an object' };
  }
  const record = value as Record<string, unknown>;
  for (const [field, rule] of Object.entries(rules)) {
    const name = path ? `${path}.${field}` : field;
    const problem = isRule(rule) ? numberProblem(record[field], rule) : null;
    if (problem) return { field: name, reason: problem };
    if (!isRule(rule)) {
      const nested = checkRules(record[field], rule, name);
      if (nested) return nested;
    }
  }
  return null;
}

/** Rules across fields: IM rates above MM rates, the range model's bounds in order, extended moves valid. */
function crossCheck(params: PortfolioMarginParams): ParamsProblem | null {
  const { linear, shortOption, priceRangeModel, extendedMoves } = params;
  if (linear.maintenanceRate > linear.initialRate) {
    return { field: 'linear.maintenanceRate', reason: 'must not exceed linear.initialRate' };
  }
  if (shortOption.initialFloorRate > shortOption.initialRate) {
    return { field: 'shortOption.initialFloorRate', reason: 'must not exceed shortOption.initialRate' };
  }
  if (shortOption.maintenanceRate > shortOption.initialFloorRate) {
    return { field: 'shortOption.maintenanceRate', reason: 'must not exceed shortOption.initialFloorRate' };
  }
  if (priceRangeModel.min > priceRangeModel.max) {
    return { field: 'priceRangeModel.min', reason: 'must not exceed priceRangeModel.max' };
  }
  if (!Array.isArray(extendedMoves) || extendedMoves.length > MAX_EXTENDED_MOVES) {
    return { field: 'extendedMoves', reason: `must be a list of at most ${MAX_EXTENDED_MOVES} moves` };
  }
  const bad = extendedMoves.findIndex((move) => !(typeof move === 'number' && Number.isFinite(move) && move > -1));
  if (bad >= 0) return { field: `extendedMoves[${bad}]`, reason: 'must be a finite move above -1 (-100%)' };
  return null;
}

/**
 * Reads a staff-supplied parameter structure for `underlying`: every field of
 * `PortfolioMarginParams`, each within its range, a version naming it, nothing else assumed.
 */
export function parsePortfolioMarginParams(value: unknown, underlying: string): ParamsParse {
  const refuse = (field: string, reason: string): ParamsParse => ({ ok: false, problem: { field, reason } });
  const structural = checkRules(value, RULES, '');
  if (structural) return { ok: false, problem: structural };
  const record = value as Record<string, unknown>;
  if (typeof record.version !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(record.version)) {
    return refuse('version', 'must be 1 to 64 letters, digits or . _ : -');
  }
  if (record.underlying !== underlying) return refuse('underlying', `must be ${underlying}`);
  const params = record as unknown as PortfolioMarginParams;
  const problem = crossCheck(params);
  if (problem) return { ok: false, problem };
  return { ok: true, params: copyOf(params) };
}

/** Only the known fields, so what is stored and echoed is exactly the typed structure. */
function copyOf(params: PortfolioMarginParams): PortfolioMarginParams {
  const pick = <T extends object>(source: T, rules: Rules): T =>
    Object.fromEntries(
      Object.entries(rules).map(([field, rule]) => {
        const value = (source as Record<string, unknown>)[field];
        return [field, isRule(rule) ? value : pick(value as object, rule)];
      }),
    ) as T;
  return {
    ...pick(params, RULES),
    version: params.version,
    underlying: params.underlying,
    extendedMoves: [...params.extendedMoves],
  };
}
