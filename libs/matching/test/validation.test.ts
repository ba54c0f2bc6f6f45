import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlaceOrder } from '@exchange/contracts';
import { MAX_UNITS, RejectCode, type MarketStatus, type Side, type TimeInForce } from '@exchange/domain';
import {
  BTC_PERP,
  CheckedBook,
  T0_US,
  assertRejected,
  cancel,
  describeBooks,
  expected as e,
  limit,
  market,
  stop,
  type BookImplementation,
} from './fixtures';
import { scenarios, then as t } from './scenarios';

const MAX_STEPS = Number(MAX_UNITS);

/** A book with one order on each side, so a wrongly accepted order would show in depth. */
function twoSidedBook(books: BookImplementation, spec = BTC_PERP): CheckedBook {
  const given = new CheckedBook(books, spec);
  const size = spec.minSizeLots;
  given.apply(limit('s1', 'alice', 'sell', 100, size), limit('b1', 'alice', 'buy', 99, size));
  return given;
}

/** Asserts the order was refused with `code` as event 7 and changed nothing but the sequence. */
function assertRefused(given: CheckedBook, order: PlaceOrder, code: RejectCode): void {
  const depthBefore = given.book.depth(10);
  assertRejected(given.apply(order), 7, order.orderId, order.accountId, code);
  assert.deepEqual(given.book.depth(10), depthBefore);
  assert.equal(given.book.openOrderCount, 2);
  assert.equal(given.book.hasSeenOrder(order.orderId), false);
}

describeBooks('order validation', (books) => {
  const cases: [string, PlaceOrder, RejectCode][] = [
    ['another market', { ...limit('x', 'bob', 'buy', 100, 1), market: 'ETH-PERP' }, RejectCode.UNKNOWN_MARKET],
    ['size 0', limit('x', 'bob', 'buy', 100, 0), RejectCode.INVALID_SIZE],
    ['a negative size', limit('x', 'bob', 'buy', 100, -3), RejectCode.INVALID_SIZE],
    ['a fractional size', limit('x', 'bob', 'buy', 100, 1.5), RejectCode.INVALID_SIZE],
    ['a NaN size', limit('x', 'bob', 'buy', 100, NaN), RejectCode.INVALID_SIZE],
    ['an infinite size', limit('x', 'bob', 'buy', 100, Infinity), RejectCode.INVALID_SIZE],
    ['a size above MAX_UNITS', limit('x', 'bob', 'buy', 100, MAX_STEPS + 1), RejectCode.INVALID_SIZE],
    ['an unsafe integer size', limit('x', 'bob', 'buy', 100, 2 ** 53), RejectCode.INVALID_SIZE],
    ['a market order of size 0', market('x', 'bob', 'buy', 0), RejectCode.INVALID_SIZE],
    ['a limit order without price', { ...limit('x', 'bob', 'buy', 1, 1), priceTicks: null }, RejectCode.INVALID_PRICE],
    ['price 0', limit('x', 'bob', 'buy', 0, 1), RejectCode.INVALID_PRICE],
    ['a negative price', limit('x', 'bob', 'sell', -100, 1), RejectCode.INVALID_PRICE],
    ['a fractional price', limit('x', 'bob', 'buy', 98.5, 1), RejectCode.INVALID_PRICE],
    ['a NaN price', limit('x', 'bob', 'buy', NaN, 1), RejectCode.INVALID_PRICE],
    ['a price above MAX_UNITS', limit('x', 'bob', 'sell', MAX_STEPS + 1, 1), RejectCode.INVALID_PRICE],
    ['a market order with a price', { ...market('x', 'bob', 'buy', 1), priceTicks: 100 }, RejectCode.INVALID_PRICE],
  ];
  for (const [name, order, code] of cases) {
    it(`rejects ${name} with ${code}`, () => assertRefused(twoSidedBook(books), order, code));
  }

  it('accepts size and price at MAX_UNITS', () => {
    const given = twoSidedBook(books);
    const order = limit('x', 'bob', 'sell', MAX_STEPS, MAX_STEPS);

    assert.deepEqual(given.apply(order), [
      e.accepted(7, order),
      e.rested(8, 'x', 'bob', 'sell', MAX_STEPS, MAX_STEPS),
      e.book(9, ['sell', MAX_STEPS, MAX_STEPS]),
    ]);
  });

  it('rejects sizes below the market minimum, for limit and market orders alike', () => {
    const spec = { ...BTC_PERP, minSizeLots: 10 };
    assertRefused(twoSidedBook(books, spec), limit('x', 'bob', 'buy', 98, 9), RejectCode.SIZE_BELOW_MINIMUM);
    assertRefused(twoSidedBook(books, spec), market('x', 'bob', 'buy', 9), RejectCode.SIZE_BELOW_MINIMUM);

    const given = twoSidedBook(books, spec);
    const order = limit('x', 'bob', 'buy', 98, 10);
    assert.deepEqual(given.apply(order)[0], e.accepted(7, order));
  });

  it('checks in a fixed order: market, status, size, minimum, price, duplicate id', () => {
    const halted = new CheckedBook(books, { ...BTC_PERP, status: 'halted' });
    const elsewhere = { ...limit('x', 'bob', 'buy', 0, 0), market: 'ETH-PERP' };
    assertRejected(halted.apply(elsewhere), 1, 'x', 'bob', RejectCode.UNKNOWN_MARKET);
    assertRejected(halted.apply(limit('x', 'bob', 'buy', 0, 0)), 2, 'x', 'bob', RejectCode.MARKET_NOT_ACCEPTING_ORDERS);

    const cases: [PlaceOrder, RejectCode][] = [
      [limit('s1', 'bob', 'buy', 0, 0), RejectCode.INVALID_SIZE],
      [limit('s1', 'bob', 'buy', 0, 5), RejectCode.SIZE_BELOW_MINIMUM],
      [limit('s1', 'bob', 'buy', 0, 10), RejectCode.INVALID_PRICE],
      [limit('s1', 'bob', 'buy', 98, 10), RejectCode.DUPLICATE_ORDER_ID],
    ];
    for (const [order, code] of cases) {
      const given = new CheckedBook(books, { ...BTC_PERP, minSizeLots: 10 });
      given.apply(limit('s1', 'alice', 'sell', 100, 10));
      assertRejected(given.apply(order), 4, order.orderId, order.accountId, code);
    }
  });
});

