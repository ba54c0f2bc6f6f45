import { BTC_PERP } from '@exchange/domain';
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type {
  AmendOrder,
  BookCommand,
  BookLevelChange,
  CancelAllOrders,
  CancelOrder,
  MatchingEvent,
  PlaceOrder,
} from '@exchange/contracts';
import type {
  DoneReason,
  MarketSpec,
  MarketStatus,
  RejectCode,
  Side,
  TimeInForce,
  TriggerKind,
  TriggerReference,
} from '@exchange/domain';
import { OrderBook, ReferenceBook, type BookOptions, type BookSnapshot, type MatchingBook } from '../src';

export { BTC_PERP };

export const T0_US = 1_700_000_000_000_000;

// --- the two implementations every shared suite runs against ---

export interface BookImplementation {
  readonly name: string;
  create(market: MarketSpec, options?: BookOptions): MatchingBook;
  restore(market: MarketSpec, snapshot: BookSnapshot): MatchingBook;
}

export const FAST: BookImplementation = {
  name: 'OrderBook',
  create: (market, options) => new OrderBook(market, options),
  restore: (market, snapshot) => OrderBook.restore(market, snapshot),
};

export const REFERENCE: BookImplementation = {
  name: 'ReferenceBook',
  create: (market, options) => new ReferenceBook(market, options),
  restore: (market, snapshot) => ReferenceBook.restore(market, snapshot),
};

export const IMPLEMENTATIONS: readonly BookImplementation[] = [FAST, REFERENCE];

/** Runs `suite` once per implementation, titled with its name. */
export function describeBooks(title: string, suite: (books: BookImplementation) => void): void {
  for (const implementation of IMPLEMENTATIONS) {
    describe(`${implementation.name}: ${title}`, () => suite(implementation));
  }
}

// --- commands ---

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

/** Trigger at a price of the mark (default) or last price; `priceTicks` makes it a limit order. */
export interface TriggerAt {
  readonly at: number;
  readonly by?: TriggerReference;
  readonly priceTicks?: number;
}

/**
 * A conditional order: with `priceTicks` a stop-limit or take-profit-limit, without it a
 * stop-market or take-profit-market.
 */
export function conditional(
  kind: TriggerKind,
  orderId: string,
  accountId: string,
  side: Side,
  sizeLots: number,
  trigger: TriggerAt,
): PlaceOrder {
  const base =
    trigger.priceTicks === undefined
      ? market(orderId, accountId, side, sizeLots)
      : limit(orderId, accountId, side, trigger.priceTicks, sizeLots);
  return { ...base, trigger: { kind, reference: trigger.by ?? 'mark', priceTicks: trigger.at } };
}

export const stop = (
  orderId: string,
  accountId: string,
  side: Side,
  sizeLots: number,
  trigger: TriggerAt,
): PlaceOrder => conditional('stop', orderId, accountId, side, sizeLots, trigger);

export const takeProfit = (
  orderId: string,
  accountId: string,
  side: Side,
  sizeLots: number,
  trigger: TriggerAt,
): PlaceOrder => conditional('take_profit', orderId, accountId, side, sizeLots, trigger);

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

export const cancelByClientId = (accountId: string, clientOrderId: string): CancelOrder => ({
  ...cancel('', accountId),
  clientOrderId,
});

export const cancelAll = (accountId: string, marketSymbol: string | null = BTC_PERP.symbol): CancelAllOrders => ({
  kind: 'cancel_all',
  requestId: `req-cancel-all-${accountId}`,
  accountId,
  market: marketSymbol,
  receivedAtUs: T0_US,
});

export const amend = (
  orderId: string,
  accountId: string,
  changes: Partial<Pick<AmendOrder, 'priceTicks' | 'sizeLots' | 'side' | 'type' | 'reduceOnly'>>,
): AmendOrder => ({
  kind: 'amend',
  requestId: `req-amend-${orderId}`,
  orderId,
  accountId,
  market: BTC_PERP.symbol,
  receivedAtUs: T0_US,
  ...changes,
});

export const mark = (priceTicks: number): BookCommand => ({ kind: 'mark', market: BTC_PERP.symbol, priceTicks });
export const clock = (timestampUs: number): BookCommand => ({ kind: 'clock', market: BTC_PERP.symbol, timestampUs });
export const status = (value: MarketStatus): BookCommand => ({
  kind: 'status',
  market: BTC_PERP.symbol,
  status: value,
});
export const setPosition = (accountId: string, positionLots: number): BookCommand => ({
  kind: 'set_position',
  market: BTC_PERP.symbol,
  accountId,
  positionLots,
});

// --- books under test ---

/** A book that checks its internal state after every command and advances time by 1 µs per command. */
export class CheckedBook {
  readonly book: MatchingBook;
  private clockUs = T0_US;

  constructor(books: BookImplementation = FAST, spec: MarketSpec = BTC_PERP, options: BookOptions = {}) {
    this.book = books.create(spec, options);
  }

  /** Applies the commands in order; returns the events of the last one. */
  apply(...commands: BookCommand[]): MatchingEvent[] {
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

// --- expected events ---

/** Expected events, seq first so a test reads as the numbered stream it asserts. */
export const expected = {
  accepted: (seq: number, command: PlaceOrder, overrides: Partial<MatchingEvent> = {}): MatchingEvent =>
    ({
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
      ...(command.trigger === undefined ? {} : { trigger: command.trigger }),
      ...(command.expiresAtUs === undefined ? {} : { expiresAtUs: command.expiresAtUs }),
      ...(command.postOnly === undefined ? {} : { postOnly: command.postOnly }),
      ...(command.reduceOnly === undefined ? {} : { reduceOnly: command.reduceOnly }),
      ...(command.selfTradePrevention === undefined ? {} : { selfTradePrevention: command.selfTradePrevention }),
      ...overrides,
    }) as MatchingEvent,
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
  triggered: (
    seq: number,
    orderId: string,
    accountId: string,
    reference: TriggerReference,
    triggerPriceTicks: number,
    referencePriceTicks: number,
    remainingLots: number,
  ): MatchingEvent => ({
    type: 'triggered',
    seq,
    orderId,
    accountId,
    reference,
    triggerPriceTicks,
    referencePriceTicks,
    remainingLots,
  }),
  /** `terms` are [priceTicks, sizeLots, remainingLots]. */
  amended: (
    seq: number,
    orderId: string,
    accountId: string,
    terms: [number, number, number],
    priorityKept: boolean,
    reason: 'amend' | 'reduce_only' = 'amend',
  ): MatchingEvent => ({
    type: 'amended',
    seq,
    orderId,
    accountId,
    reason,
    priceTicks: terms[0],
    sizeLots: terms[1],
    remainingLots: terms[2],
    priorityKept,
  }),
  status: (seq: number, value: MarketStatus): MatchingEvent => ({ type: 'status', seq, status: value }),
  /** A rejection; its message is free text, checked only to be there. */
  rejected: (seq: number, orderId: string, accountId: string, code: RejectCode): MatchingEvent => ({
    type: 'rejected',
    seq,
    orderId,
    accountId,
    code,
    message: '',
  }),
};

/** The events with every rejection message checked to be non-empty, then blanked, to compare with `expected`. */
export function withoutMessages(events: readonly MatchingEvent[]): MatchingEvent[] {
  return events.map((event) => {
    if (event.type !== 'rejected') return event;
    assert.ok(event.message.length > 0, `rejection ${event.code} without a message`);
    return { ...event, message: '' };
  });
}

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
  assert.deepEqual(withoutMessages(events), [expected.rejected(seq, orderId, accountId, code)]);
}
