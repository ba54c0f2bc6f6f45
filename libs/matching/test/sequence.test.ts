import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { MatchingEvent } from '@exchange/contracts';
import { BTC_PERP, CheckedBook, T0_US, cancel, expected as e, limit, market, describeBooks } from './fixtures';

describeBooks('sequence numbers', (books) => {
  it('numbers every event gap-free from the start sequence across all kinds of commands', () => {
    const given = new CheckedBook(books, BTC_PERP, { startSeq: 1000 });
    const all: MatchingEvent[] = [];
    for (const command of [
      limit('s1', 'alice', 'sell', 100, 2),
      limit('s2', 'carol', 'sell', 101, 2),
      limit('bad', 'bob', 'buy', 100, 0),
      limit('b1', 'bob', 'buy', 101, 3),
      cancel('nope', 'bob'),
      market('m1', 'bob', 'buy', 5),
      cancel('s2', 'carol'),
      market('m2', 'bob', 'sell', 1),
    ]) {
      all.push(...given.apply(command));
    }

    assert.deepEqual(
      all.map((event) => event.seq),
      Array.from({ length: all.length }, (_, index) => 1001 + index),
    );
    assert.equal(all.length, 22);
    assert.equal(given.book.lastSeq, 1022);
  });

  it('starts at 0 by default and reports it before any command', () => {
    const book = books.create(BTC_PERP);
    assert.equal(book.lastSeq, 0);
    assert.equal(book.apply(limit('b1', 'alice', 'buy', 100, 1), T0_US)[0].seq, 1);
  });

  it('refuses a start sequence that is not a non-negative safe integer', () => {
    for (const start of [-1, 1.5, NaN, 2 ** 53]) {
      assert.throws(() => books.create(BTC_PERP, { startSeq: start }), RangeError);
    }
  });

  it('names each trade after the market and the sequence of its fill', () => {
    const eth = { ...BTC_PERP, symbol: 'ETH-PERP' };
    const book = books.create(eth, { startSeq: 41 });
    book.apply({ ...limit('s1', 'alice', 'sell', 100, 1), market: 'ETH-PERP' }, T0_US);

    const events = book.apply({ ...limit('b1', 'bob', 'buy', 100, 1), market: 'ETH-PERP' }, T0_US);

    const fill = events.find((event) => event.type === 'fill');
    assert.equal(fill?.type === 'fill' && fill.tradeId, 'ETH-PERP-46');
    assert.equal(fill?.seq, 46);
  });
});

describeBooks('book events', (books) => {
  it('lists each changed level once with its absolute size, bids then asks, best first', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('s1', 'carol', 'sell', 100, 1),
      limit('s2', 'alice', 'sell', 100, 1),
      limit('s3', 'dave', 'sell', 100, 1),
      limit('s4', 'carol', 'sell', 101, 4),
      limit('b1', 'dave', 'buy', 98, 1),
      limit('b2', 'alice', 'buy', 99, 1),
    );

    const taker = limit('b3', 'alice', 'buy', 101, 7);
    const events = given.apply(taker);

    assert.deepEqual(events.at(-1), e.book(28, ['buy', 101, 1], ['sell', 100, 0], ['sell', 101, 0]));
    assert.equal(events.filter((event) => event.type === 'book').length, 1);
    assert.deepEqual(given.book.depth(5), {
      bids: [
        { priceTicks: 101, sizeLots: 1 },
        { priceTicks: 99, sizeLots: 1 },
        { priceTicks: 98, sizeLots: 1 },
      ],
      asks: [],
    });
  });

  it('reports several changed bid levels from the highest price down', () => {
    const given = new CheckedBook(books);
    given.apply(
      limit('b1', 'alice', 'buy', 97, 1),
      limit('b2', 'alice', 'buy', 99, 1),
      limit('b3', 'alice', 'buy', 98, 5),
      limit('s0', 'bob', 'sell', 105, 1),
    );

    const events = given.apply(limit('s1', 'bob', 'sell', 98, 3));

    assert.deepEqual(events.at(-1), e.book(18, ['buy', 99, 0], ['buy', 98, 3]));
  });

  it('emits no book event for commands that change no level', () => {
    const given = new CheckedBook(books);
    given.apply(limit('s1', 'alice', 'sell', 100, 1));

    const quiet = [
      given.apply(limit('bad', 'bob', 'buy', 0, 1)),
      given.apply(limit('i1', 'bob', 'buy', 99, 1, 'IOC')),
      given.apply(market('m1', 'bob', 'sell', 1)),
      given.apply(cancel('s1', 'bob')),
    ];

    for (const events of quiet)
      assert.ok(
        events.every((event) => event.type !== 'book'),
        JSON.stringify(events),
      );
  });
});
