import type { BookCommand, MatchingEvent } from '@exchange/contracts';
import type { MarketSpec, Side } from '@exchange/domain';
import type { OpenOrder } from './book-order';
import type { DepthLevel } from './book-side';
import type { BookSnapshot } from './snapshot';

export interface BookDepth {
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
}

export interface BookOptions {
  /** Sequence of the last event before this book: its first event gets startSeq + 1. Default 0. */
  readonly startSeq?: number;
  /** Half-width of the price band around the mark, in basis points. Default 500 (5%). */
  readonly priceBandBps?: number;
  /** Net positions (signed lots) per account at start: what reduce-only orders may reduce. */
  readonly positions?: Readonly<Record<string, number>>;
}

/**
 * One market's order book: commands in, sequenced events out. No clock, no randomness, no floats:
 * replaying the same commands gives the same events and the same state hash. The fast `OrderBook`
 * and the naive `ReferenceBook` both implement it, and one test suite runs against both.
 */
export interface MatchingBook {
  /** The market, with its current status. */
  readonly market: MarketSpec;
  /** Sequence number of the last event emitted (the start sequence before any). */
  readonly lastSeq: number;
  /** Resting orders (waiting conditional orders are not on the book). */
  readonly openOrderCount: number;
  /** Conditional orders waiting for their trigger. */
  readonly waitingOrderCount: number;
  /** Applies one command; `timestampUs` is the command's engine time, kept on orders it places. */
  apply(command: BookCommand, timestampUs: number): MatchingEvent[];
  bestBid(): number | null;
  bestAsk(): number | null;
  /** Up to `levels` price levels per side, best price first. */
  depth(levels: number): BookDepth;
  openOrder(orderId: string): OpenOrder | undefined;
  hasSeenOrder(orderId: string): boolean;
  restingLotsAt(side: Side, priceTicks: number): number;
  /** Net position (signed lots) the book holds for the account. */
  positionOf(accountId: string): number;
  snapshot(): BookSnapshot;
  /** Hash of the canonical snapshot (without engine times). */
  stateHash(): string;
  /** Throws BookStateError when the book's structures disagree with each other. */
  validateInternalState(): void;
}

/** Throws unless `startSeq` and the start positions are exact integers. */
export function checkOptions(options: BookOptions): void {
  const startSeq = options.startSeq ?? 0;
  if (!Number.isSafeInteger(startSeq) || startSeq < 0) throw new RangeError(`invalid start sequence ${startSeq}`);
  for (const [accountId, lots] of Object.entries(options.positions ?? {})) {
    if (!Number.isSafeInteger(lots))
      throw new RangeError(`position ${lots} of ${accountId} is not a whole number of lots`);
  }
}
