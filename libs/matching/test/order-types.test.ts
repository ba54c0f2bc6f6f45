import assert from 'node:assert/strict';
import { RejectCode } from '@exchange/domain';
import { cancel, limit, mark, market, setPosition, status, stop, takeProfit } from './fixtures';
import { scenarios, then as t } from './scenarios';

// With mark 100 and the default 5% band, prices must lie in [95, 105].

scenarios('market orders within the price band', [
  {
    name: 'a market buy never fills above mark x (1 + band)',
    given: [mark(100), limit('s1', 'alice', 'sell', 104, 1), limit('s2', 'alice', 'sell', 105, 1)],
    when: market('m1', 'bob', 'buy', 5),
    then: [
      t.accepted(market('m1', 'bob', 'buy', 5)),
      t.fill(104, 1, 'buy', ['s1', 'alice', 0], ['m1', 'bob', 4]),
      t.done('s1', 'alice', 'filled', 0),
      t.fill(105, 1, 'buy', ['s2', 'alice', 0], ['m1', 'bob', 3]),
      t.done('s2', 'alice', 'filled', 0),
      t.done('m1', 'bob', 'unfilled_ioc', 3),
      t.book(['sell', 104, 0], ['sell', 105, 0]),
    ],
  },
  {
    name: 'a market sell never fills below mark x (1 - band), even against bids placed before the mark',
    given: [limit('b1', 'alice', 'buy', 96, 1), limit('b2', 'alice', 'buy', 94, 2), mark(100)],
    when: market('m1', 'bob', 'sell', 3),
    then: [
      t.accepted(market('m1', 'bob', 'sell', 3)),
      t.fill(96, 1, 'sell', ['b1', 'alice', 0], ['m1', 'bob', 2]),
      t.done('b1', 'alice', 'filled', 0),
      t.done('m1', 'bob', 'unfilled_ioc', 2),
      t.book(['buy', 96, 0]),
    ],
    after: (book) => assert.deepEqual(book.depth(5).bids, [{ priceTicks: 94, sizeLots: 2 }]),
  },
  {
    name: 'a market order that finds nothing inside the band is done without liquidity',
    given: [limit('b1', 'alice', 'buy', 94, 1), mark(100)],
    when: market('m1', 'bob', 'sell', 1),
    then: [t.accepted(market('m1', 'bob', 'sell', 1)), t.done('m1', 'bob', 'no_liquidity', 1)],
  },
  {
    name: 'the band moves with the mark',
    given: [limit('s1', 'alice', 'sell', 110, 1), mark(100), mark(105)],
    when: market('m1', 'bob', 'buy', 1),
    then: [
      t.accepted(market('m1', 'bob', 'buy', 1)),
      t.fill(110, 1, 'buy', ['s1', 'alice', 0], ['m1', 'bob', 0]),
      t.done('s1', 'alice', 'filled', 0),
      t.done('m1', 'bob', 'filled', 0),
      t.book(['sell', 110, 0]),
    ],
  },
  {
    name: 'the band width is set per market',
    options: { priceBandBps: 1000 },
    given: [mark(100)],
    when: limit('b1', 'bob', 'buy', 110, 1),
    then: [
      t.accepted(limit('b1', 'bob', 'buy', 110, 1)),
      t.rested('b1', 'bob', 'buy', 110, 1),
      t.book(['buy', 110, 1]),
    ],
  },
]);

scenarios('limit prices within the price band', [
  ...(
    [
      [100, 105, 'buy', true],
      [100, 106, 'buy', false],
      [100, 95, 'sell', true],
      [100, 94, 'sell', false],
      // The edges round inwards: mark 101 allows [ceil(95.95), floor(106.05)] = [96, 106].
      [101, 106, 'buy', true],
      [101, 107, 'buy', false],
      [101, 96, 'sell', true],
      [101, 95, 'sell', false],
    ] as const
  ).map(([markTicks, price, side, inside]) => ({
    name: `mark ${markTicks}: a ${side} at ${price} is ${inside ? 'accepted' : 'rejected'}`,
    given: [mark(markTicks)],
    when: limit('o1', 'bob', side, price, 1),
    then: inside
      ? [
          t.accepted(limit('o1', 'bob', side, price, 1)),
          t.rested('o1', 'bob', side, price, 1),
          t.book([side, price, 1]),
        ]
      : [t.rejected('o1', 'bob', RejectCode.PRICE_OUTSIDE_BAND)],
  })),
]);

const stopBuy = stop('st', 'bob', 'buy', 1, { at: 102 });

