import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { BookLevelChange, MatchingEvent, OrderCommand, PlaceOrder } from '@exchange/contracts';
import { opposite, type Side } from '@exchange/domain';
import type { MatchingBook } from '../src';
import { BTC_PERP, T0_US, cancel, describeBooks, limit, market, type BookImplementation } from './fixtures';
import { Random } from './random';

const ACCOUNTS = ['alice', 'bob', 'carol', 'dave'];
const MID = 100_000;

/** A random but reproducible mix of GTC, IOC and market orders, cancels, and a few bad commands. */
function commandStream(seed: number, count: number): OrderCommand[] {
  const random = new Random(seed);
  const below = (bound: number) => random.below(bound);
  const owners = new Map<string, string>();
  const commands: OrderCommand[] = [];
  for (let index = 0; index < count; index += 1) {
    const roll = below(100);
    const ids = [...owners.keys()];
    if (roll < 20 && ids.length > 0) {
      const orderId = ids[ids.length - 1 - below(Math.min(ids.length, 50))];
      const owner = owners.get(orderId) ?? '';
      commands.push(cancel(orderId, below(5) === 0 ? ACCOUNTS[below(4)] : owner));
      continue;
    }
    const orderId = roll < 22 && ids.length > 0 ? ids[below(ids.length)] : `o${index}`;
    const accountId = ACCOUNTS[below(ACCOUNTS.length)];
    const side: Side = below(2) === 0 ? 'buy' : 'sell';
    const sizeLots = roll < 24 ? 0 : 1 + below(20);
    const priceTicks = MID - 10 + below(21);
    let command: PlaceOrder;
    if (roll < 32) command = market(orderId, accountId, side, sizeLots);
    else if (roll < 45) command = limit(orderId, accountId, side, priceTicks, sizeLots, 'IOC');
    else command = limit(orderId, accountId, side, priceTicks, sizeLots);
    if (!owners.has(orderId)) owners.set(orderId, accountId);
    commands.push(command);
  }
  return commands;
}

interface ModelOrder {
  readonly accountId: string;
  readonly side: Side;
  readonly priceTicks: number;
  remainingLots: number;
}

interface Tally {
  fills: number;
  selfTradesPrevented: number;
  rejected: number;
  cancelled: number;
  rested: number;
  maxOpenOrders: number;
}

const levelKey = (side: Side, priceTicks: number) => `${side}@${priceTicks}`;

function levelSizes(book: MatchingBook): Map<string, number> {
  const depth = book.depth(Number.MAX_SAFE_INTEGER);
  const sizes = new Map<string, number>();
  for (const level of depth.bids) sizes.set(levelKey('buy', level.priceTicks), level.sizeLots);
  for (const level of depth.asks) sizes.set(levelKey('sell', level.priceTicks), level.sizeLots);
  return sizes;
}

/**
 * Rebuilds the book from events alone and checks every event against it: what the events say
 * must be exactly what the book holds.
 */
class EventModel {
  readonly orders = new Map<string, ModelOrder>();
  readonly tally: Tally = { fills: 0, selfTradesPrevented: 0, rejected: 0, cancelled: 0, rested: 0, maxOpenOrders: 0 };
  private seq = 0;

  check(command: OrderCommand, events: MatchingEvent[], before: Map<string, number>, book: MatchingBook): void {
    const context = `${command.kind} ${command.orderId}: ${JSON.stringify(events)}`;
    assert.ok(events.length > 0, context);
    for (const event of events) {
      assert.equal(event.seq, ++this.seq, `gap-free sequence; ${context}`);
    }
    if (events[0].type === 'rejected') {
      assert.equal(events.length, 1, context);
      this.tally.rejected += 1;
    } else if (command.kind === 'place') {
      this.checkPlace(command, events, context);
    } else {
      this.checkCancel(command.orderId, events, context);
    }
    this.checkBookEvent(events, before, levelSizes(book), context);
    this.checkAgainstBook(book, context);
  }

