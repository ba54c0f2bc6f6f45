import type { MarginMode } from '@exchange/contracts';
import type { RiskAccount } from '@exchange/persistence';

export const BUS = Symbol('BUS');
export const LOGGER = Symbol('LOGGER');
export const RISK_ENGINE = Symbol('RISK_ENGINE');
export const ACCOUNT_STORE = Symbol('ACCOUNT_STORE');

/** The accounts table as the risk service uses it while running. */
export interface AccountStore {
  /** Records an accepted margin mode, so the next start reads it back. */
  setMarginMode(accountId: string, mode: MarginMode): Promise<void>;
  /** An account created after the service started, on its first command; null when there is none. */
  loadRiskAccount(accountId: string): Promise<RiskAccount | null>;
}