describeBooks('duplicate order ids', (books) => {
  const histories: [string, PlaceOrder[]][] = [
    ['resting', [limit('d', 'alice', 'buy', 90, 1)]],
    ['filled', [limit('d', 'alice', 'buy', 100, 1)]],
    ['cancelled', [limit('d', 'alice', 'buy', 90, 1)]],
    ['done as IOC', [limit('d', 'alice', 'buy', 90, 1, 'IOC')]],
    ['done without liquidity', [market('d', 'alice', 'sell', 5)]],
  ];
  for (const [state, commands] of histories) {
    it(`rejects the id of an order that was ${state}`, () => {
      const given = new CheckedBook(books);
      given.apply(limit('s1', 'carol', 'sell', 100, 1), ...commands);
      if (state === 'cancelled') given.apply(cancel('d', 'alice'));
      const openBefore = given.book.openOrder('d');
      const seq = given.book.lastSeq + 1;

      assertRejected(given.apply(limit('d', 'bob', 'sell', 95, 1)), seq, 'd', 'bob', RejectCode.DUPLICATE_ORDER_ID);
      assert.deepEqual(given.book.openOrder('d'), openBefore);
    });
  }

  it('lets a rejected order id be used again: only accepted ids are taken', () => {
    const given = new CheckedBook(books);
    assertRejected(given.apply(limit('d', 'alice', 'buy', 90, 0)), 1, 'd', 'alice', RejectCode.INVALID_SIZE);

    const order = limit('d', 'alice', 'buy', 90, 1);
    assert.deepEqual(given.apply(order)[0], e.accepted(2, order));
  });
});

describeBooks('market status', (books) => {
  const closed: MarketStatus[] = ['cancel_only', 'halted', 'settled'];
  for (const status of closed) {
    it(`rejects every new order while ${status}`, () => {
      const given = new CheckedBook(books, { ...BTC_PERP, status });
      assertRejected(
        given.apply(limit('b1', 'alice', 'buy', 100, 1)),
        1,
        'b1',
        'alice',
        RejectCode.MARKET_NOT_ACCEPTING_ORDERS,
      );
      assertRejected(
        given.apply(market('m1', 'alice', 'buy', 1)),
        2,
        'm1',
        'alice',
        RejectCode.MARKET_NOT_ACCEPTING_ORDERS,
      );
      assert.equal(given.book.hasSeenOrder('b1'), false);
      assert.equal(given.book.openOrderCount, 0);
    });
  }

  describe('post_only', () => {
    const postOnly = () => twoSidedBook(books, { ...BTC_PERP, status: 'post_only' });

    it('rests limit orders that do not cross', () => {
      const given = postOnly();
      const order = limit('x', 'bob', 'sell', 100, 2);

      assert.deepEqual(given.apply(order), [
        e.accepted(7, order),
        e.rested(8, 'x', 'bob', 'sell', 100, 2),
        e.book(9, ['sell', 100, 3]),
      ]);
    });

    it('rejects limit orders that would cross, including at the touch', () => {
      assertRefused(postOnly(), limit('x', 'bob', 'buy', 100, 1), RejectCode.MARKET_NOT_ACCEPTING_ORDERS);
      assertRefused(postOnly(), limit('x', 'bob', 'buy', 150, 1), RejectCode.MARKET_NOT_ACCEPTING_ORDERS);
      assertRefused(postOnly(), limit('x', 'bob', 'sell', 99, 1), RejectCode.MARKET_NOT_ACCEPTING_ORDERS);
      assertRefused(postOnly(), limit('x', 'bob', 'sell', 99, 1, 'IOC'), RejectCode.MARKET_NOT_ACCEPTING_ORDERS);
    });

    it('rejects market orders', () => {
      assertRefused(postOnly(), market('x', 'bob', 'buy', 1), RejectCode.MARKET_NOT_ACCEPTING_ORDERS);
    });

    it('still takes cancels', () => {
      const given = postOnly();
      assert.deepEqual(given.apply(cancel('s1', 'alice')), [
        e.done(7, 's1', 'alice', 'cancelled', 1),
        e.book(8, ['sell', 100, 0]),
      ]);
    });
  });
});

