import assert from 'node:assert/strict';
import type { PlaceOrder } from '@exchange/contracts';
import { RejectCode, type PostOnlyMode } from '@exchange/domain';
import { limit, market, setPosition, stop } from './fixtures';
import { scenarios, then as t } from './scenarios';

const postOnly = (order: PlaceOrder, mode: PostOnlyMode = 'reject'): PlaceOrder => ({ ...order, postOnly: mode });
const reduceOnly = (order: PlaceOrder): PlaceOrder => ({ ...order, reduceOnly: true });

scenarios('post-only orders', [
  {
    name: 'rest when they would not take',
    given: [limit('s1', 'alice', 'sell', 101, 1)],
    when: postOnly(limit('p1', 'bob', 'buy', 100, 2)),
    then: [
      t.accepted(postOnly(limit('p1', 'bob', 'buy', 100, 2))),
      t.rested('p1', 'bob', 'buy', 100, 2),
      t.book(['buy', 100, 2]),
    ],
  },
  {
    name: 'are rejected when they would take (the default mode)',
    given: [limit('s1', 'alice', 'sell', 101, 1)],
    when: postOnly(limit('p1', 'bob', 'buy', 101, 2)),
    then: [t.rejected('p1', 'bob', RejectCode.POST_ONLY_WOULD_TAKE)],
    after: (book) => assert.equal(book.hasSeenOrder('p1'), false),
  },
  {
    name: 'a buy in reprice mode rests one tick below the best ask',
    given: [limit('s1', 'alice', 'sell', 101, 1)],
    when: postOnly(limit('p1', 'bob', 'buy', 103, 2), 'reprice'),
    then: [
      t.accepted(postOnly(limit('p1', 'bob', 'buy', 103, 2), 'reprice')),
      t.rested('p1', 'bob', 'buy', 100, 2),
      t.book(['buy', 100, 2]),
    ],
  },
  {
    name: 'a sell in reprice mode rests one tick above the best bid',
    given: [limit('b1', 'alice', 'buy', 100, 1)],
    when: postOnly(limit('p1', 'bob', 'sell', 99, 2), 'reprice'),
    then: [
      t.accepted(postOnly(limit('p1', 'bob', 'sell', 99, 2), 'reprice')),
      t.rested('p1', 'bob', 'sell', 101, 2),
      t.book(['sell', 101, 2]),
    ],
  },
  {
    name: 'a reprice below one tick is impossible: rejected',
    given: [limit('s1', 'alice', 'sell', 1, 1)],
    when: postOnly(limit('p1', 'bob', 'buy', 1, 2), 'reprice'),
    then: [t.rejected('p1', 'bob', RejectCode.POST_ONLY_WOULD_TAKE)],
  },
  {
    name: 'a repriced order is welcome in a post_only market',
    market: { status: 'post_only' },
    given: [limit('s1', 'alice', 'sell', 101, 1)],
    when: postOnly(limit('p1', 'bob', 'buy', 105, 2), 'reprice'),
    then: [
      t.accepted(postOnly(limit('p1', 'bob', 'buy', 105, 2), 'reprice')),
      t.rested('p1', 'bob', 'buy', 100, 2),
      t.book(['buy', 100, 2]),
    ],
  },
  ...(
    [
      ['IOC', postOnly(limit('p1', 'bob', 'buy', 100, 1, 'IOC'))],
      ['FOK', postOnly(limit('p1', 'bob', 'buy', 100, 1, 'FOK'))],
      ['a market order', postOnly(market('p1', 'bob', 'buy', 1))],
      ['a conditional order', postOnly(stop('p1', 'bob', 'buy', 1, { at: 150, priceTicks: 150 }))],
      ['an unknown mode', { ...limit('p1', 'bob', 'buy', 100, 1), postOnly: 'maybe' as PostOnlyMode }],
    ] as const
  ).map(([what, order]) => ({
    name: `cannot be ${what}`,
    when: order,
    then: [t.rejected('p1', 'bob', RejectCode.INVALID_ORDER_OPTIONS)],
  })),
]);

