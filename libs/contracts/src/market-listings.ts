import type { MarketSpec } from '@exchange/domain';
import { defineTopic, hasString } from './topic';

/** Staff listed a market; its row is already in Postgres. */
export interface MarketListed {
  readonly spec: MarketSpec;
  readonly timestampMs: number;
}

/**
 * gateway (staff) -> portfolio-margin, which sends the book its `list` command before any order
 * for it. One partition: listings stay in the order staff made them.
 */
export const MARKET_LISTINGS = defineTopic<MarketListed>(
  'markets.listed',
  1,
  (m) => m.spec.symbol,
  (record) =>
    typeof record.spec === 'object' &&
    record.spec !== null &&
    hasString(record.spec as Record<string, unknown>, 'symbol', 'kind', 'underlying'),
);
