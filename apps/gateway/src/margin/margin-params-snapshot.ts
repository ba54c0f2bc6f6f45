import type { PortfolioMarginParams } from '@exchange/margin';

/** What the risk service answers at MARGIN_PARAMS_PATH: the parameters it computes with now. */
export interface MarginParamsSnapshot {
  readonly paramsVersion: string;
  readonly byUnderlying: Readonly<Record<string, PortfolioMarginParams>>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The answer holds what the gateway reads: a version overall and a versioned structure per
 * underlying. The structures themselves are the engine's, echoed as it gave them.
 */
export function isMarginParamsSnapshot(value: unknown): value is MarginParamsSnapshot {
  return (
    isObject(value) &&
    typeof value.paramsVersion === 'string' &&
    isObject(value.byUnderlying) &&
    Object.values(value.byUnderlying).every((params) => isObject(params) && typeof params.version === 'string')
  );
}
