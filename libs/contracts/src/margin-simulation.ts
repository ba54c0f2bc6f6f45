import type { MarginMode } from './orders';

/**
 * What-if margin, asked of the portfolio-margin service over HTTP (POST /internal/v1/margin/simulate)
 * by the gateway: hypothetical positions, optionally on top of the account's own.
 */
export interface MarginSimulationRequest {
  readonly accountId: string;
  /** Add the account's own positions and open orders to the hypothetical ones. */
  readonly includeAccount: boolean;
  /** The model to use; the account's own when absent. */
  readonly model?: MarginMode;
  /** Signed sizes in lots of each market. */
  readonly positions: readonly { readonly market: string; readonly sizeLots: number }[];
}

/** One scenario of the grid: price move, vol shock and the unit's PnL there (USD). */
export interface ScenarioRow {
  readonly move: number;
  readonly volShock: 'up' | 'same' | 'down';
  readonly extended: boolean;
  readonly pnl: number;
  /** PnL as charged: extended moves weighted and dampened. */
  readonly charged: number;
}

export interface SimulatedUnit {
  readonly unit: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  /** The model's parts (USD): losses, contingencies, floors. */
  readonly charges: Readonly<Record<string, number | null>>;
  /** The full scenario matrix; empty under standard margin. */
  readonly scenarios: readonly ScenarioRow[];
}

export interface MarginSimulationResult {
  readonly model: MarginMode;
  readonly paramsVersion: string;
  /** The parameters used, per underlying, as the engine holds them. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  readonly units: readonly SimulatedUnit[];
}

/**
 * An instrument's mark as the risk engine prices it (GET /internal/v1/marks/{market}): micro-USDC
 * strings for prices, USD per coin for the rest. Options carry their implied vol and Black-76 Greeks.
 */
export interface InstrumentMark {
  readonly market: string;
  readonly markPrice: string;
  readonly indexPrice: string;
  /** The price the instrument moves with: the perp mark, or its expiry's forward. */
  readonly forward: number;
  readonly yearsToExpiry: number;
  readonly impliedVol: number | null;
  /** Per coin: delta dV/dF, gamma, vega per 1.00 of vol, theta per year. */
  readonly greeks: {
    readonly delta: number;
    readonly gamma: number;
    readonly vega: number;
    readonly theta: number;
  } | null;
}