scenarios('stop and take-profit orders on the mark price', [
  {
    name: 'a stop order waits off the book',
    given: [mark(100)],
    when: stopBuy,
    then: [t.accepted(stopBuy)],
    after: (book) => {
      assert.equal(book.waitingOrderCount, 1);
      assert.equal(book.openOrderCount, 0);
    },
  },
  {
    name: 'a stop-market buy does not fire below its trigger',
    given: [mark(100), limit('s1', 'alice', 'sell', 103, 2), stopBuy],
    when: mark(101),
    then: [],
  },
  {
    name: 'a stop-market buy fires when the mark rises to its trigger and trades as a market order',
    given: [mark(100), limit('s1', 'alice', 'sell', 103, 2), stopBuy],
    when: mark(102),
    then: [
      t.triggered('st', 'bob', 'mark', 102, 102, 1),
      t.fill(103, 1, 'buy', ['s1', 'alice', 1], ['st', 'bob', 0]),
      t.done('st', 'bob', 'filled', 0),
      t.book(['sell', 103, 1]),
    ],
    after: (book) => assert.equal(book.waitingOrderCount, 0),
  },
  {
    name: 'a stop-market sell fires when the mark falls to its trigger',
    given: [mark(100), limit('b1', 'alice', 'buy', 97, 2), stop('st', 'bob', 'sell', 1, { at: 98 })],
    when: mark(97),
    then: [
      t.triggered('st', 'bob', 'mark', 98, 97, 1),
      t.fill(97, 1, 'sell', ['b1', 'alice', 1], ['st', 'bob', 0]),
      t.done('st', 'bob', 'filled', 0),
      t.book(['buy', 97, 1]),
    ],
  },
  {
    name: 'a stop-limit rests at its limit what it cannot fill',
    given: [mark(100), stop('st', 'bob', 'buy', 2, { at: 102, priceTicks: 103 })],
    when: mark(102),
    then: [
      t.triggered('st', 'bob', 'mark', 102, 102, 2),
      t.rested('st', 'bob', 'buy', 103, 2),
      t.book(['buy', 103, 2]),
    ],
  },
  {
    name: 'a take-profit-market sell fires when the mark rises to its trigger',
    given: [mark(100), limit('b1', 'alice', 'buy', 104, 1), takeProfit('tp', 'bob', 'sell', 1, { at: 104 })],
    when: mark(104),
    then: [
      t.triggered('tp', 'bob', 'mark', 104, 104, 1),
      t.fill(104, 1, 'sell', ['b1', 'alice', 0], ['tp', 'bob', 0]),
      t.done('b1', 'alice', 'filled', 0),
      t.done('tp', 'bob', 'filled', 0),
      t.book(['buy', 104, 0]),
    ],
  },
  {
    name: 'a take-profit-limit buy fires when the mark falls to its trigger',
    given: [mark(100), takeProfit('tp', 'bob', 'buy', 1, { at: 97, priceTicks: 97 })],
    when: mark(96),
    then: [t.triggered('tp', 'bob', 'mark', 97, 96, 1), t.rested('tp', 'bob', 'buy', 97, 1), t.book(['buy', 97, 1])],
  },
  {
    name: 'a move of the last price does not fire mark-price triggers',
    given: [mark(100), stopBuy, limit('s1', 'alice', 'sell', 103, 1)],
    when: limit('b1', 'carol', 'buy', 103, 1),
    then: [
      t.accepted(limit('b1', 'carol', 'buy', 103, 1)),
      t.fill(103, 1, 'buy', ['s1', 'alice', 0], ['b1', 'carol', 0]),
      t.done('s1', 'alice', 'filled', 0),
      t.done('b1', 'carol', 'filled', 0),
      t.book(['sell', 103, 0]),
    ],
  },
  {
    name: 'a cancelled conditional order never fires',
    given: [mark(100), stopBuy, cancel('st', 'bob')],
    when: mark(103),
    then: [],
  },
  {
    name: 'a waiting conditional order is cancelled without a book change',
    given: [mark(100), stopBuy],
    when: cancel('st', 'bob'),
    then: [t.done('st', 'bob', 'cancelled', 1)],
  },
]);