  private checkPlace(command: PlaceOrder, events: MatchingEvent[], context: string): void {
    assert.equal(events[0].type, 'accepted', context);
    let takerRemaining = command.sizeLots;
    let finished = false;
    for (const event of events.slice(1)) {
      assert.ok(!finished || event.type === 'book', `nothing after the taker is done but the book; ${context}`);
      if (event.type === 'fill') {
        const maker = this.orders.get(event.maker.orderId);
        assert.ok(maker, `fill against an order the events never rested; ${context}`);
        assert.notEqual(event.maker.accountId, event.taker.accountId, `self-fill; ${context}`);
        assert.equal(event.maker.accountId, maker.accountId, context);
        assert.equal(event.taker.orderId, command.orderId, context);
        assert.equal(event.takerSide, command.side, context);
        assert.equal(maker.side, opposite(command.side), context);
        assert.equal(event.priceTicks, maker.priceTicks, `trades at the maker price; ${context}`);
        if (command.priceTicks !== null) {
          const withinLimit =
            command.side === 'buy' ? event.priceTicks <= command.priceTicks : event.priceTicks >= command.priceTicks;
          assert.ok(withinLimit, `taker limit respected; ${context}`);
        }
        assert.ok(event.sizeLots > 0, context);
        maker.remainingLots -= event.sizeLots;
        takerRemaining -= event.sizeLots;
        assert.equal(event.maker.remainingLots, maker.remainingLots, context);
        assert.equal(event.taker.remainingLots, takerRemaining, context);
        assert.equal(event.tradeId, `BTC-PERP-${event.seq}`, context);
        this.tally.fills += 1;
      } else if (event.type === 'done' && event.orderId !== command.orderId) {
        const maker = this.orders.get(event.orderId);
        assert.ok(maker, context);
        assert.equal(event.remainingLots, maker.remainingLots, context);
        if (event.reason === 'filled') assert.equal(maker.remainingLots, 0, context);
        else {
          assert.equal(event.reason, 'self_trade_prevented', context);
          assert.equal(maker.accountId, command.accountId, context);
          this.tally.selfTradesPrevented += 1;
        }
        this.orders.delete(event.orderId);
      } else if (event.type === 'done') {
        assert.equal(event.remainingLots, takerRemaining, context);
        const expectedReason =
          takerRemaining === 0
            ? 'filled'
            : command.type === 'market' && takerRemaining === command.sizeLots
              ? 'no_liquidity'
              : 'unfilled_ioc';
        assert.equal(event.reason, expectedReason, context);
        assert.ok(takerRemaining === 0 || command.type === 'market' || command.timeInForce === 'IOC', context);
        finished = true;
      } else if (event.type === 'rested') {
        assert.equal(command.type === 'limit' && command.timeInForce === 'GTC', true, context);
        assert.equal(event.remainingLots, takerRemaining, context);
        assert.ok(takerRemaining > 0, context);
        assert.equal(event.priceTicks, command.priceTicks, context);
        const { accountId, side, priceTicks } = event;
        this.orders.set(event.orderId, { accountId, side, priceTicks, remainingLots: takerRemaining });
        this.tally.rested += 1;
        finished = true;
      } else {
        assert.equal(event.type, 'book', context);
      }
    }
    assert.ok(finished, `every accepted order ends done or rested; ${context}`);
  }

  private checkCancel(orderId: string, events: MatchingEvent[], context: string): void {
    const [done] = events;
    const order = this.orders.get(orderId);
    assert.ok(order && done.type === 'done' && done.reason === 'cancelled', context);
    assert.equal(done.remainingLots, order.remainingLots, context);
    assert.equal(done.accountId, order.accountId, context);
    this.orders.delete(orderId);
    this.tally.cancelled += 1;
  }

