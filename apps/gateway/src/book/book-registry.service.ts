import { Injectable } from '@nestjs/common';
import type { BookLevelChange } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { formatPrice, formatSize } from '../markets/market-format';
import { Level, Level2Book } from './level2-book';

export type WireLevels = [string, string][];

/** The gateway's level-2 book of every market, rebuilt from the matching events. */
@Injectable()
export class BookRegistry {
  private readonly books = new Map<string, Level2Book>();

  book(market: string): Level2Book {
    let book = this.books.get(market);
    if (!book) {
      book = new Level2Book();
      this.books.set(market, book);
    }
    return book;
  }

  /** A book snapshot as decimal strings: `{ seq, bids, asks }`, best levels first. */
  wireSnapshot(market: MarketSpec, depth?: number): { seq: number; bids: WireLevels; asks: WireLevels } {
    const snapshot = this.book(market.symbol).snapshot(depth);
    return { seq: snapshot.seq, bids: toWire(snapshot.bids, market), asks: toWire(snapshot.asks, market) };
  }
}

export function toWire(levels: readonly Level[], market: MarketSpec): WireLevels {
  return levels.map((level) => [formatPrice(level.priceTicks, market), formatSize(level.sizeLots, market)]);
}

/** A book event's level changes split by side, as decimal strings ("0" removes a level). */
export function wireChanges(
  changes: readonly BookLevelChange[],
  market: MarketSpec,
): { bids: WireLevels; asks: WireLevels } {
  const bids: WireLevels = [];
  const asks: WireLevels = [];
  for (const change of changes) {
    (change.side === 'buy' ? bids : asks).push([
      formatPrice(change.priceTicks, market),
      formatSize(change.sizeLots, market),
    ]);
  }
  return { bids, asks };
}
