import type {
  BookCommand,
  CancelAllOrders,
  CancelOrder,
  MarketCommand,
  MatchingEvent,
  PlaceOrder,
} from '@exchange/contracts';
import type { MarketSpec, Side } from '@exchange/domain';
import { applyAmend } from './amend';
import { BookOrder, byAcceptance, hasPrice, isConditional, openOrderOf, type OpenOrder } from './book-order';
import { BookState } from './book-state';
import { BookStateError } from './book-state-error';
import { noOpenOrder } from './cancel-rules';
import { acceptedEvent, statusEvent } from './events';
import { checkBookState } from './internal-state';
import { checkMarketCommand, commandParties, unknownCommand } from './market-commands';
import { execute } from './matching';
import { checkOptions, type BookDepth, type BookOptions, type MatchingBook } from './matching-book';
import { postOnlyPrice, validatePlace } from './place-validation';
import { DEFAULT_PRICE_BAND_BPS } from './price-band';
import { enforceReduceOnly, reducibleLots } from './reduce-only';
import {
  SNAPSHOT_VERSION,
  checkSnapshotHeader,
  orderSnapshot,
  placeCommandOf,
  snapshotHash,
  type BookSnapshot,
  type OrderSnapshot,
} from './snapshot';
import { fireTriggers } from './trigger-firing';

/**
 * Price-time priority order book of one market, the fast implementation: levels in a sorted price
 * index with FIFO queues, conditional orders and GTD expiries in sorted queues, accounts indexed for
 * cancel-all, client order ids and reduce-only. Each command runs, then fires the triggers it
 * reached, then reports the levels it changed in one book event.
 */
export class OrderBook implements MatchingBook {
  private readonly state: BookState;

  constructor(market: MarketSpec, options: BookOptions = {}) {
    checkOptions(options);
    this.state = new BookState(market, options.startSeq ?? 0, options.priceBandBps ?? DEFAULT_PRICE_BAND_BPS);
    for (const [accountId, lots] of Object.entries(options.positions ?? {})) {
      this.state.accounts.get(accountId).positionLots = lots;
    }
  }

  /** A book in the state `snapshot` describes; throws when the snapshot is of another market or inconsistent. */
  static restore(market: MarketSpec, snapshot: BookSnapshot): OrderBook {
    checkSnapshotHeader(market.symbol, snapshot);
    const book = new OrderBook(
      { ...market, status: snapshot.status },
      {
        startSeq: snapshot.seq,
        priceBandBps: snapshot.priceBandBps,
        positions: Object.fromEntries(snapshot.positions),
      },
    );
    const { state } = book;
    if (snapshot.markPriceTicks !== null) state.band.setMark(snapshot.markPriceTicks);
    state.lastPriceTicks = snapshot.lastPriceTicks;
    state.clockUs = snapshot.clockUs;
    for (const orderId of snapshot.seenOrderIds) state.seenOrderIds.add(orderId);
    for (const saved of snapshot.resting) {
      const order = book.orderFrom(saved);
      if (!hasPrice(order)) throw new BookStateError(`resting order ${order.orderId} has no price`);
      state.rest(order);
    }
    for (const saved of snapshot.waiting) {
      const order = book.orderFrom(saved);
      if (!isConditional(order)) throw new BookStateError(`waiting order ${order.orderId} has no trigger`);
      state.pend(order);
    }
    state.bids.drainChanges([]);
    state.asks.drainChanges([]);
    book.validateInternalState();
    return book;
  }

  get market(): MarketSpec {
    return this.state.market;
  }

  get lastSeq(): number {
    return this.state.seq;
  }

  get openOrderCount(): number {
    return this.state.orders.size - this.state.triggers.size;
  }

  get waitingOrderCount(): number {
    return this.state.triggers.size;
  }

  /** Applies one command; every returned event carries the next sequence number. */
  apply(command: BookCommand, timestampUs: number): MatchingEvent[] {
    const book = this.state;
    book.events = [];
    switch (command.kind) {
      case 'place':
        this.place(command, timestampUs);
        break;
      case 'cancel':
        this.cancel(command);
        break;
      case 'amend':
        applyAmend(book, command);
        break;
      case 'cancel_all':
      case 'mark':
      case 'clock':
      case 'status':
      case 'set_position':
      case 'list':
        this.applyMarketLevel(command);
        break;
      default: {
        const { orderId, accountId } = commandParties(command);
        book.reject(orderId, accountId, unknownCommand(command));
      }
    }
    fireTriggers(book);
    book.pushBookChanges();
    return book.events;
  }

  bestBid(): number | null {
    return this.state.bids.bestPrice();
  }

  bestAsk(): number | null {
    return this.state.asks.bestPrice();
  }

  depth(levels: number): BookDepth {
    return { bids: this.state.bids.depth(levels), asks: this.state.asks.depth(levels) };
  }