scenarios('stop orders on the last trade price', [
  {
    name: 'a last-price stop fires after the trade that reaches it',
    given: [
      limit('s1', 'alice', 'sell', 101, 1),
      limit('s2', 'carol', 'sell', 102, 1),
      stop('st', 'dave', 'buy', 1, { at: 101, by: 'last' }),
    ],
    when: limit('b1', 'bob', 'buy', 101, 1),
    then: [
      t.accepted(limit('b1', 'bob', 'buy', 101, 1)),
      t.fill(101, 1, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 0]),
      t.done('s1', 'alice', 'filled', 0),
      t.done('b1', 'bob', 'filled', 0),
      t.triggered('st', 'dave', 'last', 101, 101, 1),
      t.fill(102, 1, 'buy', ['s2', 'carol', 0], ['st', 'dave', 0]),
      t.done('s2', 'carol', 'filled', 0),
      t.done('st', 'dave', 'filled', 0),
      t.book(['sell', 101, 0], ['sell', 102, 0]),
    ],
  },
  {
    name: 'a fired order can reach further last-price triggers (a cascade, in one command)',
    given: [
      limit('s1', 'alice', 'sell', 101, 1),
      limit('s2', 'carol', 'sell', 102, 1),
      limit('s3', 'erin', 'sell', 103, 1),
      stop('st2', 'frank', 'buy', 1, { at: 102, by: 'last' }),
      stop('st1', 'dave', 'buy', 1, { at: 101, by: 'last' }),
    ],
    when: limit('b1', 'bob', 'buy', 101, 1),
    then: [
      t.accepted(limit('b1', 'bob', 'buy', 101, 1)),
      t.fill(101, 1, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 0]),
      t.done('s1', 'alice', 'filled', 0),
      t.done('b1', 'bob', 'filled', 0),
      t.triggered('st1', 'dave', 'last', 101, 101, 1),
      t.fill(102, 1, 'buy', ['s2', 'carol', 0], ['st1', 'dave', 0]),
      t.done('s2', 'carol', 'filled', 0),
      t.done('st1', 'dave', 'filled', 0),
      t.triggered('st2', 'frank', 'last', 102, 102, 1),
      t.fill(103, 1, 'buy', ['s3', 'erin', 0], ['st2', 'frank', 0]),
      t.done('s3', 'erin', 'filled', 0),
      t.done('st2', 'frank', 'filled', 0),
      t.book(['sell', 101, 0], ['sell', 102, 0], ['sell', 103, 0]),
    ],
  },
  {
    name: 'a mark move does not fire last-price triggers',
    given: [stop('st', 'dave', 'buy', 1, { at: 101, by: 'last' })],
    when: mark(105),
    then: [],
  },
]);

scenarios('the order in which triggers fire', [
  {
    name: 'a rising price fires the lowest trigger first, equal triggers by acceptance',
    given: [
      mark(100),
      stop('a', 'u1', 'buy', 1, { at: 102, priceTicks: 99 }),
      stop('b', 'u2', 'buy', 1, { at: 101, priceTicks: 98 }),
      stop('c', 'u3', 'buy', 1, { at: 101, priceTicks: 97 }),
      stop('d', 'u4', 'buy', 1, { at: 103, priceTicks: 97 }),
    ],
    when: mark(102),
    then: [
      t.triggered('b', 'u2', 'mark', 101, 102, 1),
      t.rested('b', 'u2', 'buy', 98, 1),
      t.triggered('c', 'u3', 'mark', 101, 102, 1),
      t.rested('c', 'u3', 'buy', 97, 1),
      t.triggered('a', 'u1', 'mark', 102, 102, 1),
      t.rested('a', 'u1', 'buy', 99, 1),
      t.book(['buy', 99, 1], ['buy', 98, 1], ['buy', 97, 1]),
    ],
    after: (book) => assert.equal(book.waitingOrderCount, 1),
  },
  {
    name: 'a falling price fires the highest trigger first',
    given: [
      mark(100),
      stop('x', 'u1', 'sell', 1, { at: 98, priceTicks: 100 }),
      stop('y', 'u2', 'sell', 1, { at: 99, priceTicks: 101 }),
    ],
    when: mark(97),
    then: [
      t.triggered('y', 'u2', 'mark', 99, 97, 1),
      t.rested('y', 'u2', 'sell', 101, 1),
      t.triggered('x', 'u1', 'mark', 98, 97, 1),
      t.rested('x', 'u1', 'sell', 100, 1),
      t.book(['sell', 100, 1], ['sell', 101, 1]),
    ],
  },
  {
    name: 'mark-price triggers fire before the last-price triggers a fired order reaches',
    given: [
      mark(100),
      limit('s1', 'alice', 'sell', 101, 1),
      limit('s2', 'alice', 'sell', 102, 1),
      stop('m1', 'bob', 'buy', 1, { at: 101 }),
      stop('l1', 'carol', 'buy', 1, { at: 101, by: 'last' }),
      stop('m2', 'dave', 'buy', 1, { at: 101, priceTicks: 99 }),
    ],
    when: mark(101),
    then: [
      t.triggered('m1', 'bob', 'mark', 101, 101, 1),
      t.fill(101, 1, 'buy', ['s1', 'alice', 0], ['m1', 'bob', 0]),
      t.done('s1', 'alice', 'filled', 0),
      t.done('m1', 'bob', 'filled', 0),
      t.triggered('m2', 'dave', 'mark', 101, 101, 1),
      t.rested('m2', 'dave', 'buy', 99, 1),
      t.triggered('l1', 'carol', 'last', 101, 101, 1),
      t.fill(102, 1, 'buy', ['s2', 'alice', 0], ['l1', 'carol', 0]),
      t.done('s2', 'alice', 'filled', 0),
      t.done('l1', 'carol', 'filled', 0),
      t.book(['buy', 99, 1], ['sell', 101, 0], ['sell', 102, 0]),
    ],
  },
]);

