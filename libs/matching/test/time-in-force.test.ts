import assert from 'node:assert/strict';
import type { PlaceOrder } from '@exchange/contracts';
import { RejectCode } from '@exchange/domain';
import { clock, limit, mark, market, stop } from './fixtures';
import { scenarios, then as t } from './scenarios';

const gtd = (order: PlaceOrder, expiresAtUs: number): PlaceOrder => ({ ...order, timeInForce: 'GTD', expiresAtUs });
const fok = (order: PlaceOrder): PlaceOrder => ({ ...order, timeInForce: 'FOK' });

scenarios('GTD: good till a clock command reaches the expiry', [
  {
    name: 'a GTD order rests like a GTC order',
    when: gtd(limit('g1', 'alice', 'buy', 100, 2), 5000),
    then: [
      t.accepted(gtd(limit('g1', 'alice', 'buy', 100, 2), 5000)),
      t.rested('g1', 'alice', 'buy', 100, 2),
      t.book(['buy', 100, 2]),
    ],
  },
  {
    name: 'a clock before the expiry changes nothing',
    given: [gtd(limit('g1', 'alice', 'buy', 100, 2), 5000)],
    when: clock(4999),
    then: [],
  },
  {
    name: 'a clock at the expiry expires it with its open size',
    given: [gtd(limit('g1', 'alice', 'sell', 100, 5), 5000), limit('b1', 'bob', 'buy', 100, 2)],
    when: clock(5000),
    then: [t.done('g1', 'alice', 'expired', 3), t.book(['sell', 100, 0])],
  },
  {
    name: 'orders expire earliest expiry first, equal expiries by acceptance, resting and waiting alike',
    given: [
      gtd(limit('g1', 'alice', 'buy', 99, 1), 6000),
      gtd(limit('g2', 'bob', 'buy', 98, 1), 5000),
      gtd(limit('g3', 'carol', 'sell', 105, 1), 5000),
      gtd(stop('st', 'dave', 'buy', 1, { at: 200 }), 5500),
      limit('keep', 'erin', 'buy', 97, 1),
    ],
    when: clock(7000),
    then: [
      t.done('g2', 'bob', 'expired', 1),
      t.done('g3', 'carol', 'expired', 1),
      t.done('st', 'dave', 'expired', 1),
      t.done('g1', 'alice', 'expired', 1),
      t.book(['buy', 99, 0], ['buy', 98, 0], ['sell', 105, 0]),
    ],
    after: (book) => assert.deepEqual(book.depth(5).bids, [{ priceTicks: 97, sizeLots: 1 }]),
  },
  {
    name: 'engine time never goes back, and a GTD order must expire after it',
    given: [clock(5000), clock(4000)],
    when: gtd(limit('g1', 'alice', 'buy', 100, 1), 5000),
    then: [t.rejected('g1', 'alice', RejectCode.INVALID_EXPIRY)],
  },
  {
    name: 'a GTD order placed after an earlier clock is accepted',
    given: [clock(5000)],
    when: gtd(limit('g1', 'alice', 'buy', 100, 1), 5001),
    then: [
      t.accepted(gtd(limit('g1', 'alice', 'buy', 100, 1), 5001)),
      t.rested('g1', 'alice', 'buy', 100, 1),
      t.book(['buy', 100, 1]),
    ],
  },
  ...(
    [
      ['GTD without an expiry', { ...limit('x', 'bob', 'buy', 100, 1), timeInForce: 'GTD' }],
      ['GTC with an expiry', { ...limit('x', 'bob', 'buy', 100, 1), expiresAtUs: 9000 }],
      ['a fractional expiry', gtd(limit('x', 'bob', 'buy', 100, 1), 9000.5)],
    ] as const
  ).map(([what, order]) => ({
    name: `rejects ${what}`,
    when: order as PlaceOrder,
    then: [t.rejected('x', 'bob', RejectCode.INVALID_EXPIRY)],
  })),
]);

const asks = [limit('s1', 'alice', 'sell', 100, 2), limit('s2', 'carol', 'sell', 101, 3)];

