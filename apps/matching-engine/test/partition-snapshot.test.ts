import { BTC_PERP } from '@exchange/domain';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlaceOrder } from '@exchange/contracts';
import { OrderBook } from '@exchange/matching';
import type { StoredEngineSnapshot } from '@exchange/persistence';
import {
  answeredScanStart,
  restorePartition,
  SnapshotMismatchError,
  takePartitionSnapshot,
} from '../src/partition-snapshot';

const T0_US = 1_700_000_000_000_000;
const SPECS = new Map([[BTC_PERP.symbol, BTC_PERP]]);

const ask = (orderId: string, priceTicks: number): PlaceOrder => ({
  kind: 'place',
  requestId: `req-${orderId}`,
  orderId,
  accountId: 'alice',
  clientOrderId: null,
  market: BTC_PERP.symbol,
  side: 'sell',
  type: 'limit',
  timeInForce: 'GTC',
  priceTicks,
  sizeLots: 2,
  receivedAtUs: T0_US,
});

function bookWithTwoAsks(): OrderBook {
  const book = new OrderBook(BTC_PERP);
  book.apply(ask('a1', 100_000), T0_US);
  book.apply(ask('a2', 100_001), T0_US + 1);
  return book;
}

const stored = (snapshot: ReturnType<typeof takePartitionSnapshot>): StoredEngineSnapshot => ({
  ...JSON.parse(JSON.stringify(snapshot)),
  createdAt: new Date(0),
});

describe('partition snapshots', () => {
  it('restore the books and engine times they were taken from, through JSON', () => {
    const book = bookWithTwoAsks();
    const snapshot = takePartitionSnapshot(1, '42', { 0: '3' }, [{ book, engineTimeUs: T0_US + 5 }]);
    const restored = restorePartition(stored(snapshot), SPECS);
    assert.deepEqual([...restored.keys()], ['BTC-PERP']);
    const { book: copy, engineTimeUs } = restored.get('BTC-PERP')!;
    assert.equal(engineTimeUs, T0_US + 5);
    assert.deepEqual(copy.snapshot(), book.snapshot());
    assert.equal(copy.snapshot().seq, book.snapshot().seq);
    assert.equal(snapshot.stateHashes['BTC-PERP'], book.stateHash());
  });

  it('refuse a book that does not hash as recorded', () => {
    const snapshot = stored(takePartitionSnapshot(1, '42', {}, [{ book: bookWithTwoAsks(), engineTimeUs: T0_US }]));
    const tampered = { ...snapshot, stateHashes: { 'BTC-PERP': '0000000000000000' } };
    assert.throws(() => restorePartition(tampered, SPECS), SnapshotMismatchError);
  });

  it('refuse a market that is no longer listed', () => {
    const snapshot = stored(takePartitionSnapshot(0, '1', {}, [{ book: bookWithTwoAsks(), engineTimeUs: T0_US }]));
    assert.throws(() => restorePartition(snapshot, new Map()), /market BTC-PERP is not listed/);
  });
});

describe('answeredScanStart', () => {
  const at = (partition: number, outputOffsets: Record<number, string>): [number, StoredEngineSnapshot] => [
    partition,
    { partition, nextInputOffset: '1', outputOffsets, books: [], stateHashes: {}, createdAt: new Date(0) },
  ];

  const ends = { 0: '50', 1: '60', 2: '0', 3: '0' };

  it('starts each output partition at the lowest offset any snapshot recorded', () => {
    const snapshots = new Map([at(0, { 0: '10', 1: '5', 2: '7', 3: '0' }), at(1, { 0: '4', 1: '9', 2: '3', 3: '2' })]);
    assert.deepEqual(answeredScanStart(snapshots, ends), { 0: '4', 1: '5', 2: '3', 3: '0' });
  });

  it('scans from the beginning while an input partition with commands has no snapshot', () => {
    const snapshots = new Map([at(0, { 0: '10', 1: '5', 2: '7', 3: '0' })]);
    assert.equal(answeredScanStart(snapshots, ends), undefined);
    assert.equal(answeredScanStart(new Map(), { 0: '0', 1: '0', 2: '0', 3: '0' }), undefined);
  });
});
