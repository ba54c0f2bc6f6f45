import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CheckedBook, T0_US, expected as e, limit, market, describeBooks } from './fixtures';

describeBooks('resting limit orders', (books) => {
  it('rests a limit order on an empty book', () => {
    const given = new CheckedBook(books);
    const order = { ...limit('b1', 'alice', 'buy', 100, 5), clientOrderId: 'my-first' };

    const events = given.apply(order);

    assert.deepEqual(events, [
      e.accepted(1, order),
      e.rested(2, 'b1', 'alice', 'buy', 100, 5),
      e.book(3, ['buy', 100, 5]),
    ]);
    assert.equal(events[0].type === 'accepted' && events[0].clientOrderId, 'my-first');
    assert.equal(given.book.bestBid(), 100);
    assert.equal(given.book.bestAsk(), null);
    assert.deepEqual(given.book.depth(5), { bids: [{ priceTicks: 100, sizeLots: 5 }], asks: [] });
    assert.deepEqual(given.book.openOrder('b1'), {
      orderId: 'b1',
      accountId: 'alice',
      side: 'buy',
      priceTicks: 100,
      sizeLots: 5,
      remainingLots: 5,
      acceptedAtUs: T0_US + 1,
    });
    assert.equal(given.book.openOrderCount, 1);
    assert.equal(given.book.lastSeq, 3);
  });

  it('aggregates levels and reports depth best price first, capped at the requested levels', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('b1', 'alice', 'buy', 98, 2),
      limit('b2', 'alice', 'buy', 100, 1),
      limit('b3', 'bob', 'buy', 99, 4),
      limit('b4', 'carol', 'buy', 100, 3),
      limit('s1', 'alice', 'sell', 103, 1),
      limit('s2', 'bob', 'sell', 101, 2),
      limit('s3', 'carol', 'sell', 102, 7),
    );

    assert.deepEqual(given.book.depth(2), {
      bids: [
        { priceTicks: 100, sizeLots: 4 },
        { priceTicks: 99, sizeLots: 4 },
      ],
      asks: [
        { priceTicks: 101, sizeLots: 2 },
        { priceTicks: 102, sizeLots: 7 },
      ],
    });
    assert.deepEqual(given.book.depth(10), {
      bids: [
        { priceTicks: 100, sizeLots: 4 },
        { priceTicks: 99, sizeLots: 4 },
        { priceTicks: 98, sizeLots: 2 },
      ],
      asks: [
        { priceTicks: 101, sizeLots: 2 },
        { priceTicks: 102, sizeLots: 7 },
        { priceTicks: 103, sizeLots: 1 },
      ],
    });
    assert.deepEqual(given.book.depth(0), { bids: [], asks: [] });
    assert.equal(given.book.bestBid(), 100);
    assert.equal(given.book.bestAsk(), 101);
  });

  it('rests a limit order that does not reach the opposite side', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2));

    const events = given.apply(limit('b1', 'bob', 'buy', 99, 5));

    assert.deepEqual(events, [
      e.accepted(4, limit('b1', 'bob', 'buy', 99, 5)),
      e.rested(5, 'b1', 'bob', 'buy', 99, 5),
      e.book(6, ['buy', 99, 5]),
    ]);
    assert.deepEqual(given.book.depth(5), {
      bids: [{ priceTicks: 99, sizeLots: 5 }],
      asks: [{ priceTicks: 100, sizeLots: 2 }],
    });
  });
});