  /** The one book event, last, lists exactly the levels whose size changed, with the new sizes, in order. */
  private checkBookEvent(
    events: MatchingEvent[],
    before: Map<string, number>,
    after: Map<string, number>,
    context: string,
  ): void {
    const bookEvents = events.filter((event) => event.type === 'book');
    const changedKeys = [...new Set([...before.keys(), ...after.keys()])].filter(
      (key) => before.get(key) !== after.get(key),
    );
    if (changedKeys.length === 0) {
      assert.equal(bookEvents.length, 0, context);
      return;
    }
    assert.equal(bookEvents.length, 1, context);
    const bookEvent = events[events.length - 1];
    assert.ok(bookEvent.type === 'book', context);
    const listed = bookEvent.changes.map((change) => levelKey(change.side, change.priceTicks));
    assert.deepEqual([...listed].sort(), changedKeys.sort(), context);
    for (const change of bookEvent.changes) {
      assert.equal(change.sizeLots, after.get(levelKey(change.side, change.priceTicks)) ?? 0, context);
    }
    const ordered = (a: BookLevelChange, b: BookLevelChange) =>
      a.side !== b.side
        ? a.side === 'buy'
          ? -1
          : 1
        : a.side === 'buy'
          ? b.priceTicks - a.priceTicks
          : a.priceTicks - b.priceTicks;
    assert.deepEqual([...bookEvent.changes].sort(ordered), bookEvent.changes, `changes in canonical order; ${context}`);
  }

  /** Levels and open orders the events imply equal what the book reports; the book is never crossed. */
  private checkAgainstBook(book: MatchingBook, context: string): void {
    book.validateInternalState();
    const bid = book.bestBid();
    const ask = book.bestAsk();
    assert.ok(bid === null || ask === null || bid < ask, `crossed book; ${context}`);
    const implied = new Map<string, number>();
    for (const [orderId, order] of this.orders) {
      const key = levelKey(order.side, order.priceTicks);
      implied.set(key, (implied.get(key) ?? 0) + order.remainingLots);
      assert.equal(book.openOrder(orderId)?.remainingLots, order.remainingLots, context);
    }
    assert.deepEqual(levelSizes(book), implied, context);
    assert.equal(book.openOrderCount, this.orders.size, context);
    this.tally.maxOpenOrders = Math.max(this.tally.maxOpenOrders, this.orders.size);
  }
}

function run(
  books: BookImplementation,
  commands: OrderCommand[],
): { book: MatchingBook; events: MatchingEvent[][]; tally: Tally } {
  const book = books.create(BTC_PERP);
  const model = new EventModel();
  const events = commands.map((command, index) => {
    const before = levelSizes(book);
    const produced = book.apply(command, T0_US + index);
    model.check(command, produced, before, book);
    return produced;
  });
  return { book, events, tally: model.tally };
}

describeBooks('seeded random command streams', (books) => {
  for (const seed of [1, 42, 20_240_601]) {
    it(`keeps every invariant over 4000 commands (seed ${seed})`, () => {
      const commands = commandStream(seed, 4000);
      const { book, events, tally } = run(books, commands);

      // The stream must really exercise matching, self-trade prevention, cancels and rejections.
      assert.ok(tally.fills > 1000, JSON.stringify(tally));
      assert.ok(tally.selfTradesPrevented > 50, JSON.stringify(tally));
      assert.ok(tally.cancelled > 50, JSON.stringify(tally));
      assert.ok(tally.rejected > 200, JSON.stringify(tally));
      assert.ok(tally.rested > 500, JSON.stringify(tally));
      assert.ok(tally.maxOpenOrders > 20, JSON.stringify(tally));

      const replay = books.create(BTC_PERP);
      const replayed = commands.map((command, index) => replay.apply(command, T0_US + index));
      assert.deepEqual(replayed, events);
      assert.equal(replay.stateHash(), book.stateHash());
      assert.equal(replay.lastSeq, book.lastSeq);
    });
  }

  it('ends in different states for different seeds', () => {
    const hashOf = (seed: number) => run(books, commandStream(seed, 500)).book.stateHash();
    assert.notEqual(hashOf(1), hashOf(2));
  });
});