scenarios('FOK: fills completely at once or not at all', [
  {
    name: 'fills completely across levels',
    given: asks,
    when: fok(limit('b1', 'bob', 'buy', 101, 5)),
    then: [
      t.accepted(fok(limit('b1', 'bob', 'buy', 101, 5))),
      t.fill(100, 2, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 3]),
      t.done('s1', 'alice', 'filled', 0),
      t.fill(101, 3, 'buy', ['s2', 'carol', 0], ['b1', 'bob', 0]),
      t.done('s2', 'carol', 'filled', 0),
      t.done('b1', 'bob', 'filled', 0),
      t.book(['sell', 100, 0], ['sell', 101, 0]),
    ],
  },
  {
    name: 'is killed without fills and without a book change when the book cannot fill it',
    given: asks,
    when: fok(limit('b1', 'bob', 'buy', 101, 6)),
    then: [t.accepted(fok(limit('b1', 'bob', 'buy', 101, 6))), t.done('b1', 'bob', 'unfilled_fok', 6)],
    after: (book) =>
      assert.deepEqual(book.depth(5).asks, [
        { priceTicks: 100, sizeLots: 2 },
        { priceTicks: 101, sizeLots: 3 },
      ]),
  },
  {
    name: 'counts only the liquidity within its limit',
    given: asks,
    when: fok(limit('b1', 'bob', 'buy', 100, 3)),
    then: [t.accepted(fok(limit('b1', 'bob', 'buy', 100, 3))), t.done('b1', 'bob', 'unfilled_fok', 3)],
  },
  {
    name: 'a market FOK counts only the liquidity within the price band',
    given: [mark(100), limit('s1', 'alice', 'sell', 105, 1), limit('s2', 'alice', 'sell', 106, 1)],
    when: fok(market('m1', 'bob', 'buy', 2)),
    then: [t.accepted(fok(market('m1', 'bob', 'buy', 2))), t.done('m1', 'bob', 'unfilled_fok', 2)],
  },
  {
    name: 'with cancel_maker it skips its own orders, and leaves them when it cannot fill',
    given: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'carol', 'sell', 100, 2)],
    when: fok(limit('b1', 'bob', 'buy', 100, 3)),
    then: [t.accepted(fok(limit('b1', 'bob', 'buy', 100, 3))), t.done('b1', 'bob', 'unfilled_fok', 3)],
    after: (book) => assert.equal(book.openOrder('s1')?.remainingLots, 2),
  },
  {
    name: 'with cancel_maker it cancels the own orders it meets when it fills',
    given: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'carol', 'sell', 100, 2)],
    when: fok(limit('b1', 'bob', 'buy', 100, 2)),
    then: [
      t.accepted(fok(limit('b1', 'bob', 'buy', 100, 2))),
      t.done('s1', 'bob', 'self_trade_prevented', 2),
      t.fill(100, 2, 'buy', ['s2', 'carol', 0], ['b1', 'bob', 0]),
      t.done('s2', 'carol', 'filled', 0),
      t.done('b1', 'bob', 'filled', 0),
      t.book(['sell', 100, 0]),
    ],
  },
  {
    name: 'with cancel_taker an own order before the fill completes kills it',
    given: [
      limit('s1', 'carol', 'sell', 100, 1),
      limit('s2', 'bob', 'sell', 100, 1),
      limit('s3', 'dave', 'sell', 100, 5),
    ],
    when: { ...fok(limit('b1', 'bob', 'buy', 100, 3)), selfTradePrevention: 'cancel_taker' },
    then: [
      t.accepted({ ...fok(limit('b1', 'bob', 'buy', 100, 3)), selfTradePrevention: 'cancel_taker' }),
      t.done('b1', 'bob', 'unfilled_fok', 3),
    ],
  },
  {
    name: "counts a reduce-only maker only for what its account's position can still close",
    options: { positions: { carol: 3 } },
    given: [
      { ...limit('s1', 'carol', 'sell', 100, 3), reduceOnly: true },
      { ...limit('s2', 'carol', 'sell', 100, 3), reduceOnly: true },
    ],
    when: fok(limit('b1', 'bob', 'buy', 100, 4)),
    then: [t.accepted(fok(limit('b1', 'bob', 'buy', 100, 4))), t.done('b1', 'bob', 'unfilled_fok', 4)],
  },
  {
    name: 'fills against a reduce-only maker, whose account then cancels its other reduce-only order',
    options: { positions: { carol: 3 } },
    given: [
      { ...limit('s1', 'carol', 'sell', 100, 3), reduceOnly: true },
      { ...limit('s2', 'carol', 'sell', 100, 3), reduceOnly: true },
    ],
    when: fok(limit('b1', 'bob', 'buy', 100, 3)),
    then: [
      t.accepted(fok(limit('b1', 'bob', 'buy', 100, 3))),
      t.fill(100, 3, 'buy', ['s1', 'carol', 0], ['b1', 'bob', 0]),
      t.done('s1', 'carol', 'filled', 0),
      t.done('s2', 'carol', 'reduce_only', 3),
      t.done('b1', 'bob', 'filled', 0),
      t.book(['sell', 100, 0]),
    ],
  },
]);
