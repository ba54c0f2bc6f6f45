import type { MarketSpec } from '@exchange/domain';

export const BUS = Symbol('BUS');
/** The markets table: read at start, and again when events name a market listed since. */
export const MARKETS = Symbol('MARKETS');
export const LOGGER = Symbol('LOGGER');

export interface MarketSource {
  list(): Promise<MarketSpec[]>;
}
