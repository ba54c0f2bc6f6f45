import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RejectCode } from '@exchange/domain';
import {
  CheckedBook,
  assertRejected,
  cancel,
  cancelAll,
  cancelByClientId,
  describeBooks,
  expected as e,
  limit,
  stop,
} from './fixtures';
import { scenarios, then as t } from './scenarios';

describeBooks('cancel', (books) => {
  it('cancels an own resting order and reports the level without it', () => {
    const given = new CheckedBook(books);
    given.apply(limit('b1', 'alice', 'buy', 100, 2), limit('b2', 'bob', 'buy', 100, 3));

    assert.deepEqual(given.apply(cancel('b1', 'alice')), [
      e.done(7, 'b1', 'alice', 'cancelled', 2),
      e.book(8, ['buy', 100, 3]),
    ]);
    assert.equal(given.book.openOrder('b1'), undefined);
    assert.deepEqual(given.book.depth(5).bids, [{ priceTicks: 100, sizeLots: 3 }]);
  });

  it('removes the level when the last order there is cancelled', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 101, 2), limit('s2', 'alice', 'sell', 102, 1));

    assert.deepEqual(given.apply(cancel('s1', 'alice')), [
      e.done(7, 's1', 'alice', 'cancelled', 2),
      e.book(8, ['sell', 101, 0]),
    ]);
    assert.equal(given.book.bestAsk(), 102);
  });

  it('releases only the open size of a partially filled order', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 10), limit('b1', 'bob', 'buy', 100, 4));

    assert.deepEqual(given.apply(cancel('s1', 'alice')), [
      e.done(8, 's1', 'alice', 'cancelled', 6),
      e.book(9, ['sell', 100, 0]),
    ]);
  });

  it("refuses to cancel another account's order and leaves it resting", () => {
    const given = new CheckedBook(books);
    given.apply(limit('b1', 'alice', 'buy', 100, 2));

    assertRejected(given.apply(cancel('b1', 'mallory')), 4, 'b1', 'mallory', RejectCode.UNKNOWN_ORDER);
    assert.equal(given.book.openOrder('b1')?.remainingLots, 2);
  });

  it('refuses an unknown order id', () => {
    const given = new CheckedBook(books);

    assertRejected(given.apply(cancel('nope', 'alice')), 1, 'nope', 'alice', RejectCode.UNKNOWN_ORDER);
  });

  it('refuses an order that was already filled', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 1), limit('b1', 'bob', 'buy', 100, 1));

    assertRejected(given.apply(cancel('s1', 'alice')), 9, 's1', 'alice', RejectCode.UNKNOWN_ORDER);
    assertRejected(given.apply(cancel('b1', 'bob')), 10, 'b1', 'bob', RejectCode.UNKNOWN_ORDER);
  });

  it('refuses a second cancel of the same order', () => {
    const given = new CheckedBook(books);
    given.apply(limit('b1', 'alice', 'buy', 100, 2), cancel('b1', 'alice'));

    assertRejected(given.apply(cancel('b1', 'alice')), 6, 'b1', 'alice', RejectCode.UNKNOWN_ORDER);
  });

  it('keeps the time priority of the orders around a cancelled one', () => {
    const given = new CheckedBook(books);
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
    const given = new CheckedBook(books);
    given.apply(limit('b1', 'alice', 'buy', 99, 1), limit('b2', 'alice', 'buy', 100, 1), cancel('b2', 'alice'));

    assert.equal(given.book.bestBid(), 99);
  });
});

scenarios('cancel by client order id and cancel-all', [
  {
    name: 'cancels by client order id',
    given: [{ ...limit('b1', 'alice', 'buy', 100, 2), clientOrderId: 'mine' }],
    when: cancelByClientId('alice', 'mine'),
    then: [t.done('b1', 'alice', 'cancelled', 2), t.book(['buy', 100, 0])],
  },
  {
    name: "does not find another account's client order id",
    given: [{ ...limit('b1', 'alice', 'buy', 100, 2), clientOrderId: 'mine' }],
    when: cancelByClientId('bob', 'mine'),
    then: [t.rejected('', 'bob', RejectCode.UNKNOWN_ORDER)],
  },
  {
    name: 'frees the client order id for a new order',
    given: [{ ...limit('b1', 'alice', 'buy', 100, 2), clientOrderId: 'mine' }, cancelByClientId('alice', 'mine')],
    when: { ...limit('b2', 'alice', 'buy', 99, 1), clientOrderId: 'mine' },
    then: [
      t.accepted({ ...limit('b2', 'alice', 'buy', 99, 1), clientOrderId: 'mine' }),
      t.rested('b2', 'alice', 'buy', 99, 1),
      t.book(['buy', 99, 1]),
    ],
  },
  {
    name: "cancel-all cancels the account's resting and waiting orders in acceptance order",
    given: [
      limit('b1', 'alice', 'buy', 99, 1),
      limit('s1', 'alice', 'sell', 105, 2),
      limit('b2', 'bob', 'buy', 98, 1),
      stop('st', 'alice', 'buy', 1, { at: 200 }),
    ],
    when: cancelAll('alice'),
    then: [
      t.done('b1', 'alice', 'cancelled', 1),
      t.done('s1', 'alice', 'cancelled', 2),
      t.done('st', 'alice', 'cancelled', 1),
      t.book(['buy', 99, 0], ['sell', 105, 0]),
    ],
    after: (book) => assert.equal(book.openOrder('b2')?.remainingLots, 1),
  },
  {
    name: 'cancel-all for every market (null) reaches this book too',
    given: [limit('b1', 'alice', 'buy', 99, 1)],
    when: cancelAll('alice', null),
    then: [t.done('b1', 'alice', 'cancelled', 1), t.book(['buy', 99, 0])],
  },
  {
    name: 'cancel-all with nothing open changes nothing',
    given: [limit('b1', 'bob', 'buy', 99, 1)],
    when: cancelAll('alice'),
    then: [],
  },
  {
    name: 'cancel-all for another market is refused',
    when: cancelAll('alice', 'ETH-PERP'),
    then: [t.rejected('', 'alice', RejectCode.UNKNOWN_MARKET)],
  },
]);
