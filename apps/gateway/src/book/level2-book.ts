import type { BookLevelChange } from '@exchange/contracts';
import type { Side } from '@exchange/domain';

export interface Level {
  readonly priceTicks: number;
  readonly sizeLots: number;
}

export interface BookSnapshot {
  /** Sequence of the last book event applied; 0 for a book that never changed. */
  readonly seq: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** One side's price levels, kept sorted best first so a top-N read is a slice. */
class SideLevels {
  /** Sort keys ascending: -price for bids (highest first), price for asks (lowest first). */
  private readonly keys: number[] = [];
  private readonly sizes = new Map<number, number>();

  constructor(private readonly sign: 1 | -1) {}

  get depth(): number {
    return this.keys.length;
  }

  set(priceTicks: number, sizeLots: number): void {
    const known = this.sizes.has(priceTicks);
    if (sizeLots <= 0) {
      if (!known) return;
      this.sizes.delete(priceTicks);
      this.keys.splice(this.indexOf(this.sign * priceTicks), 1);
      return;
    }
    if (!known) this.keys.splice(this.indexOf(this.sign * priceTicks), 0, this.sign * priceTicks);
    this.sizes.set(priceTicks, sizeLots);
  }

  top(depth: number): Level[] {
    return this.keys.slice(0, depth).map((key) => {
      const priceTicks = this.sign * key;
      return { priceTicks, sizeLots: this.sizes.get(priceTicks) as number };
    });
  }

  /** First index whose key is not below `key` (binary search). */
  private indexOf(key: number): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle] < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * A market's level-2 book (aggregate size per price), rebuilt from the matching engine's book events:
 * each event carries the absolute size of every level it touched, 0 removing the level.
 */
export class Level2Book {
  private readonly bids = new SideLevels(-1);
  private readonly asks = new SideLevels(1);
  private lastSeq = 0;

  get seq(): number {
    return this.lastSeq;
  }

  /** Applies one book event; returns false (and changes nothing) for an event already applied. */
  apply(changes: readonly BookLevelChange[], seq: number): boolean {
    if (seq <= this.lastSeq) return false;
    for (const change of changes) this.side(change.side).set(change.priceTicks, change.sizeLots);
    this.lastSeq = seq;
    return true;
  }

  snapshot(depth = Number.MAX_SAFE_INTEGER): BookSnapshot {
    return { seq: this.lastSeq, bids: this.bids.top(depth), asks: this.asks.top(depth) };
  }

  private side(side: Side): SideLevels {
    return side === 'buy' ? this.bids : this.asks;
  }
}
