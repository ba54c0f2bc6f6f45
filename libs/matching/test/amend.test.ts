import assert from 'node:assert/strict';
import type { MatchingBook } from '../src';
import { RejectCode } from '@exchange/domain';
import { amend, limit, mark, status, stop } from './fixtures';
import { scenarios, then as t } from './scenarios';

/** An ask at 105 and two bids at 100: bob's first in the queue, carol's second. */
const BOOK = [
  limit('s1', 'alice', 'sell', 105, 5),
  limit('b1', 'bob', 'buy', 100, 5),
  limit('b2', 'carol', 'buy', 100, 5),
];

const queue = (book: MatchingBook) => book.snapshot().resting.map((order) => order.orderId);

scenarios('amend', [
  {
    name: 'reducing only the size keeps time priority',
    given: BOOK,
    when: amend('b1', 'bob', { sizeLots: 3 }),
    then: [t.amended('b1', 'bob', [100, 3, 3], true), t.book(['buy', 100, 8])],
    after: (book) => assert.deepEqual(queue(book), ['b1', 'b2', 's1']),
  },
  {
    name: 'a larger size loses it: the order goes to the back of its level',
    given: BOOK,
    when: amend('b1', 'bob', { sizeLots: 6 }),
    then: [t.amended('b1', 'bob', [100, 6, 6], false), t.rested('b1', 'bob', 'buy', 100, 6), t.book(['buy', 100, 11])],
    after: (book) => assert.deepEqual(queue(book), ['b2', 'b1', 's1']),
  },
  {
    name: 'a new price loses it',
    given: BOOK,
    when: amend('b1', 'bob', { priceTicks: 101 }),
    then: [
      t.amended('b1', 'bob', [101, 5, 5], false),
      t.rested('b1', 'bob', 'buy', 101, 5),
      t.book(['buy', 101, 5], ['buy', 100, 5]),
    ],
  },
  {
    name: 'a new price that crosses trades at once, as a taker',
    given: BOOK,
    when: amend('b1', 'bob', { priceTicks: 105, sizeLots: 7 }),
    then: [
      t.amended('b1', 'bob', [105, 7, 7], false),
      t.fill(105, 5, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 2]),
      t.done('s1', 'alice', 'filled', 0),
      t.rested('b1', 'bob', 'buy', 105, 2),
      t.book(['buy', 105, 2], ['buy', 100, 5], ['sell', 105, 0]),
    ],
  },
  {
    name: 'the new size counts what was already filled',
    given: [...BOOK, limit('x1', 'dave', 'sell', 100, 2)],
    when: amend('b1', 'bob', { sizeLots: 4 }),
    then: [t.amended('b1', 'bob', [100, 4, 2], true), t.book(['buy', 100, 7])],
  },
  {
    name: 'the same terms change nothing on the book',
    given: BOOK,
    when: amend('b1', 'bob', { priceTicks: 100, sizeLots: 5 }),
    then: [t.amended('b1', 'bob', [100, 5, 5], true)],
  },
  {
    name: 'a post-only order is re-priced behind the best opposite price, like a new one',
    given: [limit('s1', 'alice', 'sell', 105, 5), { ...limit('p1', 'bob', 'buy', 100, 2), postOnly: 'reprice' }],
    when: amend('p1', 'bob', { priceTicks: 106 }),
    then: [
      t.amended('p1', 'bob', [104, 2, 2], false),
      t.rested('p1', 'bob', 'buy', 104, 2),
      t.book(['buy', 104, 2], ['buy', 100, 0]),
    ],
  },
  {
    name: 'a reduce-only order is capped to the position',
    options: { positions: { bob: 3 } },
    given: [{ ...limit('r1', 'bob', 'sell', 105, 2), reduceOnly: true }],
    when: amend('r1', 'bob', { sizeLots: 5 }),
    then: [t.amended('r1', 'bob', [105, 3, 3], false), t.rested('r1', 'bob', 'sell', 105, 3), t.book(['sell', 105, 3])],
  },
  {
    name: 'side, type or reduce-only sent unchanged are fine',
    given: BOOK,
    when: amend('b1', 'bob', { side: 'buy', type: 'limit', reduceOnly: false, sizeLots: 4 }),
    then: [t.amended('b1', 'bob', [100, 4, 4], true), t.book(['buy', 100, 9])],
  },
]);

