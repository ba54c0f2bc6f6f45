import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MARKET_LISTINGS, MarketListed } from '@exchange/contracts';
import { futureSpec, type MarketSpec } from '@exchange/domain';
import { listingSpecs } from '../src/admin/listing-input';
import type { ListMarketsBody } from '../src/admin/market-listing.dto';
import { assertRefusedFieldByField, assertRefusesMalformedJson, Harness, startGateway } from './app-harness';
import { BTC_PERP, STAFF_KEY, TRADER_KEY } from './fakes';

const EXPIRY = '2026-12-25T08:00:00Z';
const EXPIRY_MS = Date.parse(EXPIRY);
const future = { kind: 'future', underlying: 'BTC', expiry: EXPIRY, tickSize: '0.5', lotSize: '0.001', minSizeLots: 1 };
const series = { ...future, kind: 'option', tickSize: '5', lotSize: '0.01', strikes: ['60000', '65000'] };

const post = (gateway: Harness, body: unknown, key = STAFF_KEY) =>
  gateway.request({ method: 'POST', url: '/admin/v1/markets', key, body });

const listings = (gateway: Harness): MarketListed[] =>
  gateway.bus.published.filter(({ topic }) => topic === 'markets.listed').map(({ message }) => message as MarketListed);

describe('listing specs', () => {
  it('lists strikes in the order given, calls before puts, with canonical decimals', () => {
    const body = { ...series, tickSize: '0.50', strikes: ['65000.0', '60000'], optionTypes: ['put', 'call'] };
    const specs = listingSpecs(body as ListMarketsBody, Date.UTC(2025, 0, 1));
    assert.ok(specs.ok);
    assert.equal(specs.value.series, 'BTC-25DEC26');
    assert.deepEqual(
      specs.value.markets.map((spec) => [spec.symbol, spec.strike, spec.optionType, spec.tickSize]),
      [
        ['BTC-25DEC26-65000-C', '65000', 'call', '0.5'],
        ['BTC-25DEC26-65000-P', '65000', 'put', '0.5'],
        ['BTC-25DEC26-60000-C', '60000', 'call', '0.5'],
        ['BTC-25DEC26-60000-P', '60000', 'put', '0.5'],
      ],
    );
  });
});

