import type { BookOrder, RestingOrder } from './book-order';
import { BookStateError } from './book-state-error';

/** What the book knows about one account in its market. */
export class AccountState {
  /** Net position in lots, signed (long > 0): the start position plus the book's own fills. */
  positionLots = 0;
  /** Open orders by client order id: a client order id is unique among an account's open orders. */
  readonly byClientOrderId = new Map<string, BookOrder>();
  /** Resting reduce-only orders: re-checked whenever the position changes. */
  readonly reduceOnly = new Set<RestingOrder>();
  /**
   * Every open order (resting or waiting), for cancel-all: a list linked through the orders
   * themselves, so joining and leaving it cost no hashing on the hot path.
   */
  private head: BookOrder | null = null;
  private count = 0;

  constructor(readonly accountId: string) {}

  get openOrderCount(): number {
    return this.count;
  }

  link(order: BookOrder): void {
    order.accountPrev = null;
    order.accountNext = this.head;
    if (this.head) this.head.accountPrev = order;
    this.head = order;
    this.count += 1;
  }

  unlink(order: BookOrder): void {
    if (order.accountPrev) order.accountPrev.accountNext = order.accountNext;
    else this.head = order.accountNext;
    if (order.accountNext) order.accountNext.accountPrev = order.accountPrev;
    order.accountPrev = null;
    order.accountNext = null;
    this.count -= 1;
  }

  /** The open orders, newest linked first. */
  openOrders(): BookOrder[] {
    const orders: BookOrder[] = [];
    for (let order = this.head; order; order = order.accountNext) orders.push(order);
    return orders;
  }

  /** Checks the list's links and count; returns its orders. */
  validateOpenOrders(): BookOrder[] {
    const orders: BookOrder[] = [];
    let previous: BookOrder | null = null;
    for (let order = this.head; order && orders.length <= this.count; order = order.accountNext) {
      if (order.accountPrev !== previous)
        throw new BookStateError(`${this.accountId}: broken link before ${order.orderId}`);
      orders.push(order);
      previous = order;
    }
    if (orders.length !== this.count) {
      throw new BookStateError(`${this.accountId}: ${this.count} open orders counted, ${orders.length} linked`);
    }
    return orders;
  }
}

export class Accounts {
  private readonly byId = new Map<string, AccountState>();

  /** The account's state, created on first use. */
  get(accountId: string): AccountState {
    let account = this.byId.get(accountId);
    if (!account) {
      account = new AccountState(accountId);
      this.byId.set(accountId, account);
    }
    return account;
  }

  find(accountId: string): AccountState | undefined {
    return this.byId.get(accountId);
  }

  all(): IterableIterator<AccountState> {
    return this.byId.values();
  }

  /** Non-zero positions sorted by account id: the canonical form snapshots and hashes use. */
  positions(): [string, number][] {
    const positions: [string, number][] = [];
    for (const account of this.byId.values()) {
      if (account.positionLots !== 0) positions.push([account.accountId, account.positionLots]);
    }
    return positions.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
