import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatchingEventBatch } from '@exchange/contracts';
import { BTC_PERP, type MarketSpec } from '@exchange/domain';
import type { Delivered, MessageBus, SubscriptionOptions } from '@exchange/kafka';
import { createLogger, MetricsRegistry } from '@exchange/observability';
import type { StreamChanges } from '../src/settlement-projector';
import type { SettlementStore } from '../src/settlement-store';
import { SettlementWorker } from '../src/settlement.worker';
import type { MarketSource } from '../src/tokens';
import { BTC_DEC26_FUTURE } from '@exchange/testing';

const FUTURE = BTC_DEC26_FUTURE;

/** The markets table; `rows` is what the next read returns. */
class MarketsTable implements MarketSource {
  reads = 0;
  constructor(public rows: MarketSpec[]) {}

  async list(): Promise<MarketSpec[]> {
    this.reads++;
    return [...this.rows];
  }
}

class MemoryStore implements SettlementStore {
  readonly written: string[][] = [];

  async loadStart() {
    return { openOrders: [], positions: [], appliedSequences: {}, nextOffsets: {} };
  }

  async write(changes: readonly StreamChanges[]): Promise<void> {
    this.written.push(changes.map((stream) => `${stream.market}@${stream.lastSeq}`));
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

/** A bus that hands the test the subscription's handler instead of a broker. */
function fakeBus() {
  let handle: ((messages: readonly Delivered<MatchingEventBatch>[]) => Promise<void>) | null = null;
  const bus = {
    endOffsets: async () => ({}),
    subscribe: async (options: SubscriptionOptions<MatchingEventBatch>) => {
      handle = options.handle;
      return { ready: Promise.resolve(), stop: async () => undefined };
    },
  } as unknown as MessageBus;
  const deliver = (...batches: MatchingEventBatch[]) => {
    assert.ok(handle, 'subscribed');
    return handle(
      batches.map((value, offset) => ({
        topic: 'matching.events',
        partition: 0,
        offset: String(offset),
        key: value.market,
        value,
        timestampMs: 0,
      })),
    );
  };
  return { bus, deliver };
}

const accepted = (market: string): MatchingEventBatch => ({
  market,
  requestId: `req-${market}`,
  input: { partition: 0, offset: '0' },
  timestampUs: 1,
  events: [
    {
      type: 'accepted',
      seq: 1,
      orderId: `o-${market}`,
      accountId: 'alice',
      clientOrderId: null,
      side: 'buy',
      orderType: 'limit',
      timeInForce: 'GTC',
      priceTicks: 100_000,
      sizeLots: 1,
    },
  ],
});

async function startedWorker(table: MarketsTable) {
  const store = new MemoryStore();
  const { bus, deliver } = fakeBus();
  const worker = new SettlementWorker(bus, store, table, createLogger('test', 'error'), new MetricsRegistry());
  await worker.onApplicationBootstrap();
  return { store, deliver };
}

describe('settlement worker: markets listed after start', () => {
  it('re-reads the markets table once when a batch names a market it does not know', async () => {
    const table = new MarketsTable([BTC_PERP]);
    const { store, deliver } = await startedWorker(table);
    assert.equal(table.reads, 1);
    table.rows = [BTC_PERP, FUTURE]; // staff listed the future
    await deliver(accepted(BTC_PERP.symbol), accepted(FUTURE.symbol), accepted(FUTURE.symbol));
    assert.equal(table.reads, 2);
    assert.deepEqual(store.written, [[`${BTC_PERP.symbol}@1`, `${FUTURE.symbol}@1`]]);
    await deliver({ ...accepted(FUTURE.symbol), events: [] });
    assert.equal(table.reads, 2, 'a known market needs no re-read');
  });

  it('fails the batch for a market the table does not have either, after one re-read', async () => {
    const table = new MarketsTable([BTC_PERP]);
    const { store, deliver } = await startedWorker(table);
    await assert.rejects(deliver(accepted('BTC-NOWHERE')), /unknown market BTC-NOWHERE/);
    assert.equal(table.reads, 2);
    assert.deepEqual(store.written, []);
  });
});