describeBooks('fills', (books) => {
  it('fills taker and maker completely when sizes match', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 5));

    const taker = limit('b1', 'bob', 'buy', 100, 5);
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(4, taker),
      e.fill(5, 100, 5, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 0]),
      e.done(6, 's1', 'alice', 'filled', 0),
      e.done(7, 'b1', 'bob', 'filled', 0),
      e.book(8, ['sell', 100, 0]),
    ]);
    assert.deepEqual(given.book.depth(5), { bids: [], asks: [] });
    assert.equal(given.book.openOrder('s1'), undefined);
    assert.equal(given.book.openOrderCount, 0);
  });

  it('leaves a partially filled maker resting with its remaining size', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 10));

    const taker = limit('b1', 'bob', 'buy', 100, 4);
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(4, taker),
      e.fill(5, 100, 4, 'buy', ['s1', 'alice', 6], ['b1', 'bob', 0]),
      e.done(6, 'b1', 'bob', 'filled', 0),
      e.book(7, ['sell', 100, 6]),
    ]);
    assert.equal(given.book.openOrder('s1')?.remainingLots, 6);
    assert.equal(given.book.openOrder('s1')?.sizeLots, 10);
  });

  it('rests the remainder of a partially filled GTC taker at its limit', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 3));

    const taker = limit('b1', 'bob', 'buy', 101, 5);
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(4, taker),
      e.fill(5, 100, 3, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 2]),
      e.done(6, 's1', 'alice', 'filled', 0),
      e.rested(7, 'b1', 'bob', 'buy', 101, 2),
      e.book(8, ['buy', 101, 2], ['sell', 100, 0]),
    ]);
    assert.equal(given.book.bestBid(), 101);
    assert.equal(given.book.bestAsk(), null);
    assert.deepEqual(given.book.openOrder('b1'), {
      orderId: 'b1',
      accountId: 'bob',
      side: 'buy',
      priceTicks: 101,
      sizeLots: 5,
      remainingLots: 2,
      acceptedAtUs: given.nowUs,
    });
  });

  it('sweeps several levels best price first, each trade at the maker price', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('s1', 'alice', 'sell', 102, 1),
      limit('s2', 'carol', 'sell', 100, 2),
      limit('s3', 'alice', 'sell', 101, 3),
    );

    const taker = limit('b1', 'bob', 'buy', 105, 4);
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(10, taker),
      e.fill(11, 100, 2, 'buy', ['s2', 'carol', 0], ['b1', 'bob', 2]),
      e.done(12, 's2', 'carol', 'filled', 0),
      e.fill(13, 101, 2, 'buy', ['s3', 'alice', 1], ['b1', 'bob', 0]),
      e.done(14, 'b1', 'bob', 'filled', 0),
      e.book(15, ['sell', 100, 0], ['sell', 101, 1]),
    ]);
    assert.deepEqual(given.book.depth(5).asks, [
      { priceTicks: 101, sizeLots: 1 },
      { priceTicks: 102, sizeLots: 1 },
    ]);
  });

  it('sweeps bids from the highest price down for a sell taker', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('b1', 'alice', 'buy', 99, 2),
      limit('b2', 'carol', 'buy', 101, 1),
      limit('b3', 'dave', 'buy', 100, 2),
    );

    const taker = limit('s1', 'bob', 'sell', 100, 5);
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(10, taker),
      e.fill(11, 101, 1, 'sell', ['b2', 'carol', 0], ['s1', 'bob', 4]),
      e.done(12, 'b2', 'carol', 'filled', 0),
      e.fill(13, 100, 2, 'sell', ['b3', 'dave', 0], ['s1', 'bob', 2]),
      e.done(14, 'b3', 'dave', 'filled', 0),
      e.rested(15, 's1', 'bob', 'sell', 100, 2),
      e.book(16, ['buy', 101, 0], ['buy', 100, 0], ['sell', 100, 2]),
    ]);
    assert.equal(given.book.bestBid(), 99);
    assert.equal(given.book.bestAsk(), 100);
  });

  it('stops a limit taker at its price and rests the rest there', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('s1', 'alice', 'sell', 100, 1),
      limit('s2', 'alice', 'sell', 101, 1),
      limit('s3', 'alice', 'sell', 103, 1),
    );

    const taker = limit('b1', 'bob', 'buy', 102, 5);
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(10, taker),
      e.fill(11, 100, 1, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 4]),
      e.done(12, 's1', 'alice', 'filled', 0),
      e.fill(13, 101, 1, 'buy', ['s2', 'alice', 0], ['b1', 'bob', 3]),
      e.done(14, 's2', 'alice', 'filled', 0),
      e.rested(15, 'b1', 'bob', 'buy', 102, 3),
      e.book(16, ['buy', 102, 3], ['sell', 100, 0], ['sell', 101, 0]),
    ]);
    assert.equal(given.book.bestBid(), 102);
    assert.equal(given.book.bestAsk(), 103);
  });

  it('trades at a limit exactly equal to the maker price', () => {
    const given = new CheckedBook(books);
    given.apply(limit('b1', 'alice', 'buy', 100, 1));

    const events = given.apply(limit('s1', 'bob', 'sell', 100, 1));

    assert.deepEqual(events[1], e.fill(5, 100, 1, 'sell', ['b1', 'alice', 0], ['s1', 'bob', 0]));
  });
});

describeBooks('time priority', (books) => {
  it('fills orders at one price in arrival order', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('s1', 'alice', 'sell', 100, 2),
      limit('s2', 'carol', 'sell', 100, 3),
      limit('s3', 'dave', 'sell', 100, 4),
    );

    const first = limit('b1', 'bob', 'buy', 100, 4);
    assert.deepEqual(given.apply(first), [
      e.accepted(10, first),
      e.fill(11, 100, 2, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 2]),
      e.done(12, 's1', 'alice', 'filled', 0),
      e.fill(13, 100, 2, 'buy', ['s2', 'carol', 1], ['b1', 'bob', 0]),
      e.done(14, 'b1', 'bob', 'filled', 0),
      e.book(15, ['sell', 100, 5]),
    ]);

    const second = limit('b2', 'erin', 'buy', 100, 2);
    assert.deepEqual(given.apply(second), [
      e.accepted(16, second),
      e.fill(17, 100, 1, 'buy', ['s2', 'carol', 0], ['b2', 'erin', 1]),
      e.done(18, 's2', 'carol', 'filled', 0),
      e.fill(19, 100, 1, 'buy', ['s3', 'dave', 3], ['b2', 'erin', 0]),
      e.done(20, 'b2', 'erin', 'filled', 0),
      e.book(21, ['sell', 100, 3]),
    ]);
  });

  it('gives a better price priority over an earlier order', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 101, 1), limit('s2', 'carol', 'sell', 100, 1));

    const events = given.apply(limit('b1', 'bob', 'buy', 101, 1));

    assert.deepEqual(events[1], e.fill(8, 100, 1, 'buy', ['s2', 'carol', 0], ['b1', 'bob', 0]));
    assert.equal(given.book.openOrder('s1')?.remainingLots, 1);
  });

  it('queues the rested remainder of a taker by the time it rested', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('s1', 'alice', 'sell', 100, 1),
      limit('b1', 'bob', 'buy', 100, 3),
      limit('b2', 'dave', 'buy', 100, 1),
    );

    const taker = limit('s2', 'erin', 'sell', 100, 3);
    assert.deepEqual(given.apply(taker), [
      e.accepted(12, taker),
      e.fill(13, 100, 2, 'sell', ['b1', 'bob', 0], ['s2', 'erin', 1]),
      e.done(14, 'b1', 'bob', 'filled', 0),
      e.fill(15, 100, 1, 'sell', ['b2', 'dave', 0], ['s2', 'erin', 0]),
      e.done(16, 'b2', 'dave', 'filled', 0),
      e.done(17, 's2', 'erin', 'filled', 0),
      e.book(18, ['buy', 100, 0]),
    ]);
  });
});