describeBooks('level capacity', (books) => {
  it('refuses an order that would push a level total past 2^53 - 1 lots', () => {
    const book = books.create(BTC_PERP);
    const fullOrders = Math.floor(Number.MAX_SAFE_INTEGER / MAX_STEPS);
    for (let index = 0; index < fullOrders; index += 1) {
      book.apply(limit(`w${index}`, 'whale', 'buy', 100, MAX_STEPS), T0_US);
    }
    const room = Number.MAX_SAFE_INTEGER - fullOrders * MAX_STEPS;
    assert.equal(book.restingLotsAt('buy', 100), fullOrders * MAX_STEPS);

    const tooBig = book.apply(limit('over', 'whale', 'buy', 100, room + 1), T0_US);
    assertRejected(tooBig, book.lastSeq, 'over', 'whale', RejectCode.INVALID_SIZE);

    const fits = book.apply(limit('fits', 'whale', 'buy', 100, room), T0_US);
    assert.equal(fits[1].type, 'rested');
    assert.equal(book.restingLotsAt('buy', 100), Number.MAX_SAFE_INTEGER);
    assertRejected(
      book.apply(limit('one', 'whale', 'buy', 100, 1), T0_US),
      book.lastSeq,
      'one',
      'whale',
      RejectCode.INVALID_SIZE,
    );
    book.validateInternalState();
  });
});

describeBooks('duplicate client order ids', (books) => {
  const tagged = (orderId: string, accountId: string, priceTicks: number) => ({
    ...limit(orderId, accountId, 'buy', priceTicks, 1),
    clientOrderId: 'tag',
  });

  it("rejects a client order id already used by one of the account's open orders, before any matching", () => {
    const given = new CheckedBook(books);
    given.apply(tagged('b1', 'alice', 90), limit('s1', 'carol', 'sell', 95, 1));

    assertRejected(
      given.apply({ ...tagged('b2', 'alice', 95) }),
      7,
      'b2',
      'alice',
      RejectCode.DUPLICATE_CLIENT_ORDER_ID,
    );
    assert.equal(given.book.openOrder('s1')?.remainingLots, 1);
  });

  it('counts waiting conditional orders as open', () => {
    const given = new CheckedBook(books);
    given.apply({ ...stop('st', 'alice', 'buy', 1, { at: 200 }), clientOrderId: 'tag' });

    assertRejected(given.apply(tagged('b2', 'alice', 95)), 2, 'b2', 'alice', RejectCode.DUPLICATE_CLIENT_ORDER_ID);
  });

  it('lets another account use the same client order id', () => {
    const given = new CheckedBook(books);
    given.apply(tagged('b1', 'alice', 90));

    assert.equal(given.apply(tagged('b2', 'bob', 90))[0].type, 'accepted');
  });

  it('frees the client order id of an order that left the book', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'carol', 'sell', 90, 1), tagged('b1', 'alice', 90));

    assert.equal(given.apply(tagged('b2', 'alice', 90))[0].type, 'accepted');
  });
});

scenarios('order options are checked before the order enters', [
  ...(
    [
      ['an unknown time in force', { ...limit('x', 'bob', 'buy', 100, 1), timeInForce: 'DAY' as TimeInForce }],
      ['an unknown side', { ...limit('x', 'bob', 'buy', 100, 1), side: 'short' as Side }],
      [
        'reduceOnly that is not a boolean',
        { ...limit('x', 'bob', 'buy', 100, 1), reduceOnly: 'yes' as unknown as boolean },
      ],
      [
        'a trigger of an unknown kind',
        {
          ...stop('x', 'bob', 'buy', 1, { at: 100 }),
          trigger: { kind: 'trailing', reference: 'mark', priceTicks: 100 },
        },
      ],
      [
        'a trigger on an unknown reference',
        { ...stop('x', 'bob', 'buy', 1, { at: 100 }), trigger: { kind: 'stop', reference: 'index', priceTicks: 100 } },
      ],
    ] as [string, PlaceOrder][]
  ).map(([what, order]) => ({
    name: `rejects ${what} with INVALID_ORDER_OPTIONS`,
    when: order,
    then: [t.rejected('x', 'bob', RejectCode.INVALID_ORDER_OPTIONS)],
  })),
  ...[0, -5, 1.5].map((triggerTicks) => ({
    name: `rejects a trigger price of ${triggerTicks} with INVALID_TRIGGER`,
    when: stop('x', 'bob', 'buy', 1, { at: triggerTicks }),
    then: [t.rejected('x', 'bob', RejectCode.INVALID_TRIGGER)],
  })),
]);
