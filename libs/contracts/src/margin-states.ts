import { defineTopic, hasString } from './topic';

/** An account's margin, as the risk engine last computed it. Integer micro-USDC as strings. */
export interface AccountMarginState {
  readonly accountId: string;
  readonly collateral: string;
  readonly unrealizedPnl: string;
  readonly equity: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  readonly available: string;
  readonly timestampMs: number;
}

/** portfolio-margin -> gateway. Keyed by account. */
export const MARGIN_STATES = defineTopic<AccountMarginState>(
  'margin.states',
  4,
  (m) => m.accountId,
  (record) => hasString(record, 'accountId', 'equity', 'initialMargin', 'maintenanceMargin'),
);