describeBooks('IOC and market orders', (books) => {
  it('cancels the unfilled remainder of an IOC limit order', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2));

    const taker = limit('b1', 'bob', 'buy', 100, 5, 'IOC');
    const events = given.apply(taker);

    assert.deepEqual(events, [
      e.accepted(4, taker),
      e.fill(5, 100, 2, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 3]),
      e.done(6, 's1', 'alice', 'filled', 0),
      e.done(7, 'b1', 'bob', 'unfilled_ioc', 3),
      e.book(8, ['sell', 100, 0]),
    ]);
    assert.equal(given.book.openOrder('b1'), undefined);
    assert.deepEqual(given.book.depth(5), { bids: [], asks: [] });
  });

  it('answers an IOC order that cannot trade with unfilled_ioc and no book event', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2));

    const taker = limit('b1', 'bob', 'buy', 99, 5, 'IOC');
    assert.deepEqual(given.apply(taker), [e.accepted(4, taker), e.done(5, 'b1', 'bob', 'unfilled_ioc', 5)]);
    assert.deepEqual(given.book.depth(5), { bids: [], asks: [{ priceTicks: 100, sizeLots: 2 }] });
  });

  it('reports a fully filled IOC order as filled', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2));

    const taker = limit('b1', 'bob', 'buy', 100, 2, 'IOC');
    assert.deepEqual(given.apply(taker), [
      e.accepted(4, taker),
      e.fill(5, 100, 2, 'buy', ['s1', 'alice', 0], ['b1', 'bob', 0]),
      e.done(6, 's1', 'alice', 'filled', 0),
      e.done(7, 'b1', 'bob', 'filled', 0),
      e.book(8, ['sell', 100, 0]),
    ]);
  });

  it('answers a market order on an empty book with no_liquidity', () => {
    const given = new CheckedBook(books);

    const order = market('m1', 'bob', 'buy', 5);
    assert.deepEqual(given.apply(order), [e.accepted(1, order), e.done(2, 'm1', 'bob', 'no_liquidity', 5)]);
    assert.equal(given.book.lastSeq, 2);
  });

  it('walks a market order through every price and cancels what is left', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 2), limit('s2', 'carol', 'sell', 1000, 1));

    const order = market('m1', 'bob', 'buy', 5);
    assert.deepEqual(given.apply(order), [
      e.accepted(7, order),
      e.fill(8, 100, 2, 'buy', ['s1', 'alice', 0], ['m1', 'bob', 3]),
      e.done(9, 's1', 'alice', 'filled', 0),
      e.fill(10, 1000, 1, 'buy', ['s2', 'carol', 0], ['m1', 'bob', 2]),
      e.done(11, 's2', 'carol', 'filled', 0),
      e.done(12, 'm1', 'bob', 'unfilled_ioc', 2),
      e.book(13, ['sell', 100, 0], ['sell', 1000, 0]),
    ]);
  });

  it('fills a market sell against the best bid', () => {
    const given = new CheckedBook(books);
    given.apply(limit('b1', 'alice', 'buy', 100, 5), limit('b2', 'carol', 'buy', 90, 5));

    const order = market('m1', 'bob', 'sell', 3);
    assert.deepEqual(given.apply(order), [
      e.accepted(7, order),
      e.fill(8, 100, 3, 'sell', ['b1', 'alice', 2], ['m1', 'bob', 0]),
      e.done(9, 'm1', 'bob', 'filled', 0),
      e.book(10, ['buy', 100, 2]),
    ]);
  });

  it('never rests a market order, whatever its time in force', () => {
    const given = new CheckedBook(books);

    const order = { ...market('m1', 'bob', 'buy', 5), timeInForce: 'GTC' as const };
    assert.deepEqual(given.apply(order), [e.accepted(1, order), e.done(2, 'm1', 'bob', 'no_liquidity', 5)]);
    assert.equal(given.book.openOrderCount, 0);
  });
});
