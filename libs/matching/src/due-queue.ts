/**
 * Items in the order they fall due, kept sorted with the next one due last: taking it is a pop,
 * adding or removing one a binary search and a splice. `dueBefore` must be a strict total order
 * (the books break every tie by acceptance sequence).
 */
export class DueQueue<T> {
  private readonly items: T[] = [];

  constructor(private readonly dueBefore: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The next item due, without taking it. */
  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }

  add(item: T): void {
    this.items.splice(this.indexOf(item), 0, item);
  }

  /** Removes an item; false when it is not queued. */
  remove(item: T): boolean {
    const index = this.indexOf(item);
    if (this.items[index] !== item) return false;
    if (index === this.items.length - 1) this.items.pop();
    else this.items.splice(index, 1);
    return true;
  }

  /** All items, next due first. */
  inDueOrder(): T[] {
    return [...this.items].reverse();
  }

  /** Where `item` is or would go: the first position whose item is not due after it. */
  private indexOf(item: T): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.dueBefore(item, this.items[middle])) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
