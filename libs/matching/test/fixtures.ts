import assert from 'node:assert/strict';
import type { BookLevelChange, CancelOrder, MatchingEvent, PlaceOrder } from '@exchange/contracts';
import type { DoneReason, MarketSpec, RejectCode, Side, TimeInForce } from '@exchange/domain';
import { OrderBook } from '../src';

export const BTC_PERP: MarketSpec = {
  symbol: 'BTC-PERP',
  kind: 'perpetual',
  underlying: 'BTC',
  quoteAsset: 'USDC',
  tickSize: '0.5',
  lotSize: '0.001',
  minSizeLots: 1,
  status: 'active',
};

export const T0_US = 1_700_000_000_000_000;

export function limit(
  orderId: string,
  accountId: string,
  side: Side,
  priceTicks: number,
  sizeLots: number,
  timeInForce: TimeInForce = 'GTC',
): PlaceOrder {
  return {
    kind: 'place',
    requestId: `req-${orderId}`,
    orderId,
    accountId,
    clientOrderId: null,
    market: BTC_PERP.symbol,
    side,
    type: 'limit',
    timeInForce,
    priceTicks,
    sizeLots,
    receivedAtUs: T0_US,
  };
}

export function market(orderId: string, accountId: string, side: Side, sizeLots: number): PlaceOrder {
  return { ...limit(orderId, accountId, side, 1, sizeLots, 'IOC'), type: 'market', priceTicks: null };
}

export function cancel(orderId: string, accountId: string): CancelOrder {
  return {
    kind: 'cancel',
    requestId: `req-cancel-${orderId}`,
    orderId,
    accountId,
    market: BTC_PERP.symbol,
    receivedAtUs: T0_US,
  };
}

/** A book that checks its internal state after every command and advances time by 1 µs per command. */
export class CheckedBook {
  readonly book: OrderBook;
  private clockUs = T0_US;

  constructor(spec: MarketSpec = BTC_PERP, startSeq = 0) {
    this.book = new OrderBook(spec, startSeq);
  }

  /** Applies the commands in order; returns the events of the last one. */
  apply(...commands: (PlaceOrder | CancelOrder)[]): MatchingEvent[] {
    let events: MatchingEvent[] = [];
    for (const command of commands) {
      this.clockUs += 1;
      events = this.book.apply(command, this.clockUs);
      this.book.validateInternalState();
    }
    return events;
  }

  get nowUs(): number {
    return this.clockUs;
  }
}

/** Expected events, seq first so a test reads as the numbered stream it asserts. */
export const expected = {
  accepted: (seq: number, command: PlaceOrder): MatchingEvent => ({
    type: 'accepted',
    seq,
    orderId: command.orderId,
    accountId: command.accountId,
    clientOrderId: command.clientOrderId,
    side: command.side,
    orderType: command.type,
    timeInForce: command.timeInForce,
    priceTicks: command.priceTicks,
    sizeLots: command.sizeLots,
  }),
  /** `maker` and `taker` are [orderId, accountId, remainingLots after the fill]. */
  fill: (
    seq: number,
    priceTicks: number,
    sizeLots: number,
    takerSide: Side,
    maker: [string, string, number],
    taker: [string, string, number],
  ): MatchingEvent => ({
    type: 'fill',
    seq,
    tradeId: `BTC-PERP-${seq}`,
    priceTicks,
    sizeLots,
    takerSide,
    maker: { orderId: maker[0], accountId: maker[1], remainingLots: maker[2] },
    taker: { orderId: taker[0], accountId: taker[1], remainingLots: taker[2] },
  }),
  rested: (
    seq: number,
    orderId: string,
    accountId: string,
    side: Side,
    priceTicks: number,
    remainingLots: number,
  ): MatchingEvent => ({ type: 'rested', seq, orderId, accountId, side, priceTicks, remainingLots }),
  done: (
    seq: number,
    orderId: string,
    accountId: string,
    reason: DoneReason,
    remainingLots: number,
  ): MatchingEvent => ({
    type: 'done',
    seq,
    orderId,
    accountId,
    reason,
    remainingLots,
  }),
  /** Changes as [side, priceTicks, sizeLots]. */
  book: (seq: number, ...changes: [Side, number, number][]): MatchingEvent => ({
    type: 'book',
    seq,
    changes: changes.map(([side, priceTicks, sizeLots]): BookLevelChange => ({ side, priceTicks, sizeLots })),
  }),
};

/** Asserts the command produced exactly one rejection with this code and seq. */
export function assertRejected(
  events: MatchingEvent[],
  seq: number,
  orderId: string,
  accountId: string,
  code: RejectCode,
): void {
  assert.equal(events.length, 1, JSON.stringify(events));
  const [event] = events;
  assert.ok(event.type === 'rejected', `expected a rejection, got ${event.type}`);
  assert.deepEqual({ ...event, message: '' }, { type: 'rejected', seq, orderId, accountId, code, message: '' });
  assert.ok(event.message.length > 0);
}
