import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MARKET_LISTINGS,
  PRICES,
  VOL_SURFACES,
  type MarketListed,
  type PriceUpdate,
  type TopicSpec,
  type VolSurfaceUpdate,
} from '@exchange/contracts';
import { BTC_PERP, futureSpec, monthlyExpiriesAfter, optionSpec, type MarketSpec } from '@exchange/domain';
import type { Delivered, MessageBus, SubscriptionOptions } from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import { futureMark } from '../src/future-marks';
import { PriceFeedWorker } from '../src/price-feed.worker';
import { RandomWalk } from '../src/random-walk';

const [NEAR, FAR] = monthlyExpiriesAfter(Date.now(), 2);
const FUTURE = futureSpec({ underlying: 'BTC', expiryMs: NEAR, tickSize: '0.5', lotSize: '0.001', minSizeLots: 1 });
const option = (expiryMs: number, underlying = 'BTC'): MarketSpec =>
  optionSpec({
    underlying,
    expiryMs,
    strike: '50000',
    optionType: 'call',
    tickSize: '5',
    lotSize: '0.01',
    minSizeLots: 1,
  });

const delivered = <T>(topic: TopicSpec<T>, value: T, offset = 0): Delivered<T> => ({
  topic: topic.name,
  partition: 0,
  offset: String(offset),
  key: null,
  value,
  timestampMs: 0,
});

/** A bus over in-memory topics: what was published, and handlers the test can deliver to. */
function fakeBus(surfacesOnTopic: VolSurfaceUpdate[]) {
  const published = new Map<string, unknown[]>();
  const handlers = new Map<string, (messages: readonly Delivered<unknown>[]) => Promise<void>>();
  const bus = {
    publisher: async () => ({
      publish: async <T>(topic: TopicSpec<T>, messages: readonly T[]) => {
        published.set(topic.name, [...(published.get(topic.name) ?? []), ...messages]);
      },
      close: async () => undefined,
    }),
    readToEnd: async (topic: TopicSpec<unknown>, onMessage: (message: Delivered<unknown>) => void) => {
      assert.equal(topic.name, VOL_SURFACES.name);
      surfacesOnTopic.forEach((surface, offset) => onMessage(delivered(VOL_SURFACES, surface, offset)));
    },
    subscribe: async (options: SubscriptionOptions<unknown>) => {
      handlers.set(options.topic.name, options.handle);
      return { ready: Promise.resolve(), stop: async () => undefined };
    },
  } as unknown as MessageBus;
  const sent = <T>(topic: TopicSpec<T>): T[] => (published.get(topic.name) ?? []) as T[];
  const deliver = <T>(topic: TopicSpec<T>, values: T[]) =>
    handlers.get(topic.name)!(values.map((value, offset) => delivered(topic, value, offset)));
  return { bus, sent, deliver };
}

async function startedFeed(table: MarketSpec[], surfacesOnTopic: VolSurfaceUpdate[] = [], intervalMs = 3_600_000) {
  const fake = fakeBus(surfacesOnTopic);
  const walk = new RandomWalk([{ underlying: 'BTC', startPrice: 50_000_000_000, stepVolatility: 0.0005 }], 1);
  const worker = new PriceFeedWorker(
    fake.bus,
    walk,
    intervalMs,
    createLogger('test', 'error'),
    { list: async () => table },
    { basisRate: 0.05, defaultVols: { BTC: 0.55, ETH: 0.65 } },
  );
  await worker.onApplicationBootstrap();
  return { ...fake, worker };
}

const listed = (spec: MarketSpec): MarketListed => ({ spec, timestampMs: Date.now() });
const expiriesOf = (surface: VolSurfaceUpdate | undefined) => surface?.slices.map((slice) => slice.expiryMs);

describe('price feed with listed futures and options', () => {
  it('marks listed futures at index plus basis, perpetuals at the index', async () => {
    const { sent, worker } = await startedFeed([BTC_PERP, FUTURE]);
    await worker.onApplicationShutdown();
    const [update] = sent(PRICES) as PriceUpdate[];
    assert.deepEqual(Object.keys(update.markPrices), [FUTURE.symbol]);
    assert.equal(update.markPrices[FUTURE.symbol], futureMark(update.indexPrice, 0.05, NEAR, update.timestampMs));
    assert.ok(update.markPrices[FUTURE.symbol] > update.indexPrice);
  });

  it('seeds a flat surface per underlying with options and none on the topic, one slice per expiry', async () => {
    const { sent, worker } = await startedFeed([BTC_PERP, option(FAR), option(NEAR), option(NEAR)]);
    await worker.onApplicationShutdown();
    const surfaces = sent(VOL_SURFACES) as VolSurfaceUpdate[];
    assert.equal(surfaces.length, 1);
    assert.equal(surfaces[0].underlying, 'BTC');
    assert.equal(surfaces[0].source, 'seed');
    assert.deepEqual(surfaces[0].slices, [
      { expiryMs: NEAR, smile: { kind: 'flat', vol: 0.55 } },
      { expiryMs: FAR, smile: { kind: 'flat', vol: 0.55 } },
    ]);
  });

  it('leaves a surface staff already set alone', async () => {
    const staff: VolSurfaceUpdate = {
      underlying: 'BTC',
      slices: [{ expiryMs: NEAR, smile: { kind: 'flat', vol: 0.7 } }],
      timestampMs: 0,
      source: 'staff',
    };
    const { sent, worker } = await startedFeed([option(NEAR)], [staff]);
    await worker.onApplicationShutdown();
    assert.deepEqual(sent(VOL_SURFACES), []);
  });

  it('follows listings: a new expiry joins the last surface at its vol; futures get marks', async () => {
    const { sent, deliver, worker } = await startedFeed([option(NEAR)], [], 5);
    const staff: VolSurfaceUpdate = {
      underlying: 'BTC',
      slices: [{ expiryMs: NEAR, smile: { kind: 'flat', vol: 0.7 } }],
      timestampMs: 1,
      source: 'staff',
    };
    await deliver(VOL_SURFACES, [staff]);
    await deliver(MARKET_LISTINGS, [listed(option(NEAR)), listed(option(FAR)), listed(option(FAR, 'ETH'))]);
    const surfaces = sent(VOL_SURFACES) as VolSurfaceUpdate[];
    assert.deepEqual(
      surfaces.map((surface) => [surface.underlying, expiriesOf(surface)]),
      [
        ['BTC', [NEAR]],
        ['BTC', [NEAR, FAR]],
        ['ETH', [FAR]],
      ],
    );
    assert.deepEqual(surfaces[1].slices[1].smile, { kind: 'flat', vol: 0.7 }, "the last surface's vol");
    assert.deepEqual(surfaces[2].slices[0].smile, { kind: 'flat', vol: 0.65 }, 'the default for a new underlying');

    await deliver(MARKET_LISTINGS, [listed(option(FAR)), listed(futureSpec({ ...FUTURE, expiryMs: Date.now() - 1 }))]);
    assert.equal(sent(VOL_SURFACES).length, 3, 'a known listing and an expired one change nothing');
    await deliver(MARKET_LISTINGS, [listed(FUTURE)]);
    const marked = () => (sent(PRICES) as PriceUpdate[]).some((update) => FUTURE.symbol in update.markPrices);
    for (let waited = 0; !marked() && waited < 2_000; waited += 10) await new Promise((done) => setTimeout(done, 10));
    await worker.onApplicationShutdown();
    assert.ok(marked(), 'a listed future is marked on the next tick');
  });
});
