import { defineTopic, hasString } from './topic';

/** One expiry's smile: raw SVI in total variance, or one flat implied vol for every strike. */
export type SmileWire =
  | {
      readonly kind: 'svi';
      readonly a: number;
      readonly b: number;
      readonly rho: number;
      readonly m: number;
      readonly sigma: number;
    }
  | { readonly kind: 'flat'; readonly vol: number };

export interface VolSliceWire {
  /** Expiry as epoch milliseconds. */
  readonly expiryMs: number;
  readonly smile: SmileWire;
}

/** An underlying's whole volatility surface, replacing the previous one. Checked for arbitrage before it is sent. */
export interface VolSurfaceUpdate {
  readonly underlying: string;
  readonly slices: readonly VolSliceWire[];
  readonly timestampMs: number;
  readonly source: 'staff' | 'seed';
}

/** gateway (staff) -> portfolio-margin. Keyed by underlying. */
export const VOL_SURFACES = defineTopic<VolSurfaceUpdate>(
  'vol.surfaces',
  2,
  (m) => m.underlying,
  (record) => hasString(record, 'underlying') && Array.isArray(record.slices),
);
