import type { MarginMode } from '@exchange/contracts';

export const BUS = Symbol('BUS');
export const LOGGER = Symbol('LOGGER');
export const RISK_ENGINE = Symbol('RISK_ENGINE');
export const MARGIN_MODE_STORE = Symbol('MARGIN_MODE_STORE');

/** Where an accepted margin mode is recorded, so the next start reads it back. */
export interface MarginModeStore {
  setMarginMode(accountId: string, mode: MarginMode): Promise<void>;
}
