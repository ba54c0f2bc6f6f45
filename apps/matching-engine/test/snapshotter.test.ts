import { BTC_PERP } from '@exchange/domain';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageBus } from '@exchange/kafka';
import { OrderBook } from '@exchange/matching';
import { createLogger, MetricsRegistry } from '@exchange/observability';
import type { EngineSnapshot, EngineSnapshotRepository } from '@exchange/persistence';
import { Snapshotter } from '../src/snapshotter';

/** A store whose writes complete only when the test says so. */
class HeldStore {
  readonly saved: EngineSnapshot[] = [];
  private release: (() => void)[] = [];

  save(snapshot: EngineSnapshot): Promise<void> {
    return new Promise((resolve) => {
      this.release.push(() => {
        this.saved.push(snapshot);
        resolve();
      });
    });
  }

  async completeWrites(): Promise<void> {
    for (const release of this.release.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup(outputEnds: Record<number, string>[]) {
  const store = new HeldStore();
  const bus = { endOffsets: async () => outputEnds.shift() ?? {} } as unknown as MessageBus;
  const metrics = new MetricsRegistry();
  const snapshotter = new Snapshotter(
    store as unknown as EngineSnapshotRepository,
    bus,
    { everyCommands: 10, everySeconds: 3_600, keep: 3 },
    createLogger('test', 'error'),
    metrics,
  );
  const markets = () => [{ book: new OrderBook(BTC_PERP), engineTimeUs: 7 }];
  return { store, snapshotter, metrics, markets };
}

describe('Snapshotter', () => {
  it('snapshots a partition once it took the configured number of commands, with the output mark', async () => {
    const { store, snapshotter, markets } = setup([
      { 0: '5', 1: '8' },
      { 0: '9', 1: '9' },
    ]);
    await snapshotter.start({});
    snapshotter.afterBatch(2, '6', 6, false, markets);
    await store.completeWrites();
    assert.equal(store.saved.length, 0);
    snapshotter.afterBatch(2, '10', 4, false, markets);
    await store.completeWrites();
    assert.deepEqual(
      store.saved.map(({ partition, nextInputOffset, outputOffsets }) => ({
        partition,
        nextInputOffset,
        outputOffsets,
      })),
      [{ partition: 2, nextInputOffset: '10', outputOffsets: { 0: '5', 1: '8' } }],
    );
  });

  it('records where the answered scan started while an earlier run answered inputs ahead', async () => {
    const { store, snapshotter, markets } = setup([{ 0: '50', 1: '80' }]);
    await snapshotter.start({ 0: '3', 1: '4' });
    snapshotter.afterBatch(0, '10', 10, true, markets);
    await store.completeWrites();
    assert.deepEqual(store.saved[0].outputOffsets, { 0: '3', 1: '4' });
  });

  it('writes one snapshot at a time and takes a partition that came due meanwhile at its next batch', async () => {
    const { store, snapshotter, metrics, markets } = setup([{ 0: '1' }, { 0: '2' }, { 0: '3' }]);
    await snapshotter.start({});
    snapshotter.afterBatch(0, '10', 10, false, markets);
    snapshotter.afterBatch(1, '10', 10, false, markets); // due, but a write is in flight
    await store.completeWrites();
    assert.deepEqual(
      store.saved.map((snapshot) => snapshot.partition),
      [0],
    );
    snapshotter.afterBatch(1, '11', 1, false, markets);
    await store.completeWrites();
    assert.deepEqual(
      store.saved.map((snapshot) => [snapshot.partition, snapshot.nextInputOffset, snapshot.outputOffsets]),
      [
        [0, '10', { 0: '1' }],
        [1, '11', { 0: '2' }],
      ],
    );
    assert.match(metrics.render(), /matching_snapshots_total\{partition="1"\} 1/);
  });
});