scenarios('conditional orders: placing and firing rules', [
  ...(
    [
      ['a buy stop at the mark', stop('st', 'bob', 'buy', 1, { at: 100 })],
      ['a sell stop above the mark', stop('st', 'bob', 'sell', 1, { at: 101 })],
      ['a buy take-profit above the mark', takeProfit('tp', 'bob', 'buy', 1, { at: 101 })],
    ] as const
  ).map(([what, order]) => ({
    name: `rejects ${what}: it would trigger immediately`,
    given: [mark(100)],
    when: order,
    then: [t.rejected(order.orderId, 'bob', RejectCode.WOULD_TRIGGER_IMMEDIATELY)],
  })),
  {
    name: 'rejects a last-price stop the last trade has already reached',
    given: [limit('s1', 'alice', 'sell', 100, 1), limit('b1', 'carol', 'buy', 100, 1)],
    when: stop('st', 'bob', 'sell', 1, { at: 100, by: 'last' }),
    then: [t.rejected('st', 'bob', RejectCode.WOULD_TRIGGER_IMMEDIATELY)],
  },
  {
    name: 'without a reference price an order waits, and fires on the first price that reaches it',
    given: [stop('st', 'bob', 'buy', 1, { at: 50, priceTicks: 60 })],
    when: mark(60),
    then: [t.triggered('st', 'bob', 'mark', 50, 60, 1), t.rested('st', 'bob', 'buy', 60, 1), t.book(['buy', 60, 1])],
  },
  {
    name: 'a fired limit order outside the band at that moment is done as trigger_rejected',
    given: [stop('st', 'bob', 'buy', 1, { at: 50, priceTicks: 55 })],
    when: mark(60),
    then: [t.triggered('st', 'bob', 'mark', 50, 60, 1), t.done('st', 'bob', 'trigger_rejected', 1)],
  },
  {
    name: 'triggers wait while the market is halted and fire when it reopens',
    given: [mark(100), stop('st', 'bob', 'buy', 1, { at: 102, priceTicks: 104 }), status('halted'), mark(103)],
    when: status('active'),
    then: [
      t.status('active'),
      t.triggered('st', 'bob', 'mark', 102, 103, 1),
      t.rested('st', 'bob', 'buy', 104, 1),
      t.book(['buy', 104, 1]),
    ],
  },
  {
    name: 'a reduce-only stop is capped to the position when it fires',
    options: { positions: { bob: 3 } },
    given: [
      mark(100),
      limit('b1', 'alice', 'buy', 97, 10),
      { ...stop('st', 'bob', 'sell', 5, { at: 98 }), reduceOnly: true },
    ],
    when: mark(98),
    then: [
      t.triggered('st', 'bob', 'mark', 98, 98, 3),
      t.fill(97, 3, 'sell', ['b1', 'alice', 7], ['st', 'bob', 0]),
      t.done('st', 'bob', 'filled', 0),
      t.book(['buy', 97, 7]),
    ],
    after: (book) => assert.equal(book.positionOf('bob'), 0),
  },
  {
    name: 'a reduce-only stop that can no longer reduce is done as reduce_only',
    given: [mark(100), { ...stop('st', 'bob', 'sell', 5, { at: 98 }), reduceOnly: true }, setPosition('bob', -2)],
    when: mark(98),
    then: [t.triggered('st', 'bob', 'mark', 98, 98, 5), t.done('st', 'bob', 'reduce_only', 5)],
  },
]);
