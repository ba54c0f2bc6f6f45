import type { CancelOrder, MatchingEvent, OrderCommand, PlaceOrder } from '@exchange/contracts';
import { RejectCode, opposite, type DoneReason, type MarketSpec, type Side } from '@exchange/domain';
import { BookSide, type DepthLevel } from './book-side';
import { BookStateError } from './book-state-error';
import { validatePlace, type BookFacts, type Rejection } from './place-validation';
import { RestingOrder, type OpenOrder } from './resting-order';
import { asciiJson, fnv1a64 } from './state-hash';
import { TouchedLevels } from './touched-levels';

export interface BookDepth {
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
}

/** The incoming order while it matches. */
interface Taker {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: Side;
  /** Worst price the taker accepts; null for market orders. */
  readonly limitTicks: number | null;
  remainingLots: number;
}

/** Whether a taker with this limit may trade at `makerTicks`. */
function withinLimit(takerSide: Side, limitTicks: number | null, makerTicks: number): boolean {
  if (limitTicks === null) return true;
  return takerSide === 'buy' ? makerTicks <= limitTicks : makerTicks >= limitTicks;
}

/**
 * Price-time priority order book of one market. Commands go in, sequenced events come out;
 * the book holds no clock and no randomness, so replaying the same commands gives the same
 * events and the same state hash.
 */
export class OrderBook implements BookFacts {
  private readonly bids = new BookSide('buy');
  private readonly asks = new BookSide('sell');
  /** Resting orders by id. */
  private readonly openOrders = new Map<string, RestingOrder>();
  /** Every order id ever accepted, so a resent id cannot enter twice even after it left the book. */
  private readonly seenOrderIds = new Set<string>();
  private seq: number;

  constructor(
    readonly market: MarketSpec,
    startSeq = 0,
  ) {
    if (!Number.isSafeInteger(startSeq) || startSeq < 0) throw new RangeError(`invalid start sequence ${startSeq}`);
    this.seq = startSeq;
  }

  /** Sequence number of the last event emitted (the start sequence before any). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Applies one command; every returned event carries the next sequence number. */
  apply(command: OrderCommand, timestampUs: number): MatchingEvent[] {
    return command.kind === 'place' ? this.place(command, timestampUs) : this.cancel(command);
  }

  bestBid(): number | null {
    return this.bids.bestPrice();
  }

  bestAsk(): number | null {
    return this.asks.bestPrice();
  }

  /** Up to `levels` price levels per side, best price first. */
  depth(levels: number): BookDepth {
    return { bids: this.bids.depth(levels), asks: this.asks.depth(levels) };
  }

  openOrder(orderId: string): OpenOrder | undefined {
    return this.openOrders.get(orderId)?.snapshot();
  }

  get openOrderCount(): number {
    return this.openOrders.size;
  }

  hasSeenOrder(orderId: string): boolean {
    return this.seenOrderIds.has(orderId);
  }

  restingLotsAt(side: Side, priceTicks: number): number {
    return this.sideOf(side).totalLotsAt(priceTicks);
  }

  wouldCross(side: Side, priceTicks: number): boolean {
    const best = this.sideOf(opposite(side)).bestPrice();
    return best !== null && withinLimit(side, priceTicks, best);
  }

  /** Throws BookStateError when levels, queues, totals, indexes or the spread disagree. */
  validateInternalState(): void {
    const resting = [...this.bids.validate(), ...this.asks.validate()];
    if (resting.length !== this.openOrders.size) {
      throw new BookStateError(`${resting.length} orders on the book, ${this.openOrders.size} indexed`);
    }
    for (const order of resting) {
      if (this.openOrders.get(order.orderId) !== order) throw new BookStateError(`order ${order.orderId} not indexed`);
      if (!this.seenOrderIds.has(order.orderId)) throw new BookStateError(`order ${order.orderId} never accepted`);
    }
    const bid = this.bids.bestPrice();
    const ask = this.asks.bestPrice();
    if (bid !== null && ask !== null && bid >= ask) throw new BookStateError(`crossed book: bid ${bid} ask ${ask}`);
    if (!Number.isSafeInteger(this.seq) || this.seq < 0) throw new BookStateError(`invalid sequence ${this.seq}`);
  }

  /**
   * FNV-1a 64 (hex) of the market, the sequence and every resting order in queue order: equal
   * books hash equal, so replicas and replays can be compared cheaply.
   */
  stateHash(): string {
    const sideState = (side: BookSide) =>
      [...side.levelsBestFirst()].map((level) => [
        level.priceTicks,
        level.totalLots,
        [...level.orders()].map((order) => [order.orderId, order.accountId, order.sizeLots, order.remainingLots]),
      ]);
    return fnv1a64(asciiJson([this.market.symbol, this.seq, sideState(this.bids), sideState(this.asks)]));
  }