scenarios('amend rejections', [
  ...(
    [
      ['a new side', amend('b1', 'bob', { side: 'sell' }), RejectCode.AMEND_NOT_ALLOWED],
      ['a new type', amend('b1', 'bob', { type: 'market' }), RejectCode.AMEND_NOT_ALLOWED],
      ['a new reduce-only flag', amend('b1', 'bob', { reduceOnly: true }), RejectCode.AMEND_NOT_ALLOWED],
      ['nothing to change', amend('b1', 'bob', {}), RejectCode.AMEND_NOT_ALLOWED],
      ["another account's order", amend('b1', 'mallory', { sizeLots: 1 }), RejectCode.UNKNOWN_ORDER],
      ['an unknown order', amend('nope', 'bob', { sizeLots: 1 }), RejectCode.UNKNOWN_ORDER],
      ['a size of 0', amend('b1', 'bob', { sizeLots: 0 }), RejectCode.INVALID_SIZE],
      ['a fractional price', amend('b1', 'bob', { priceTicks: 100.5 }), RejectCode.INVALID_PRICE],
      ['another market', { ...amend('b1', 'bob', { sizeLots: 1 }), market: 'ETH-PERP' }, RejectCode.UNKNOWN_MARKET],
    ] as const
  ).map(([what, command, code]) => ({
    name: `rejects ${what}`,
    given: BOOK,
    when: command,
    then: [t.rejected(command.orderId, command.accountId, code)],
  })),
  {
    name: 'rejects a size not above what was filled',
    given: [...BOOK, limit('x1', 'dave', 'sell', 100, 2)],
    when: amend('b1', 'bob', { sizeLots: 2 }),
    then: [t.rejected('b1', 'bob', RejectCode.INVALID_SIZE)],
  },
  {
    name: 'rejects a size below the market minimum',
    market: { minSizeLots: 5 },
    given: BOOK,
    when: amend('b1', 'bob', { sizeLots: 4 }),
    then: [t.rejected('b1', 'bob', RejectCode.SIZE_BELOW_MINIMUM)],
  },
  {
    name: 'rejects a new price outside the band',
    given: [...BOOK, mark(100)],
    when: amend('b1', 'bob', { priceTicks: 94 }),
    then: [t.rejected('b1', 'bob', RejectCode.PRICE_OUTSIDE_BAND)],
  },
  {
    name: 'rejects a post-only order that would take (reject mode)',
    given: [limit('s1', 'alice', 'sell', 105, 5), { ...limit('p1', 'bob', 'buy', 100, 2), postOnly: 'reject' }],
    when: amend('p1', 'bob', { priceTicks: 105 }),
    then: [t.rejected('p1', 'bob', RejectCode.POST_ONLY_WOULD_TAKE)],
  },
  {
    name: 'rejects an untriggered conditional order',
    given: [mark(100), stop('st', 'bob', 'buy', 1, { at: 102, priceTicks: 103 })],
    when: amend('st', 'bob', { priceTicks: 104 }),
    then: [t.rejected('st', 'bob', RejectCode.AMEND_NOT_ALLOWED)],
  },
  {
    name: 'rejects amends while the market is cancel_only',
    given: [...BOOK, status('cancel_only')],
    when: amend('b1', 'bob', { sizeLots: 3 }),
    then: [t.rejected('b1', 'bob', RejectCode.MARKET_NOT_ACCEPTING_ORDERS)],
  },
  {
    name: 'rejects a crossing price in a post_only market',
    given: [...BOOK, status('post_only')],
    when: amend('b1', 'bob', { priceTicks: 105 }),
    then: [t.rejected('b1', 'bob', RejectCode.MARKET_NOT_ACCEPTING_ORDERS)],
  },
]);
