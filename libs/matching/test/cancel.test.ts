import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RejectCode } from '@exchange/domain';
import { CheckedBook, assertRejected, cancel, expected as e, limit } from './fixtures';

describe('OrderBook: cancel', () => {
  it('cancels an own resting order and reports the level without it', () => {
    const given = new CheckedBook();
    given.apply(limit('b1', 'alice', 'buy', 100, 2), limit('b2', 'bob', 'buy', 100, 3));

    assert.deepEqual(given.apply(cancel('b1', 'alice')), [
      e.done(7, 'b1', 'alice', 'cancelled', 2),
      e.book(8, ['buy', 100, 3]),
    ]);
    assert.equal(given.book.openOrder('b1'), undefined);
    assert.deepEqual(given.book.depth(5).bids, [{ priceTicks: 100, sizeLots: 3 }]);
  });

  it('removes the level when the last order there is cancelled', () => {
    const given = new CheckedBook();
    given.apply(limit('s1', 'alice', 'sell', 101, 2), limit('s2', 'alice', 'sell', 102, 1));

    assert.deepEqual(given.apply(cancel('s1', 'alice')), [
      e.done(7, 's1', 'alice', 'cancelled', 2),
      e.book(8, ['sell', 101, 0]),
    ]);
    assert.equal(given.book.bestAsk(), 102);
  });

  it('releases only the open size of a partially filled order', () => {
    const given = new CheckedBook();
    given.apply(limit('s1', 'alice', 'sell', 100, 10), limit('b1', 'bob', 'buy', 100, 4));

    assert.deepEqual(given.apply(cancel('s1', 'alice')), [
      e.done(8, 's1', 'alice', 'cancelled', 6),
      e.book(9, ['sell', 100, 0]),
    ]);
  });

  it("refuses to cancel another account's order and leaves it resting", () => {
    const given = new CheckedBook();
    given.apply(limit('b1', 'alice', 'buy', 100, 2));

    assertRejected(given.apply(cancel('b1', 'mallory')), 4, 'b1', 'mallory', RejectCode.UNKNOWN_ORDER);
    assert.equal(given.book.openOrder('b1')?.remainingLots, 2);
  });

  it('refuses an unknown order id', () => {
    const given = new CheckedBook();

    assertRejected(given.apply(cancel('nope', 'alice')), 1, 'nope', 'alice', RejectCode.UNKNOWN_ORDER);
  });

  it('refuses an order that was already filled', () => {
    const given = new CheckedBook();
    given.apply(limit('s1', 'alice', 'sell', 100, 1), limit('b1', 'bob', 'buy', 100, 1));

    assertRejected(given.apply(cancel('s1', 'alice')), 9, 's1', 'alice', RejectCode.UNKNOWN_ORDER);
    assertRejected(given.apply(cancel('b1', 'bob')), 10, 'b1', 'bob', RejectCode.UNKNOWN_ORDER);
  });

  it('refuses a second cancel of the same order', () => {
    const given = new CheckedBook();
    given.apply(limit('b1', 'alice', 'buy', 100, 2), cancel('b1', 'alice'));

    assertRejected(given.apply(cancel('b1', 'alice')), 6, 'b1', 'alice', RejectCode.UNKNOWN_ORDER);
  });

  it('keeps the time priority of the orders around a cancelled one', () => {
    const given = new CheckedBook();
    given.apply(
      limit('s1', 'alice', 'sell', 100, 1),
      limit('s2', 'carol', 'sell', 100, 1),
      limit('s3', 'dave', 'sell', 100, 1),
      cancel('s2', 'carol'),
    );

    const taker = limit('b1', 'bob', 'buy', 100, 2);
    assert.deepEqual(given.apply(taker), [
      e.accepted(12, taker),
      e.fill(13, 100, 1, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 1]),
      e.done(14, 's1', 'alice', 'filled', 0),
      e.fill(15, 100, 1, 'buy', ['s3', 'dave', 0], ['b1', 'bob', 0]),
      e.done(16, 's3', 'dave', 'filled', 0),
      e.done(17, 'b1', 'bob', 'filled', 0),
      e.book(18, ['sell', 100, 0]),
    ]);
  });

  it('cancels the best level and exposes the next one', () => {
    const given = new CheckedBook();
    given.apply(limit('b1', 'alice', 'buy', 99, 1), limit('b2', 'alice', 'buy', 100, 1), cancel('b2', 'alice'));

    assert.equal(given.book.bestBid(), 99);
  });
});
