import type { Side } from '@exchange/domain';
import { BookStateError } from './book-state-error';
import type { RestingOrder } from './book-order';

/** All orders resting at one price, oldest first, with their total open size. */
export class PriceLevel {
  private head: RestingOrder | null = null;
  private tail: RestingOrder | null = null;
  private count = 0;
  private total = 0;
  /** Bookkeeping of the side's TouchedLevels: the round it was last touched in, and its size then. */
  touchedInRound = 0;
  sizeBeforeTouch = 0;

  constructor(readonly priceTicks: number) {}

  get totalLots(): number {
    return this.total;
  }

  get orderCount(): number {
    return this.count;
  }

  get isEmpty(): boolean {
    return this.head === null;
  }

  /** The order with time priority. */
  first(): RestingOrder | null {
    return this.head;
  }

  append(order: RestingOrder): void {
    order.level = this;
    order.prev = this.tail;
    order.next = null;
    if (this.tail) this.tail.next = order;
    else this.head = order;
    this.tail = order;
    this.count += 1;
    this.total += order.remainingLots;
  }

  remove(order: RestingOrder): void {
    if (order.prev) order.prev.next = order.next;
    else this.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else this.tail = order.prev;
    order.level = null;
    order.prev = null;
    order.next = null;
    this.count -= 1;
    this.total -= order.remainingLots;
  }

  /** Executes or cancels `lots` of `order` (which must rest here) in place, keeping the level total in step. */
  reduce(order: RestingOrder, lots: number): void {
    order.remainingLots -= lots;
    this.total -= lots;
  }

  *orders(): IterableIterator<RestingOrder> {
    for (let order = this.head; order; order = order.next) yield order;
  }

  /** Checks links, count, total and every order's fields; returns the orders in queue order. */
  validate(side: Side): RestingOrder[] {
    const where = `${side} level ${this.priceTicks}`;
    const orders: RestingOrder[] = [];
    let previous: RestingOrder | null = null;
    let sum = 0;
    for (let order = this.head; order; order = order.next) {
      if (order.level !== this) throw new BookStateError(`${where}: order ${order.orderId} points at another level`);
      if (order.prev !== previous) throw new BookStateError(`${where}: broken link before ${order.orderId}`);
      if (order.side !== side || order.priceTicks !== this.priceTicks) {
        throw new BookStateError(`${where}: holds ${order.side} order ${order.orderId} at ${order.priceTicks}`);
      }
      const { remainingLots, sizeLots } = order;
      if (!Number.isSafeInteger(remainingLots) || remainingLots <= 0 || remainingLots > sizeLots) {
        throw new BookStateError(`${where}: order ${order.orderId} has ${remainingLots} of ${sizeLots} lots open`);
      }
      sum += remainingLots;
      orders.push(order);
      previous = order;
    }
    if (this.tail !== previous) throw new BookStateError(`${where}: tail is not the last order`);
    if (orders.length === 0) throw new BookStateError(`${where}: empty level kept`);
    if (orders.length !== this.count)
      throw new BookStateError(`${where}: count ${this.count}, ${orders.length} linked`);
    if (sum !== this.total) throw new BookStateError(`${where}: total ${this.total}, orders sum to ${sum}`);
    return orders;
  }
}
