import type { BookLevelChange } from '@exchange/contracts';
import type { Side } from '@exchange/domain';
import type { BookSide } from './book-side';

/** The price levels one command changed, reported once each with their new absolute size. */
export class TouchedLevels {
  private readonly bids = new Set<number>();
  private readonly asks = new Set<number>();

  touch(side: Side, priceTicks: number): void {
    (side === 'buy' ? this.bids : this.asks).add(priceTicks);
  }

  get isEmpty(): boolean {
    return this.bids.size === 0 && this.asks.size === 0;
  }

  /** Bids then asks, each best price first: a deterministic order for replays to compare. */
  changes(bids: BookSide, asks: BookSide): BookLevelChange[] {
    const descending = [...this.bids].sort((a, b) => b - a);
    const ascending = [...this.asks].sort((a, b) => a - b);
    return [
      ...descending.map((priceTicks) => ({ side: bids.side, priceTicks, sizeLots: bids.totalLotsAt(priceTicks) })),
      ...ascending.map((priceTicks) => ({ side: asks.side, priceTicks, sizeLots: asks.totalLotsAt(priceTicks) })),
    ];
  }
}
