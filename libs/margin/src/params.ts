/**
 * Standard margin of a linear perpetual or future (margin-model.md section 2, Deribit):
 * IM = (initialRate + incrementPerCoin |q|) |q| S, MM = (maintenanceRate + incrementPerCoin |q|) |q| S.
 */
export interface PerpMarginParams {
  readonly initialRate: number;
  readonly maintenanceRate: number;
  /** Rate added per coin of position size, so large positions need proportionally more. */
  readonly incrementPerCoin: number;
}

/** Margin parameters of every underlying, versioned so a margin state can name what produced it. */
export interface StandardMarginParams {
  readonly version: string;
  readonly byUnderlying: Readonly<Record<string, PerpMarginParams>>;
}

/** 2% / 1% plus 0.005% per BTC. */
export const BTC_PERP_MARGIN: PerpMarginParams = {
  initialRate: 0.02,
  maintenanceRate: 0.01,
  incrementPerCoin: 0.00005,
};

/** 2% / 1% plus 0.0004% per ETH. */
export const ETH_PERP_MARGIN: PerpMarginParams = {
  initialRate: 0.02,
  maintenanceRate: 0.01,
  incrementPerCoin: 0.000004,
};

export const DEFAULT_PERP_PARAMS: StandardMarginParams = {
  version: 'deribit-standard-1',
  byUnderlying: { BTC: BTC_PERP_MARGIN, ETH: ETH_PERP_MARGIN },
};
