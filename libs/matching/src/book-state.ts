import type { BookLevelChange, MatchingEvent } from '@exchange/contracts';
import type { DoneReason, MarketSpec, Side } from '@exchange/domain';
import { Accounts } from './accounts';
import { hasPrice, isConditional, type BookOrder, type ConditionalOrder, type RestingOrder } from './book-order';
import { BookSide } from './book-side';
import { doneEvent, rejectedEvent, type Rejection } from './events';
import { ExpiryQueue, isExpiring } from './expiry';
import type { BookFacts } from './place-validation';
import { PriceBand } from './price-band';
import { ShardedMap, ShardedSet } from './sharded-map';
import { TriggerBook } from './triggers';

/**
 * Everything one market's book holds, with the primitive moves every rule is built from: an
 * order rests, waits for its trigger, or is released from wherever it is; the indexes (by id, by
 * account, by client order id, by expiry) follow. An order being matched is `live` and indexed
 * nowhere, except an amended order re-entering the book, which keeps its index entries. Events of
 * the command being applied collect in `events`.
 */
export class BookState implements BookFacts {
  readonly bids = new BookSide('buy');
  readonly asks = new BookSide('sell');
  /** Open orders (resting or waiting) by id, sharded so no single table rebuild stalls a command. */
  readonly orders = new ShardedMap<BookOrder>();
  /** Every order id ever accepted, so a resent id cannot enter twice even after it left the book. */
  readonly seenOrderIds = new ShardedSet();
  readonly accounts = new Accounts();
  readonly triggers = new TriggerBook();
  readonly expiries = new ExpiryQueue();
  readonly band: PriceBand;
  lastPriceTicks: number | null = null;
  clockUs = 0;
  events: MatchingEvent[] = [];

  constructor(
    public market: MarketSpec,
    public seq: number,
    priceBandBps: number,
  ) {
    this.band = new PriceBand(priceBandBps);
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  sideOf(side: Side): BookSide {
    return side === 'buy' ? this.bids : this.asks;
  }

  hasSeenOrder(orderId: string): boolean {
    return this.seenOrderIds.has(orderId);
  }

  hasOpenClientOrderId(accountId: string, clientOrderId: string): boolean {
    return this.accounts.find(accountId)?.byClientOrderId.has(clientOrderId) ?? false;
  }

  positionOf(accountId: string): number {
    return this.accounts.find(accountId)?.positionLots ?? 0;
  }

  bestPrice(side: Side): number | null {
    return this.sideOf(side).bestPrice();
  }

  restingLotsAt(side: Side, priceTicks: number): number {
    return this.sideOf(side).totalLotsAt(priceTicks);
  }

  /** Puts the order at the back of its level's queue. */
  rest(order: RestingOrder): void {
    order.place = 'resting';
    this.sideOf(order.side).add(order);
    if (!order.indexed) this.track(order);
    if (order.reduceOnly) order.account.reduceOnly.add(order);
  }

  /** Parks a conditional order until its trigger fires. */
  pend(order: ConditionalOrder): void {
    order.place = 'pending';
    this.triggers.add(order);
    this.track(order);
  }

  /** Takes an order off the book or the triggers and out of every index: it is live again (or gone). */
  release(order: BookOrder): void {
    if (order.place === 'resting' && hasPrice(order)) this.unrest(order);
    if (order.place === 'pending' && isConditional(order)) this.triggers.remove(order);
    if (order.indexed) this.untrack(order);
    order.place = 'live';
  }

  /**
   * Takes a resting order out of its level to trade again (an amend that re-enters it), leaving it
   * in the indexes: a move then costs no hashing, and `rest` or `done` settles where it ends up.
   */
  lift(order: RestingOrder): void {
    this.unrest(order);
    order.place = 'live';
  }

  /** Cuts a resting order's open size in place: it keeps its time priority. */
  shrink(order: RestingOrder, remainingLots: number): void {
    const cut = order.remainingLots - remainingLots;
    this.sideOf(order.side).reduce(order, cut);
    order.sizeLots -= cut;
  }

  /** Reports an order gone, dropping it from the indexes if still there (a lifted order that did not rest). */
  done(order: BookOrder, reason: DoneReason, remainingLots: number): void {
    if (order.indexed) this.untrack(order);
    this.events.push(doneEvent(this.nextSeq(), order, reason, remainingLots));
  }

  reject(orderId: string, accountId: string, rejection: Rejection): void {
    this.events.push(rejectedEvent(this.nextSeq(), orderId, accountId, rejection));
  }

  /** Ends a command: one book event with every level it changed, bids then asks, best price first. */
  pushBookChanges(): void {
    if (!this.bids.hasChanges && !this.asks.hasChanges) return;
    const changes: BookLevelChange[] = [];
    this.bids.drainChanges(changes);
    this.asks.drainChanges(changes);
    if (changes.length > 0) this.events.push({ type: 'book', seq: this.nextSeq(), changes });
  }

  private unrest(order: RestingOrder): void {
    this.sideOf(order.side).remove(order);
    if (order.reduceOnly) order.account.reduceOnly.delete(order);
  }

  private track(order: BookOrder): void {
    order.indexed = true;
    this.orders.set(order.orderId, order);
    const { account } = order;
    account.link(order);
    if (order.clientOrderId !== null) account.byClientOrderId.set(order.clientOrderId, order);
    if (isExpiring(order)) this.expiries.add(order);
  }

  private untrack(order: BookOrder): void {
    order.indexed = false;
    this.orders.delete(order.orderId);
    const { account } = order;
    account.unlink(order);
    if (order.clientOrderId !== null) account.byClientOrderId.delete(order.clientOrderId);
    if (isExpiring(order)) this.expiries.remove(order);
  }
}
