import type { BookLevelChange } from '@exchange/contracts';
import type { Side } from '@exchange/domain';
import type { RestingOrder } from './book-order';
import { BookStateError } from './book-state-error';
import { PriceLevel } from './price-level';
import { TouchedLevels } from './touched-levels';

/** One price level as depth queries report it. */
export interface DepthLevel {
  readonly priceTicks: number;
  readonly sizeLots: number;
}

/**
 * The bids or the asks: price levels by price, plus the prices sorted worst to best so the best
 * level is the last element and consuming it (the common case) is a pop. Every change is noted for
 * the command's book event.
 */
export class BookSide {
  private readonly levels = new Map<number, PriceLevel>();
  private readonly prices: number[] = [];
  private readonly touched: TouchedLevels;

  constructor(readonly side: Side) {
    this.touched = new TouchedLevels(side);
  }

  /** True when `a` is a worse price than `b` for a taker: lower for bids, higher for asks. */
  private isWorse(a: number, b: number): boolean {
    return this.side === 'buy' ? a < b : a > b;
  }

  get levelCount(): number {
    return this.prices.length;
  }

  bestPrice(): number | null {
    return this.prices.length === 0 ? null : this.prices[this.prices.length - 1];
  }

  /** The order a taker meets next: time priority within the best level. */
  bestOrder(): RestingOrder | null {
    const best = this.bestPrice();
    return best === null ? null : (this.levels.get(best)?.first() ?? null);
  }

  totalLotsAt(priceTicks: number): number {
    return this.levels.get(priceTicks)?.totalLots ?? 0;
  }

  /** Appends the order to its level's queue: last in time priority. */
  add(order: RestingOrder): void {
    let level = this.levels.get(order.priceTicks);
    if (!level) {
      level = new PriceLevel(order.priceTicks);
      this.levels.set(order.priceTicks, level);
      this.prices.splice(this.insertionIndex(order.priceTicks), 0, order.priceTicks);
    }
    this.touched.touch(level);
    level.append(order);
  }

  /** Executes or cancels `lots` of a resting order in place: it keeps its time priority. */
  reduce(order: RestingOrder, lots: number): void {
    const level = this.levelOf(order);
    this.touched.touch(level);
    level.reduce(order, lots);
  }

  /** Takes an order off the book, dropping its level when it was the last one there. */
  remove(order: RestingOrder): void {
    const level = this.levelOf(order);
    this.touched.touch(level);
    level.remove(order);
    if (!level.isEmpty) return;
    this.levels.delete(order.priceTicks);
    const index = this.insertionIndex(order.priceTicks);
    if (index === this.prices.length - 1) this.prices.pop();
    else this.prices.splice(index, 1);
  }

  /** True when a level changed since the last drain. */
  get hasChanges(): boolean {
    return !this.touched.isEmpty;
  }

  /** Appends the levels changed since the last drain, best price first, to `changes`. */
  drainChanges(changes: BookLevelChange[]): void {
    this.touched.drain(changes);
  }

  depth(levels: number): DepthLevel[] {
    const result: DepthLevel[] = [];
    for (const level of this.levelsBestFirst()) {
      if (result.length >= levels) break;
      result.push({ priceTicks: level.priceTicks, sizeLots: level.totalLots });
    }
    return result;
  }

  *levelsBestFirst(): IterableIterator<PriceLevel> {
    for (let index = this.prices.length - 1; index >= 0; index -= 1) {
      const level = this.levels.get(this.prices[index]);
      if (level) yield level;
    }
  }

  /** Every resting order, best level first, in queue order within a level. */
  *ordersBestFirst(): IterableIterator<RestingOrder> {
    for (const level of this.levelsBestFirst()) yield* level.orders();
  }

  /** Checks price order, the price index and every level; returns all orders, best level first. */
  validate(): RestingOrder[] {
    if (this.prices.length !== this.levels.size) {
      throw new BookStateError(`${this.side}: ${this.prices.length} sorted prices, ${this.levels.size} levels`);
    }
    const orders: RestingOrder[] = [];
    this.prices.forEach((price, index) => {
      if (index > 0 && !this.isWorse(this.prices[index - 1], price)) {
        throw new BookStateError(`${this.side}: prices out of order at ${price}`);
      }
      const level = this.levels.get(price);
      if (!level || level.priceTicks !== price) throw new BookStateError(`${this.side}: no level for price ${price}`);
      for (const order of level.validate(this.side)) orders.push(order);
    });
    return orders;
  }

  private levelOf(order: RestingOrder): PriceLevel {
    const { level } = order;
    if (!level) throw new BookStateError(`${this.side}: order ${order.orderId} has no level`);
    return level;
  }

  /** Index of the first sorted price that is not worse than `priceTicks` (binary search). */
  private insertionIndex(priceTicks: number): number {
    let low = 0;
    let high = this.prices.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.isWorse(this.prices[middle], priceTicks)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