scenarios('reduce-only orders', [
  {
    name: 'are rejected while the position is flat',
    when: reduceOnly(limit('r1', 'bob', 'sell', 100, 1)),
    then: [t.rejected('r1', 'bob', RejectCode.REDUCE_ONLY_WOULD_INCREASE)],
  },
  {
    name: "are rejected on the position's own side",
    options: { positions: { bob: 5 } },
    when: reduceOnly(limit('r1', 'bob', 'buy', 100, 1)),
    then: [t.rejected('r1', 'bob', RejectCode.REDUCE_ONLY_WOULD_INCREASE)],
  },
  {
    name: 'are capped to the position they can close',
    options: { positions: { bob: 3 } },
    when: reduceOnly(limit('r1', 'bob', 'sell', 100, 5)),
    then: [
      t.accepted(reduceOnly(limit('r1', 'bob', 'sell', 100, 5)), { sizeLots: 3 }),
      t.rested('r1', 'bob', 'sell', 100, 3),
      t.book(['sell', 100, 3]),
    ],
  },
  {
    name: 'a reduce-only taker trades no more than the position',
    options: { positions: { bob: 2 } },
    given: [limit('b1', 'alice', 'buy', 100, 5)],
    when: reduceOnly(market('m1', 'bob', 'sell', 4)),
    then: [
      t.accepted(reduceOnly(market('m1', 'bob', 'sell', 4)), { sizeLots: 2 }),
      t.fill(100, 2, 'sell', ['b1', 'alice', 3], ['m1', 'bob', 0]),
      t.done('m1', 'bob', 'filled', 0),
      t.book(['buy', 100, 3]),
    ],
    after: (book) => assert.equal(book.positionOf('bob'), 0),
  },
  {
    name: 'the book keeps each position from its own fills',
    given: [limit('s1', 'alice', 'sell', 100, 3), limit('b1', 'bob', 'buy', 100, 3)],
    when: reduceOnly(limit('r1', 'bob', 'sell', 101, 5)),
    then: [
      t.accepted(reduceOnly(limit('r1', 'bob', 'sell', 101, 5)), { sizeLots: 3 }),
      t.rested('r1', 'bob', 'sell', 101, 3),
      t.book(['sell', 101, 3]),
    ],
    after: (book) => {
      assert.equal(book.positionOf('bob'), 3);
      assert.equal(book.positionOf('alice'), -3);
    },
  },
  {
    name: 'a resting one shrinks in place when another fill shrinks the position',
    options: { positions: { bob: 5 } },
    given: [reduceOnly(limit('r1', 'bob', 'sell', 105, 5)), limit('s2', 'bob', 'sell', 104, 3)],
    when: limit('b1', 'alice', 'buy', 104, 3),
    then: [
      t.accepted(limit('b1', 'alice', 'buy', 104, 3)),
      t.fill(104, 3, 'buy', ['s2', 'bob', 0], ['b1', 'alice', 0]),
      t.done('s2', 'bob', 'filled', 0),
      t.amended('r1', 'bob', [105, 2, 2], true, 'reduce_only'),
      t.done('b1', 'alice', 'filled', 0),
      t.book(['sell', 104, 0], ['sell', 105, 2]),
    ],
  },
  {
    name: 'a resting one is cancelled when the position is closed',
    options: { positions: { bob: 3 } },
    given: [reduceOnly(limit('r1', 'bob', 'sell', 105, 3)), limit('s2', 'bob', 'sell', 104, 3)],
    when: limit('b1', 'alice', 'buy', 104, 3),
    then: [
      t.accepted(limit('b1', 'alice', 'buy', 104, 3)),
      t.fill(104, 3, 'buy', ['s2', 'bob', 0], ['b1', 'alice', 0]),
      t.done('s2', 'bob', 'filled', 0),
      t.done('r1', 'bob', 'reduce_only', 3),
      t.done('b1', 'alice', 'filled', 0),
      t.book(['sell', 104, 0], ['sell', 105, 0]),
    ],
  },
  {
    name: 'several shrink in acceptance order, each only as far as needed',
    options: { positions: { bob: 4 } },
    given: [
      reduceOnly(limit('r1', 'bob', 'sell', 105, 4)),
      reduceOnly(limit('r2', 'bob', 'sell', 106, 4)),
      reduceOnly(limit('r3', 'bob', 'sell', 107, 3)),
    ],
    when: limit('b1', 'alice', 'buy', 105, 1),
    then: [
      t.accepted(limit('b1', 'alice', 'buy', 105, 1)),
      t.fill(105, 1, 'buy', ['r1', 'bob', 3], ['b1', 'alice', 0]),
      t.amended('r2', 'bob', [106, 3, 3], true, 'reduce_only'),
      t.done('b1', 'alice', 'filled', 0),
      t.book(['sell', 105, 3], ['sell', 106, 3]),
    ],
  },
  {
    name: 'a position set by command shrinks them',
    options: { positions: { bob: 5 } },
    given: [reduceOnly(limit('r1', 'bob', 'sell', 105, 5))],
    when: setPosition('bob', 2),
    then: [t.amended('r1', 'bob', [105, 2, 2], true, 'reduce_only'), t.book(['sell', 105, 2])],
  },
  {
    name: 'a position set to the other side cancels them',
    options: { positions: { bob: 5 } },
    given: [reduceOnly(limit('r1', 'bob', 'sell', 105, 5))],
    when: setPosition('bob', -1),
    then: [t.done('r1', 'bob', 'reduce_only', 5), t.book(['sell', 105, 0])],
  },
  {
    name: 'a growing position does not grow them back',
    options: { positions: { bob: 2 } },
    given: [reduceOnly(limit('r1', 'bob', 'sell', 105, 2))],
    when: setPosition('bob', 10),
    then: [],
    after: (book) => assert.equal(book.openOrder('r1')?.remainingLots, 2),
  },
]);
