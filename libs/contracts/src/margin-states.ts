import type { MarginMode } from './orders';
import { defineTopic, hasString } from './topic';

/**
 * One risk unit's share of an account's requirement: under portfolio margin an underlying (its
 * perps, futures and options margined together), under standard margin one market.
 */
export interface MarginUnitState {
  readonly unit: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
}

/** An account's margin, as the risk engine last computed it. Integer micro-USDC as strings. */
export interface AccountMarginState {
  readonly accountId: string;
  readonly marginMode: MarginMode;
  /** The margin parameters the figures were computed with, so they can be reproduced. */
  readonly paramsVersion: string;
  readonly collateral: string;
  readonly unrealizedPnl: string;
  /** Collateral after IM haircuts plus unrealized PnL: what covers IM. */
  readonly equity: string;
  /** The same after the smaller MM haircuts: what covers MM. Equals `equity` for USDC-only accounts. */
  readonly maintenanceEquity: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  readonly available: string;
  /** Maintenance margin / maintenance equity; null when that equity is not positive. */
  readonly marginRatio: number | null;
  /** Maintenance equity below maintenance margin: the liquidation engine's trigger. */
  readonly belowMaintenance: boolean;
  readonly units: readonly MarginUnitState[];
  /** The marks (micro-USDC) of the markets the account holds, as the figures used them; an option's comes from the surface. */
  readonly marks: Readonly<Record<string, string>>;
  readonly timestampMs: number;
}

/** portfolio-margin -> gateway. Keyed by account. */
export const MARGIN_STATES = defineTopic<AccountMarginState>(
  'margin.states',
  4,
  (m) => m.accountId,
  (record) => hasString(record, 'accountId', 'equity', 'initialMargin', 'maintenanceMargin'),
);

/**
 * An account crossed its maintenance margin: `belowMaintenance` true when equity fell below it,
 * false when it recovered. Sent on each crossing, and for every account below it when the risk
 * service starts. Micro-USDC strings.
 */
export interface MarginCall {
  readonly accountId: string;
  readonly belowMaintenance: boolean;
  readonly equity: string;
  readonly maintenanceMargin: string;
  readonly timestampMs: number;
}

/** portfolio-margin -> the liquidation engine (a later issue). Keyed by account. */
export const MARGIN_CALLS = defineTopic<MarginCall>(
  'margin.calls',
  4,
  (m) => m.accountId,
  (record) => hasString(record, 'accountId', 'equity') && typeof record.belowMaintenance === 'boolean',
);