  openOrder(orderId: string): OpenOrder | undefined {
    const order = this.state.orders.get(orderId);
    return order?.place === 'resting' && hasPrice(order) ? openOrderOf(order) : undefined;
  }

  hasSeenOrder(orderId: string): boolean {
    return this.state.hasSeenOrder(orderId);
  }

  restingLotsAt(side: Side, priceTicks: number): number {
    return this.state.restingLotsAt(side, priceTicks);
  }

  positionOf(accountId: string): number {
    return this.state.positionOf(accountId);
  }

  snapshot(): BookSnapshot {
    const { state } = this;
    return {
      version: SNAPSHOT_VERSION,
      market: state.market.symbol,
      seq: state.seq,
      status: state.market.status,
      priceBandBps: state.band.bps,
      markPriceTicks: state.band.markTicks,
      lastPriceTicks: state.lastPriceTicks,
      clockUs: state.clockUs,
      resting: [...state.bids.ordersBestFirst(), ...state.asks.ordersBestFirst()].map(orderSnapshot),
      waiting: state.triggers.orders().map(orderSnapshot),
      positions: state.accounts.positions(),
      seenOrderIds: state.seenOrderIds.sorted(),
    };
  }

  stateHash(): string {
    return snapshotHash(this.snapshot());
  }

  validateInternalState(): void {
    checkBookState(this.state);
  }

  private place(command: PlaceOrder, timestampUs: number): void {
    const book = this.state;
    const rejection = validatePlace(command, book.market, book);
    if (rejection) {
      book.reject(command.orderId, command.accountId, rejection);
      return;
    }
    book.seenOrderIds.add(command.orderId);
    const account = book.accounts.get(command.accountId);
    // A reduce-only order takes only what the position lets it close; a conditional one is capped when it fires.
    const sizeLots =
      command.reduceOnly && command.trigger === undefined
        ? Math.min(command.sizeLots, reducibleLots(command.side, account.positionLots))
        : command.sizeLots;
    const seq = book.nextSeq();
    const order = new BookOrder(command, account, seq, timestampUs, sizeLots);
    book.events.push(acceptedEvent(seq, command, sizeLots));
    if (isConditional(order)) {
      book.pend(order);
      return;
    }
    if (order.postOnly !== null && order.priceTicks !== null) {
      order.priceTicks = postOnlyPrice(book, order.side, order.priceTicks, order.postOnly) ?? order.priceTicks;
    }
    execute(book, order);
  }

  /** Cancels by order id or client order id, resting or waiting, in any market status. */
  private cancel(command: CancelOrder): void {
    const book = this.state;
    const order =
      command.clientOrderId === undefined
        ? book.orders.get(command.orderId)
        : book.accounts.find(command.accountId)?.byClientOrderId.get(command.clientOrderId);
    if (!order || order.accountId !== command.accountId) {
      book.reject(command.orderId, command.accountId, noOpenOrder(command));
      return;
    }
    book.release(order);
    book.done(order, 'cancelled', order.remainingLots);
  }

  private applyMarketLevel(command: MarketCommand | CancelAllOrders): void {
    const book = this.state;
    const rejection = checkMarketCommand(command, book.market);
    if (rejection) {
      book.reject(
        '',
        command.kind === 'set_position' || command.kind === 'cancel_all' ? command.accountId : '',
        rejection,
      );
      return;
    }
    switch (command.kind) {
      case 'cancel_all': {
        const account = book.accounts.find(command.accountId);
        for (const order of (account?.openOrders() ?? []).sort(byAcceptance)) {
          book.release(order);
          book.done(order, 'cancelled', order.remainingLots);
        }
        return;
      }
      case 'mark':
        book.band.setMark(command.priceTicks);
        return;
      case 'clock':
        book.clockUs = Math.max(book.clockUs, command.timestampUs);
        for (let order = book.expiries.due(book.clockUs); order; order = book.expiries.due(book.clockUs)) {
          book.release(order);
          book.done(order, 'expired', order.remainingLots);
        }
        return;
      case 'status':
        book.market = { ...book.market, status: command.status };
        book.events.push(statusEvent(book.nextSeq(), command.status));
        return;
      case 'set_position': {
        const account = book.accounts.get(command.accountId);
        account.positionLots = command.positionLots;
        enforceReduceOnly(book, account);
        return;
      }
    }
  }

  private orderFrom(saved: OrderSnapshot): BookOrder {
    const { state } = this;
    if (state.orders.has(saved.orderId)) throw new BookStateError(`order ${saved.orderId} appears twice`);
    const order = new BookOrder(
      placeCommandOf(state.market.symbol, saved),
      state.accounts.get(saved.accountId),
      saved.acceptedSeq,
      saved.acceptedAtUs,
      saved.sizeLots,
    );
    order.remainingLots = saved.remainingLots;
    return order;
  }
}
