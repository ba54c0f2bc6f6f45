import type { AccountMarginState, MarginUnitState } from '@exchange/contracts';

const INTEGER = /^-?\d+$/;
const AMOUNTS = [
  'collateral',
  'unrealizedPnl',
  'equity',
  'maintenanceEquity',
  'initialMargin',
  'maintenanceMargin',
  'available',
] as const;

const isInteger = (value: unknown): boolean => typeof value === 'string' && INTEGER.test(value);

/** Everything the views read, in the shapes they read it: a malformed state is ignored, never shown. */
function isWellFormed(state: AccountMarginState): boolean {
  return (
    AMOUNTS.every((field) => isInteger(state[field])) &&
    (state.marginMode === 'standard' || state.marginMode === 'portfolio') &&
    typeof state.paramsVersion === 'string' &&
    (state.marginRatio === null || Number.isFinite(state.marginRatio)) &&
    typeof state.belowMaintenance === 'boolean' &&
    Number.isSafeInteger(state.timestampMs) &&
    typeof state.marks === 'object' &&
    state.marks !== null &&
    Object.values(state.marks).every(isInteger) &&
    Array.isArray(state.units) &&
    state.units.every(
      (unit: unknown) =>
        typeof unit === 'object' &&
        unit !== null &&
        typeof (unit as MarginUnitState).unit === 'string' &&
        isInteger((unit as MarginUnitState).initialMargin) &&
        isInteger((unit as MarginUnitState).maintenanceMargin),
    )
  );
}

/** The latest margin state of each account, as the risk engine last published it. */
export class MarginStates {
  private readonly latest = new Map<string, AccountMarginState>();

  /** Keeps the state unless a newer one is held; false for a malformed or older state. */
  update(state: AccountMarginState): boolean {
    if (!isWellFormed(state)) return false;
    const held = this.latest.get(state.accountId);
    if (held && held.timestampMs > state.timestampMs) return false;
    this.latest.set(state.accountId, state);
    return true;
  }

  of(accountId: string): AccountMarginState | undefined {
    return this.latest.get(accountId);
  }
}
