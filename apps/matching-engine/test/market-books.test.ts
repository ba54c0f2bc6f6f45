import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookCommand, ListMarketCommand, PlaceOrder } from '@exchange/contracts';
import { BTC_PERP } from '@exchange/domain';
import type { StoredEngineSnapshot } from '@exchange/persistence';
import { MarketBooks } from '../src/market-books';
import { takePartitionSnapshot } from '../src/partition-snapshot';
import { BTC_DEC26_FUTURE } from '@exchange/testing';

const T0_US = 1_700_000_000_000_000;
const FUTURE = BTC_DEC26_FUTURE;
const LIST_FUTURE: ListMarketCommand = { kind: 'list', market: FUTURE.symbol, spec: FUTURE };
const PARTITION = 2;

const order = (orderId: string, side: 'buy' | 'sell', priceTicks: number): PlaceOrder => ({
  kind: 'place',
  requestId: `req-${orderId}`,
  orderId,
  accountId: side === 'buy' ? 'alice' : 'bob',
  clientOrderId: null,
  market: FUTURE.symbol,
  side,
  type: 'limit',
  timeInForce: 'GTC',
  priceTicks,
  sizeLots: 3,
  receivedAtUs: T0_US,
});

/** What the engine does with one input partition's commands: lists itself, gives the rest to the books. */
function replay(books: MarketBooks, commands: readonly BookCommand[]): void {
  for (const command of commands) {
    if (command.kind === 'list') {
      books.list(command, PARTITION);
      continue;
    }
    const book = books.get(command.market);
    assert.ok(book, `a book for ${command.market}`);
    books.carry(PARTITION, book.market.symbol);
    book.apply(command, T0_US);
  }
}

function snapshotOf(books: MarketBooks): StoredEngineSnapshot {
  const taken = takePartitionSnapshot(
    PARTITION,
    '10',
    {},
    books.ofPartition(PARTITION).map((book) => ({ book, engineTimeUs: T0_US })),
  );
  return { ...JSON.parse(JSON.stringify(taken)), createdAt: new Date(0) };
}

const hashes = (books: MarketBooks): Record<string, string> =>
  Object.fromEntries(books.ofPartition(PARTITION).map((book) => [book.market.symbol, book.stateHash()]));

describe('MarketBooks', () => {
  it('opens a book for every market of the table, and one for a listed market', () => {
    const books = new MarketBooks([BTC_PERP]);
    assert.deepEqual(books.markets(), ['BTC-PERP']);
    assert.deepEqual(books.list(LIST_FUTURE, PARTITION), { outcome: 'created' });
    assert.deepEqual(books.markets(), ['BTC-PERP', FUTURE.symbol]);
    const book = books.get(FUTURE.symbol);
    assert.deepEqual(book?.market, FUTURE);
    assert.equal(book?.lastSeq, 0);
    assert.deepEqual(
      books.ofPartition(PARTITION).map((listed) => listed.market.symbol),
      [FUTURE.symbol],
    );
  });

  it('leaves an existing book alone when its list command comes (again)', () => {
    const books = new MarketBooks([BTC_PERP, FUTURE]);
    replay(books, [order('b1', 'buy', 100_000)]);
    const book = books.get(FUTURE.symbol);
    assert.deepEqual(books.list(LIST_FUTURE, PARTITION), { outcome: 'exists' });
    assert.deepEqual(books.list({ ...LIST_FUTURE, spec: { ...FUTURE, tickSize: '1' } }, PARTITION), {
      outcome: 'exists',
    });
    assert.equal(books.get(FUTURE.symbol), book);
    assert.equal(book?.openOrderCount, 1);
    assert.equal(book?.market.tickSize, '0.5');
  });

  it('refuses a listing whose spec names another market or cannot be listed, at start and by command', () => {
    const books = new MarketBooks([BTC_PERP, { ...FUTURE, symbol: 'BAD', lotSize: '0' }]);
    assert.deepEqual(books.refusedAtStart, [{ market: 'BAD', reason: 'lot size 0 is not a positive decimal' }]);
    const refused = [
      books.list({ ...LIST_FUTURE, market: 'BTC-OTHER' }, PARTITION),
      books.list({ ...LIST_FUTURE, spec: { ...FUTURE, minSizeLots: 0 } }, PARTITION),
    ];
    assert.deepEqual(
      refused.map((result) => result.outcome),
      ['refused', 'refused'],
    );
    assert.deepEqual(books.markets(), ['BTC-PERP']);
    assert.deepEqual(books.ofPartition(PARTITION), []);
  });

  describe('with partition snapshots', () => {
    const before: BookCommand[] = [{ kind: 'mark', market: BTC_PERP.symbol, priceTicks: 100_000 }];
    const listAndTrade: BookCommand[] = [LIST_FUTURE, order('b1', 'buy', 100_000), order('s1', 'sell', 99_990)];
    const after: BookCommand[] = [order('s2', 'sell', 100_010)];

    function original(): MarketBooks {
      const books = new MarketBooks([BTC_PERP]);
      replay(books, [...before, ...listAndTrade, ...after]);
      return books;
    }

    it('a snapshot taken after the listing holds the listed book and restores it', () => {
      const books = new MarketBooks([BTC_PERP]);
      replay(books, [...before, ...listAndTrade]);
      const snapshot = snapshotOf(books);
      assert.deepEqual(Object.keys(snapshot.stateHashes).sort(), [FUTURE.symbol, BTC_PERP.symbol].sort());
      // After a restart the table has the row (it is committed before the listing is published).
      const restarted = new MarketBooks([BTC_PERP, FUTURE]);
      restarted.restore(snapshot);
      replay(restarted, after);
      assert.deepEqual(hashes(restarted), hashes(original()));
    });

    it('a restore from before the listing reopens the book from the replayed list command', () => {
      const books = new MarketBooks([BTC_PERP]);
      replay(books, before);
      const restarted = new MarketBooks([BTC_PERP]);
      restarted.restore(snapshotOf(books));
      replay(restarted, [...listAndTrade, ...after]);
      assert.deepEqual(hashes(restarted), hashes(original()));
    });

    it('... or from the markets table, the replayed list command then changing nothing', () => {
      const books = new MarketBooks([BTC_PERP]);
      replay(books, before);
      const restarted = new MarketBooks([BTC_PERP, FUTURE]);
      restarted.restore(snapshotOf(books));
      replay(restarted, [...listAndTrade, ...after]);
      assert.deepEqual(hashes(restarted), hashes(original()));
    });
  });
});
