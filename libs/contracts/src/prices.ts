import { defineTopic, hasString } from './topic';

/** Index and mark prices of one underlying, integers in micro-USDC. */
export interface PriceUpdate {
  readonly underlying: string;
  readonly indexPrice: number;
  /** Mark price per market symbol; a market without an entry is marked at the index. */
  readonly markPrices: Readonly<Record<string, number>>;
  readonly timestampMs: number;
  readonly source: 'staff' | 'simulator' | 'oracle';
}

/** Prices -> portfolio-margin, matching-engine, gateway. Keyed by underlying. */
export const PRICES = defineTopic<PriceUpdate>(
  'prices',
  2,
  (m) => m.underlying,
  (record) => hasString(record, 'underlying') && typeof record.indexPrice === 'number',
);

export function markPriceOf(update: PriceUpdate, market: string): number {
  return update.markPrices[market] ?? update.indexPrice;
}