  private place(command: PlaceOrder, timestampUs: number): MatchingEvent[] {
    const rejection = validatePlace(command, this.market, this);
    if (rejection) return [this.rejected(command, rejection)];
    this.seenOrderIds.add(command.orderId);
    const { orderId, accountId, clientOrderId, side, timeInForce, priceTicks, sizeLots } = command;
    const events: MatchingEvent[] = [
      {
        type: 'accepted',
        seq: this.nextSeq(),
        orderId,
        accountId,
        clientOrderId,
        side,
        orderType: command.type,
        timeInForce,
        priceTicks,
        sizeLots,
      },
    ];
    const touched = new TouchedLevels();
    const taker: Taker = { orderId, accountId, side, limitTicks: priceTicks, remainingLots: sizeLots };
    this.match(taker, events, touched);

    const remainingLots = taker.remainingLots;
    if (remainingLots === 0) {
      events.push(this.done(taker, 'filled', 0));
    } else if (priceTicks !== null && timeInForce === 'GTC') {
      const order = new RestingOrder(orderId, accountId, side, priceTicks, sizeLots, remainingLots, timestampUs);
      this.sideOf(side).add(order);
      this.openOrders.set(orderId, order);
      touched.touch(side, priceTicks);
      events.push({ type: 'rested', seq: this.nextSeq(), orderId, accountId, side, priceTicks, remainingLots });
    } else {
      const nothingFilled = priceTicks === null && remainingLots === sizeLots;
      events.push(this.done(taker, nothingFilled ? 'no_liquidity' : 'unfilled_ioc', remainingLots));
    }
    this.pushBookChanges(events, touched);
    return events;
  }

  /** Sweeps the opposite side best price first, FIFO within a level, while the taker's limit allows. */
  private match(taker: Taker, events: MatchingEvent[], touched: TouchedLevels): void {
    const makers = this.sideOf(opposite(taker.side));
    while (taker.remainingLots > 0) {
      const maker = makers.bestOrder();
      if (!maker || !withinLimit(taker.side, taker.limitTicks, maker.priceTicks)) return;
      touched.touch(maker.side, maker.priceTicks);
      if (maker.accountId === taker.accountId) {
        // Self-trade prevention, cancel-maker: the resting order goes, the taker keeps matching.
        this.removeResting(maker);
        events.push(this.done(maker, 'self_trade_prevented', maker.remainingLots));
        continue;
      }
      const sizeLots = Math.min(taker.remainingLots, maker.remainingLots);
      makers.fill(maker, sizeLots);
      taker.remainingLots -= sizeLots;
      const seq = this.nextSeq();
      events.push({
        type: 'fill',
        seq,
        tradeId: `${this.market.symbol}-${seq}`,
        priceTicks: maker.priceTicks,
        sizeLots,
        takerSide: taker.side,
        maker: { orderId: maker.orderId, accountId: maker.accountId, remainingLots: maker.remainingLots },
        taker: { orderId: taker.orderId, accountId: taker.accountId, remainingLots: taker.remainingLots },
      });
      if (maker.remainingLots === 0) {
        this.removeResting(maker);
        events.push(this.done(maker, 'filled', 0));
      }
    }
  }

  private cancel(command: CancelOrder): MatchingEvent[] {
    const order = this.openOrders.get(command.orderId);
    if (!order || order.accountId !== command.accountId) {
      return [this.rejected(command, { code: RejectCode.UNKNOWN_ORDER, message: `no open order ${command.orderId}` })];
    }
    this.removeResting(order);
    const events: MatchingEvent[] = [this.done(order, 'cancelled', order.remainingLots)];
    const touched = new TouchedLevels();
    touched.touch(order.side, order.priceTicks);
    this.pushBookChanges(events, touched);
    return events;
  }

  private removeResting(order: RestingOrder): void {
    this.sideOf(order.side).remove(order);
    this.openOrders.delete(order.orderId);
  }

  private pushBookChanges(events: MatchingEvent[], touched: TouchedLevels): void {
    if (touched.isEmpty) return;
    events.push({ type: 'book', seq: this.nextSeq(), changes: touched.changes(this.bids, this.asks) });
  }

  private rejected(command: OrderCommand, { code, message }: Rejection): MatchingEvent {
    return {
      type: 'rejected',
      seq: this.nextSeq(),
      orderId: command.orderId,
      accountId: command.accountId,
      code,
      message,
    };
  }

  private done(order: Taker | RestingOrder, reason: DoneReason, remainingLots: number): MatchingEvent {
    return {
      type: 'done',
      seq: this.nextSeq(),
      orderId: order.orderId,
      accountId: order.accountId,
      reason,
      remainingLots,
    };
  }

  private sideOf(side: Side): BookSide {
    return side === 'buy' ? this.bids : this.asks;
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}
