import type { MarketSpec } from '@exchange/domain';
import { yearsBetween } from '@exchange/margin';

/**
 * A dated future's simulated mark: the index carried to expiry at a constant annual basis,
 * index x exp(basisRate x T), T in years (365 days). Micro-USDC, whole.
 */
export function futureMark(indexPrice: number, basisRate: number, expiryMs: number, nowMs: number): number {
  return Math.round(indexPrice * Math.exp(basisRate * yearsBetween(nowMs / 1000, expiryMs / 1000)));
}

/** Marks of the given futures by symbol, for a price update's `markPrices`. */
export function futureMarks(
  futures: readonly MarketSpec[],
  indexPrice: number,
  basisRate: number,
  nowMs: number,
): Record<string, number> {
  return Object.fromEntries(
    futures.map((future) => [future.symbol, futureMark(indexPrice, basisRate, future.expiryMs as number, nowMs)]),
  );
}
