import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookCommand, MatchingEvent } from '@exchange/contracts';
import { BookStateError, type BookSnapshot, type MatchingBook } from '../src';
import { CommandGenerator } from './command-generator';
import {
  BTC_PERP,
  FAST,
  IMPLEMENTATIONS,
  REFERENCE,
  T0_US,
  describeBooks,
  limit,
  mark,
  status,
  stop,
  type BookImplementation,
} from './fixtures';

const COMMANDS = new CommandGenerator(31_337).take(6000);
const OPTIONS = { positions: CommandGenerator.startPositions() };

/** Applies commands[from, to) with the engine times an uninterrupted run would use. */
function feed(book: MatchingBook, from: number, to: number): MatchingEvent[][] {
  const events: MatchingEvent[][] = [];
  for (let index = from; index < to; index += 1) {
    events.push(book.apply(COMMANDS[index], T0_US + index));
    book.validateInternalState();
  }
  return events;
}

/** The snapshot as it would come back from storage. */
const throughJson = (snapshot: BookSnapshot): BookSnapshot => JSON.parse(JSON.stringify(snapshot)) as BookSnapshot;

describeBooks('snapshot and restore', (books) => {
  const uninterrupted = books.create(BTC_PERP, OPTIONS);
  const expected = feed(uninterrupted, 0, COMMANDS.length);

  for (const cut of [0, 1500, 3000, 4500]) {
    it(`restored after ${cut} commands, continues with the same events and ends in the same state`, () => {
      const before = books.create(BTC_PERP, OPTIONS);
      feed(before, 0, cut);
      const restored = books.restore(BTC_PERP, throughJson(before.snapshot()));
      assert.equal(restored.stateHash(), before.stateHash());

      assert.deepEqual(feed(restored, cut, COMMANDS.length), expected.slice(cut));
      assert.equal(restored.stateHash(), uninterrupted.stateHash());
      assert.deepEqual(restored.snapshot(), uninterrupted.snapshot());
    });
  }

  it('is plain JSON data', () => {
    const snapshot = uninterrupted.snapshot();
    assert.deepEqual(throughJson(snapshot), snapshot);
    assert.ok(snapshot.resting.length > 0 && snapshot.positions.length > 0, 'the stream leaves a busy book');
  });

  it('replaying the same commands gives the same hash', () => {
    const replay = books.create(BTC_PERP, OPTIONS);
    feed(replay, 0, COMMANDS.length);
    assert.equal(replay.stateHash(), uninterrupted.stateHash());
  });

  it('keeps the sequence, status, mark, positions, waiting orders and engine times', () => {
    const book = books.create(BTC_PERP, { startSeq: 40, positions: { bob: -2 } });
    book.apply(mark(100), T0_US);
    book.apply(limit('b1', 'alice', 'buy', 99, 2), T0_US + 7);
    book.apply(stop('st', 'carol', 'buy', 1, { at: 102 }), T0_US + 8);
    book.apply(status('post_only'), T0_US + 9);

    const restored = books.restore(BTC_PERP, throughJson(book.snapshot()));

    assert.equal(restored.lastSeq, book.lastSeq);
    assert.equal(restored.market.status, 'post_only');
    assert.equal(restored.positionOf('bob'), -2);
    assert.equal(restored.waitingOrderCount, 1);
    assert.deepEqual(restored.openOrder('b1'), book.openOrder('b1'));
    assert.equal(restored.openOrder('b1')?.acceptedAtUs, T0_US + 7);
    assert.equal(restored.hasSeenOrder('st'), true);
  });
});

describe('snapshots move between the two implementations', () => {
  const pairs: [BookImplementation, BookImplementation][] = [
    [FAST, REFERENCE],
    [REFERENCE, FAST],
  ];
  for (const [from, to] of pairs) {
    it(`a ${from.name} snapshot restored as a ${to.name} continues identically`, () => {
      const source = from.create(BTC_PERP, OPTIONS);
      feed(source, 0, 3000);
      const target = to.restore(BTC_PERP, throughJson(source.snapshot()));

      assert.deepEqual(feed(target, 3000, COMMANDS.length), feed(source, 3000, COMMANDS.length));
      assert.equal(target.stateHash(), source.stateHash());
    });
  }
});

describe('restore refuses snapshots it cannot trust', () => {
  const book = FAST.create(BTC_PERP);
  const commands: BookCommand[] = [limit('b1', 'alice', 'buy', 99, 2), limit('s1', 'bob', 'sell', 101, 1)];
  commands.forEach((command) => book.apply(command, T0_US));
  const good = book.snapshot();
  const [bid, ask] = good.resting;

  const broken: [string, BookSnapshot, new (...args: never[]) => Error, RegExp][] = [
    ['another market', { ...good, market: 'ETH-PERP' }, RangeError, /snapshot of ETH-PERP/],
    ['an unknown version', { ...good, version: 2 as 1 }, RangeError, /unknown snapshot version 2/],
    ['a crossed book', { ...good, resting: [bid, { ...ask, priceTicks: 98 }] }, BookStateError, /crossed book/],
    ['an order twice', { ...good, resting: [bid, bid] }, BookStateError, /twice/],
    ['an order id never accepted', { ...good, seenOrderIds: ['s1'] }, BookStateError, /never accepted/],
    ['a waiting order without trigger', { ...good, resting: [bid], waiting: [ask] }, BookStateError, /trigger/],
  ];
  for (const implementation of IMPLEMENTATIONS) {
    for (const [what, snapshot, errorType, message] of broken) {
      it(`${implementation.name}: refuses ${what}`, () => {
        assert.throws(
          () => implementation.restore(BTC_PERP, snapshot),
          (error: unknown) => error instanceof errorType && message.test(error.message),
        );
      });
    }
  }
});
