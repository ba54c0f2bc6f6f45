import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Level2Book } from '../src/book/level2-book';

describe('Level2Book', () => {
  it('keeps bids highest first and asks lowest first', () => {
    const book = new Level2Book();
    book.apply(
      [
        { side: 'buy', priceTicks: 100, sizeLots: 5 },
        { side: 'buy', priceTicks: 102, sizeLots: 1 },
        { side: 'buy', priceTicks: 101, sizeLots: 3 },
        { side: 'sell', priceTicks: 105, sizeLots: 2 },
        { side: 'sell', priceTicks: 103, sizeLots: 4 },
      ],
      7,
    );
    assert.deepEqual(book.snapshot(), {
      seq: 7,
      bids: [
        { priceTicks: 102, sizeLots: 1 },
        { priceTicks: 101, sizeLots: 3 },
        { priceTicks: 100, sizeLots: 5 },
      ],
      asks: [
        { priceTicks: 103, sizeLots: 4 },
        { priceTicks: 105, sizeLots: 2 },
      ],
    });
  });

  it('replaces sizes absolutely and removes a level at size 0', () => {
    const book = new Level2Book();
    book.apply(
      [
        { side: 'buy', priceTicks: 100, sizeLots: 5 },
        { side: 'buy', priceTicks: 99, sizeLots: 1 },
      ],
      1,
    );
    book.apply(
      [
        { side: 'buy', priceTicks: 100, sizeLots: 0 },
        { side: 'buy', priceTicks: 99, sizeLots: 8 },
        { side: 'sell', priceTicks: 120, sizeLots: 0 },
      ],
      2,
    );
    assert.deepEqual(book.snapshot(), { seq: 2, bids: [{ priceTicks: 99, sizeLots: 8 }], asks: [] });
  });

  it('limits a snapshot to the requested depth per side', () => {
    const book = new Level2Book();
    book.apply(
      Array.from({ length: 10 }, (_, i) => ({ side: 'sell' as const, priceTicks: 200 - i, sizeLots: i + 1 })),
      3,
    );
    assert.deepEqual(book.snapshot(2).asks, [
      { priceTicks: 191, sizeLots: 10 },
      { priceTicks: 192, sizeLots: 9 },
    ]);
  });

  it('ignores an event it has already applied', () => {
    const book = new Level2Book();
    assert.equal(book.apply([{ side: 'buy', priceTicks: 100, sizeLots: 5 }], 4), true);
    assert.equal(book.apply([{ side: 'buy', priceTicks: 100, sizeLots: 9 }], 4), false);
    assert.equal(book.apply([{ side: 'buy', priceTicks: 100, sizeLots: 9 }], 3), false);
    assert.deepEqual(book.snapshot(), { seq: 4, bids: [{ priceTicks: 100, sizeLots: 5 }], asks: [] });
  });

  it('matches a naive model over a random sequence of changes', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const book = new Level2Book();
    const model = { buy: new Map<number, number>(), sell: new Map<number, number>() };
    for (let seq = 1; seq <= 500; seq++) {
      const side = random(2) === 0 ? 'buy' : 'sell';
      const priceTicks = 1000 + random(40);
      const sizeLots = random(3) === 0 ? 0 : 1 + random(50);
      book.apply([{ side, priceTicks, sizeLots }], seq);
      if (sizeLots === 0) model[side].delete(priceTicks);
      else model[side].set(priceTicks, sizeLots);
    }
    const sorted = (levels: Map<number, number>, descending: boolean) =>
      [...levels]
        .sort(([a], [b]) => (descending ? b - a : a - b))
        .map(([priceTicks, sizeLots]) => ({ priceTicks, sizeLots }));
    const snapshot = book.snapshot();
    assert.deepEqual(snapshot.bids, sorted(model.buy, true));
    assert.deepEqual(snapshot.asks, sorted(model.sell, false));
    assert.equal(snapshot.seq, 500);
  });
});
