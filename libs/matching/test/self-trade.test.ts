import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RejectCode, type SelfTradePrevention } from '@exchange/domain';
import { CheckedBook, assertRejected, cancel, describeBooks, expected as e, limit, market } from './fixtures';
import { scenarios, then as t } from './scenarios';

describeBooks('self-trade prevention (cancel maker)', (books) => {
  it('cancels the own makers it meets and keeps matching other accounts', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('s1', 'alice', 'sell', 100, 2),
      limit('s2', 'carol', 'sell', 100, 1),
      limit('s3', 'alice', 'sell', 101, 1),
      limit('s4', 'dave', 'sell', 101, 5),
    );

    const taker = limit('b1', 'alice', 'buy', 101, 3);
    assert.deepEqual(given.apply(taker), [
      e.accepted(13, taker),
      e.done(14, 's1', 'alice', 'self_trade_prevented', 2),
      e.fill(15, 100, 1, 'buy', ['s2', 'carol', 0], ['b1', 'alice', 2]),
      e.done(16, 's2', 'carol', 'filled', 0),
      e.done(17, 's3', 'alice', 'self_trade_prevented', 1),
      e.fill(18, 101, 2, 'buy', ['s4', 'dave', 3], ['b1', 'alice', 0]),
      e.done(19, 'b1', 'alice', 'filled', 0),
      e.book(20, ['sell', 100, 0], ['sell', 101, 3]),
    ]);
    assert.equal(given.book.openOrder('s1'), undefined);
    assert.equal(given.book.openOrder('s3'), undefined);
    assert.equal(given.book.openOrder('s4')?.remainingLots, 3);
  });

  it('rests the taker after removing the own orders in its way', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2), limit('s2', 'alice', 'sell', 101, 1));

    const taker = limit('b1', 'alice', 'buy', 101, 4);
    assert.deepEqual(given.apply(taker), [
      e.accepted(7, taker),
      e.done(8, 's1', 'alice', 'self_trade_prevented', 2),
      e.done(9, 's2', 'alice', 'self_trade_prevented', 1),
      e.rested(10, 'b1', 'alice', 'buy', 101, 4),
      e.book(11, ['buy', 101, 4], ['sell', 100, 0], ['sell', 101, 0]),
    ]);
    assert.equal(given.book.bestAsk(), null);
  });

  it('leaves own orders beyond the taker limit alone', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 102, 1), limit('s2', 'carol', 'sell', 100, 1));

    const taker = limit('b1', 'alice', 'buy', 101, 2);
    assert.deepEqual(given.apply(taker), [
      e.accepted(7, taker),
      e.fill(8, 100, 1, 'buy', ['s2', 'carol', 0], ['b1', 'alice', 1]),
      e.done(9, 's2', 'carol', 'filled', 0),
      e.rested(10, 'b1', 'alice', 'buy', 101, 1),
      e.book(11, ['buy', 101, 1], ['sell', 100, 0]),
    ]);
    assert.equal(given.book.openOrder('s1')?.remainingLots, 1);
  });

  it('answers a market order that only met own orders with no_liquidity', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2));

    const order = market('m1', 'alice', 'buy', 3);
    assert.deepEqual(given.apply(order), [
      e.accepted(4, order),
      e.done(5, 's1', 'alice', 'self_trade_prevented', 2),
      e.done(6, 'm1', 'alice', 'no_liquidity', 3),
      e.book(7, ['sell', 100, 0]),
    ]);
  });

  it('cancels the rest of an IOC taker that only met own orders', () => {
    const given = new CheckedBook(books);
    given.apply(limit('b0', 'alice', 'buy', 100, 2));

    const taker = limit('s1', 'alice', 'sell', 100, 2, 'IOC');
    assert.deepEqual(given.apply(taker), [
      e.accepted(4, taker),
      e.done(5, 'b0', 'alice', 'self_trade_prevented', 2),
      e.done(6, 's1', 'alice', 'unfilled_ioc', 2),
      e.book(7, ['buy', 100, 0]),
    ]);
  });

  it('treats a maker removed by self-trade prevention as gone', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2), limit('b1', 'alice', 'buy', 100, 1));

    assertRejected(given.apply(cancel('s1', 'alice')), 8, 's1', 'alice', RejectCode.UNKNOWN_ORDER);
  });
});

/** carol's ask, then bob's own, then dave's, all at 100. */
const QUEUE = [
  limit('s1', 'carol', 'sell', 100, 1),
  limit('s2', 'bob', 'sell', 100, 2),
  limit('s3', 'dave', 'sell', 100, 5),
];
const bobBuys = (mode: SelfTradePrevention) => ({ ...limit('b1', 'bob', 'buy', 100, 4), selfTradePrevention: mode });

scenarios('self-trade prevention modes, chosen by the taker', [
  {
    name: 'cancel_taker: the taker stops at its own order, which stays',
    given: QUEUE,
    when: bobBuys('cancel_taker'),
    then: [
      t.accepted(bobBuys('cancel_taker')),
      t.fill(100, 1, 'buy', ['s1', 'carol', 0], ['b1', 'bob', 3]),
      t.done('s1', 'carol', 'filled', 0),
      t.done('b1', 'bob', 'self_trade_prevented', 3),
      t.book(['sell', 100, 7]),
    ],
    after: (book) => assert.equal(book.openOrder('s2')?.remainingLots, 2),
  },
  {
    name: 'cancel_both: the own order and the taker both go',
    given: QUEUE,
    when: bobBuys('cancel_both'),
    then: [
      t.accepted(bobBuys('cancel_both')),
      t.fill(100, 1, 'buy', ['s1', 'carol', 0], ['b1', 'bob', 3]),
      t.done('s1', 'carol', 'filled', 0),
      t.done('s2', 'bob', 'self_trade_prevented', 2),
      t.done('b1', 'bob', 'self_trade_prevented', 3),
      t.book(['sell', 100, 5]),
    ],
  },
  {
    name: 'cancel_maker (the default, also when named): the taker matches on past its own order',
    given: QUEUE,
    when: bobBuys('cancel_maker'),
    then: [
      t.accepted(bobBuys('cancel_maker')),
      t.fill(100, 1, 'buy', ['s1', 'carol', 0], ['b1', 'bob', 3]),
      t.done('s1', 'carol', 'filled', 0),
      t.done('s2', 'bob', 'self_trade_prevented', 2),
      t.fill(100, 3, 'buy', ['s3', 'dave', 2], ['b1', 'bob', 0]),
      t.done('b1', 'bob', 'filled', 0),
      t.book(['sell', 100, 2]),
    ],
  },
  {
    name: 'an unknown mode is rejected',
    when: bobBuys('cancel_nobody' as SelfTradePrevention),
    then: [t.rejected('b1', 'bob', RejectCode.INVALID_ORDER_OPTIONS)],
  },
]);
