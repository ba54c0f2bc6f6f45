import type { AccountMarginState } from '@exchange/contracts';

const INTEGER = /^-?\d+$/;
const AMOUNTS = ['collateral', 'unrealizedPnl', 'equity', 'initialMargin', 'maintenanceMargin', 'available'] as const;

/** The latest margin state of each account, as the risk engine last published it. */
export class MarginStates {
  private readonly latest = new Map<string, AccountMarginState>();

  /** Keeps the state unless an equally new or newer one is held; false for a malformed or older state. */
  update(state: AccountMarginState): boolean {
    if (!AMOUNTS.every((field) => typeof state[field] === 'string' && INTEGER.test(state[field]))) return false;
    const held = this.latest.get(state.accountId);
    if (held && held.timestampMs > state.timestampMs) return false;
    this.latest.set(state.accountId, state);
    return true;
  }

  of(accountId: string): AccountMarginState | undefined {
    return this.latest.get(accountId);
  }
}