describe('POST /admin/v1/markets', () => {
  let gateway: Harness;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(() => gateway.close());

  it('lists a dated future: stored, audit-logged, announced and known to the gateway at once', async () => {
    const response = await post(gateway, future);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const spec = futureSpec({
      underlying: 'BTC',
      expiryMs: EXPIRY_MS,
      tickSize: '0.5',
      lotSize: '0.001',
      minSizeLots: 1,
    });
    const { minSizeLots: _minSizeLots, ...sameInView } = spec;
    const view = { ...sameInView, minSize: '0.001' };
    assert.deepEqual(response.body, [view]);
    assert.deepEqual(gateway.store.marketList.at(-1), spec);
    assert.deepEqual(listings(gateway), [{ spec, timestampMs: gateway.clock.nowMs() }]);
    assert.deepEqual(gateway.store.auditEntries, [
      {
        actor: 'ak_staff',
        action: 'markets.list',
        target: 'BTC-25DEC26',
        details: {
          symbols: ['BTC-25DEC26'],
          kind: 'future',
          tickSize: '0.5',
          lotSize: '0.001',
          minSizeLots: 1,
          expiryMs: EXPIRY_MS,
        },
      },
    ]);

    // Within the catalog's cache time, without a refresh from Postgres.
    gateway.store.marketList = gateway.store.marketList.slice(0, -1);
    const markets = await gateway.request({ method: 'GET', url: '/v1/markets' });
    assert.deepEqual(markets.body.at(-1), view);
    const book = await gateway.request({ method: 'GET', url: '/v1/markets/BTC-25DEC26/book' });
    assert.deepEqual([book.status, book.body.bids, book.body.asks], [200, [], []]);
    const order = await gateway.request({
      method: 'POST',
      url: '/v1/orders',
      key: TRADER_KEY,
      body: { market: 'BTC-25DEC26', side: 'buy', type: 'limit', price: '50000.3', quantity: '0.01' },
    });
    assert.deepEqual([order.status, order.body.code], [400, 'INVALID_PRICE']); // validated against the new market
  });

  it('keeps a new listing across a refresh that does not show it yet, and takes Postgres’ word once it does', async () => {
    await post(gateway, future);
    gateway.store.marketList = [BTC_PERP];
    gateway.clock.ms += 60_000; // the cache has expired: this request refreshes
    await gateway.request({ method: 'GET', url: '/v1/markets' });
    await new Promise((resolve) => setImmediate(resolve));
    const symbols = async () =>
      (await gateway.request({ method: 'GET', url: '/v1/markets' })).body.map(
        (market: { symbol: string }) => market.symbol,
      );
    assert.deepEqual(await symbols(), ['BTC-PERP', 'BTC-25DEC26']);
    gateway.store.marketList = [BTC_PERP, { ...listings(gateway)[0].spec, status: 'halted' }];
    gateway.clock.ms += 60_000;
    await gateway.request({ method: 'GET', url: '/v1/markets' });
    await new Promise((resolve) => setImmediate(resolve));
    const markets = (await gateway.request({ method: 'GET', url: '/v1/markets' })).body;
    assert.deepEqual(
      markets.map((market: { symbol: string; status: string }) => [market.symbol, market.status]),
      [
        ['BTC-PERP', 'active'],
        ['BTC-25DEC26', 'halted'],
      ],
    );
  });

  it('lists an option series, one market per strike and type, both types by default', async () => {
    const response = await post(gateway, series);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(
      response.body.map((market: { symbol: string; strike: string; optionType: string; kind: string }) => [
        market.symbol,
        market.kind,
        market.strike,
        market.optionType,
      ]),
      [
        ['BTC-25DEC26-60000-C', 'option', '60000', 'call'],
        ['BTC-25DEC26-60000-P', 'option', '60000', 'put'],
        ['BTC-25DEC26-65000-C', 'option', '65000', 'call'],
        ['BTC-25DEC26-65000-P', 'option', '65000', 'put'],
      ],
    );
    assert.deepEqual(
      listings(gateway).map((listing) => listing.spec.symbol),
      response.body.map((market: { symbol: string }) => market.symbol),
    );
    assert.equal(gateway.store.marketList.length, 2 + 4);
    const puts = await post(gateway, { ...series, strikes: ['70000'], optionTypes: ['put'] });
    assert.deepEqual(
      puts.body.map((market: { symbol: string }) => market.symbol),
      ['BTC-25DEC26-70000-P'],
    );
    const eth = await post(gateway, {
      ...series,
      underlying: 'ETH',
      tickSize: '0.5',
      lotSize: '0.1',
      strikes: ['2500.5'],
      optionTypes: ['call'],
    });
    assert.deepEqual(
      eth.body.map((market: { symbol: string; strike: string }) => [market.symbol, market.strike]),
      [['ETH-25DEC26-2500d5-C', '2500.5']],
    );
  });

  it('refuses a listing that names a taken symbol, writing none of its markets', async () => {
    assert.equal((await post(gateway, { ...series, strikes: ['65000'], optionTypes: ['call'] })).status, 201);
    const before = gateway.store.marketList.length;
    gateway.bus.published = [];
    const response = await post(gateway, series);
    assert.deepEqual(response.status, 409);
    assert.deepEqual(response.body, {
      code: 'MARKET_EXISTS',
      message: 'already listed: BTC-25DEC26-65000-C',
      details: { symbols: ['BTC-25DEC26-65000-C'] },
    });
    assert.equal(gateway.store.marketList.length, before);
    assert.deepEqual(listings(gateway), []);

    // Listed meanwhile by another gateway: the catalog does not know yet, the store's transaction refuses.
    gateway.store.marketList = [...gateway.store.marketList, { ...BTC_PERP, symbol: 'BTC-25DEC26', kind: 'future' }];
    const raced = await post(gateway, future);
    assert.deepEqual(
      [raced.status, raced.body.code, raced.body.details],
      [409, 'MARKET_EXISTS', { symbols: ['BTC-25DEC26'] }],
    );
    assert.deepEqual(listings(gateway), []);
  });

  it('refuses underlyings without a perpetual and bad expiries', async () => {
    const unknown = await post(gateway, { ...future, underlying: 'DOGE' });
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'UNKNOWN_UNDERLYING']);
    gateway.store.marketList = [BTC_PERP, { ...BTC_PERP, symbol: 'SOL-25DEC26', underlying: 'SOL', kind: 'future' }];
    gateway.clock.ms += 60_000;
    await gateway.request({ method: 'GET', url: '/v1/markets' });
    await new Promise((resolve) => setImmediate(resolve));
    const noPerp = await post(gateway, { ...future, underlying: 'SOL' });
    assert.deepEqual([noPerp.status, noPerp.body.code], [400, 'UNKNOWN_UNDERLYING']);
    for (const [expiry, reason] of [
      ['2024-12-27T08:00:00Z', 'PAST'],
      ['2026-12-25', 'MALFORMED'],
      ['2026-12-25T08:00:00', 'MALFORMED'],
      ['2026-12-25T08:00:00.001Z', 'NOT_WHOLE_SECOND'],
      ['2099-12-25T08:00:00Z', 'TOO_LATE'],
    ]) {
      const response = await post(gateway, { ...series, expiry });
      assert.deepEqual(
        [response.status, response.body.code, response.body.details.reason],
        [400, 'INVALID_EXPIRY', reason],
        expiry,
      );
    }
    assert.deepEqual(listings(gateway), []);
  });

  it('refuses sizes that do not make whole micro-USDC, strikes off the grid and option fields on a future', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...future, tickSize: '0.0000001' }, 'tickSize', 'TOO_MANY_DECIMALS'],
      [{ ...future, tickSize: '0' }, 'tickSize', 'NOT_POSITIVE'],
      [{ ...future, tickSize: '-0.5' }, 'tickSize', 'NOT_POSITIVE'],
      [{ ...future, tickSize: '1e3' }, 'tickSize', 'NOT_A_DECIMAL'],
      [{ ...future, tickSize: '10000000' }, 'tickSize', 'TOO_LARGE'],
      [{ ...future, lotSize: '0.0000000000001' }, 'lotSize', 'TOO_MANY_DECIMALS'],
      [{ ...future, tickSize: '0.000001', lotSize: '0.1' }, 'lotSize', 'TICK_LOT_NOT_WHOLE_MICRO'],
      [{ ...future, tickSize: '1000000', lotSize: '1000000' }, 'lotSize', 'TICK_LOT_NOT_WHOLE_MICRO'],
      [{ ...series, strikes: ['60002'] }, 'strikes.0', 'NOT_A_MULTIPLE'],
      [{ ...series, strikes: ['60000', '-65000'] }, 'strikes.1', 'NEGATIVE'],
      [{ ...series, strikes: ['0'] }, 'strikes.0', 'NOT_POSITIVE'],
      [{ ...series, strikes: ['60000', '60000.00'] }, 'strikes.1', 'DUPLICATE'],
      [{ ...series, strikes: ['6e4'] }, 'strikes.0', 'NOT_A_DECIMAL'],
      [{ ...series, strikes: ['1'.repeat(35)] }, 'strikes.0', 'TOO_LARGE'],
      [{ ...future, strikes: ['60000'] }, 'strikes', 'OPTIONS_ONLY'],
      [{ ...future, optionTypes: ['call'] }, 'optionTypes', 'OPTIONS_ONLY'],
      [{ ...series, strikes: undefined }, 'strikes', 'MISSING'],
    ];
    for (const [body, field, reason] of cases) {
      const response = await post(gateway, body);
      assert.deepEqual(
        [response.status, response.body.code, response.body.details?.field, response.body.details?.reason],
        [400, 'INVALID_MARKET_SPEC', field, reason],
        JSON.stringify(body),
      );
    }
    assert.deepEqual([listings(gateway), gateway.store.auditEntries], [[], []]);
  });

  it('refuses malformed bodies field by field', async () => {
    const cases: [unknown, string][] = [
      [{ ...future, kind: 'perpetual' }, 'kind'],
      [{ ...future, minSizeLots: 0 }, 'minSizeLots'],
      [{ ...future, minSizeLots: 1.5 }, 'minSizeLots'],
      [{ ...future, minSizeLots: '1' }, 'minSizeLots'],
      [{ ...future, minSizeLots: 1e300 }, 'minSizeLots'],
      [{ ...future, tickSize: 0.5 }, 'tickSize'],
      [{ ...future, underlying: 'btc' }, 'underlying'],
      [{ ...future, expiry: 1798185600000 }, 'expiry'],
      [{ ...series, strikes: [] }, 'strikes'],
      [{ ...series, strikes: [60000] }, 'strikes'],
      [{ ...series, strikes: '60000' }, 'strikes'],
      [{ ...series, strikes: Array.from({ length: 101 }, (_, index) => String(60000 + 5 * index)) }, 'strikes'],
      [{ ...series, optionTypes: ['call', 'call'] }, 'optionTypes'],
      [{ ...series, optionTypes: ['straddle'] }, 'optionTypes'],
      [{ ...series, optionTypes: [] }, 'optionTypes'],
      [{ ...future, status: 'halted' }, 'status'],
    ];
    await assertRefusedFieldByField((body) => post(gateway, body), cases);
    await assertRefusesMalformedJson(
      gateway,
      { method: 'POST', url: '/admin/v1/markets', key: STAFF_KEY },
      '{"kind":"future",',
    );
  });

  it('is for staff only', async () => {
    const trader = await post(gateway, future, TRADER_KEY);
    assert.deepEqual([trader.status, trader.body.code], [403, 'FORBIDDEN']);
    const anonymous = await gateway.request({ method: 'POST', url: '/admin/v1/markets', body: future });
    assert.deepEqual([anonymous.status, anonymous.body.code], [401, 'UNAUTHENTICATED']);
    assert.equal(gateway.store.marketList.length, 2);
  });

  it('answers 503 when the markets cannot be stored, and says so when they are stored but not announced', async () => {
    gateway.store.failMarketInsert = true;
    const unstored = await post(gateway, future);
    assert.deepEqual([unstored.status, unstored.body.code], [503, 'SERVICE_UNAVAILABLE']);
    assert.deepEqual(listings(gateway), []);
    gateway.store.failMarketInsert = false;
    gateway.bus.failPublish = true;
    const unannounced = await post(gateway, future);
    assert.deepEqual(
      [unannounced.status, unannounced.body.code, unannounced.body.details],
      [503, 'SERVICE_UNAVAILABLE', { symbols: ['BTC-25DEC26'], stored: true }],
    );
  });
});

describe('listings by other gateways', () => {
  it('join the catalog as they arrive on markets.listed', async () => {
    const gateway = await startGateway();
    try {
      const spec: MarketSpec = { ...BTC_PERP, symbol: 'BTC-25DEC26', kind: 'future', expiryMs: EXPIRY_MS };
      await gateway.bus.deliver(MARKET_LISTINGS, { spec, timestampMs: 1 });
      const book = await gateway.request({ method: 'GET', url: '/v1/markets/BTC-25DEC26/book' });
      assert.equal(book.status, 200);
      // A replayed listing never overrides what the catalog knows.
      await gateway.bus.deliver(MARKET_LISTINGS, { spec: { ...BTC_PERP, tickSize: '1000' }, timestampMs: 2 });
      const markets = (await gateway.request({ method: 'GET', url: '/v1/markets' })).body;
      assert.equal(markets.find((market: { symbol: string }) => market.symbol === 'BTC-PERP').tickSize, '0.5');
    } finally {
      await gateway.close();
    }
  });
});
