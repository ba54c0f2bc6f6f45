import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MARGIN_STATES, MATCHING_EVENTS, PlaceOrder, PRICES, PriceUpdate } from '@exchange/contracts';
import { answerCommands, Harness, startGateway } from './app-harness';
import { bookRejection, cancelledOrder, restingOrder, riskRejection } from './engine-answers';
import { STAFF_KEY, TRADER_ACCOUNT, TRADER_KEY } from './fakes';

const order = { market: 'BTC-PERP', side: 'buy', type: 'limit', price: '50000.5', quantity: '0.01' };

describe('gateway HTTP API', () => {
  let gateway: Harness;
  before(async () => {
    gateway = await startGateway({ orderRateBurst: 3, orderRatePerSecond: 1 });
  });
  after(() => gateway.close());

  describe('authentication', () => {
    it('asks for credentials when there are none', async () => {
      const response = await gateway.request({ method: 'GET', url: '/v1/account' });
      assert.equal(response.status, 401);
      assert.equal(response.body.code, 'UNAUTHENTICATED');
      assert.equal(response.headers['www-authenticate'], 'Bearer');
    });

    it('refuses unknown keys, wrong secrets and malformed tokens alike', async () => {
      for (const key of ['ak_nobody.secret', 'ak_trader.wrong', 'no-dot-at-all']) {
        const response = await gateway.request({ method: 'GET', url: '/v1/account', key });
        assert.deepEqual([response.status, response.body.code], [401, 'INVALID_API_KEY'], key);
      }
    });

    it('keeps a trader key off staff routes', async () => {
      const response = await gateway.request({
        method: 'POST',
        url: '/admin/v1/prices',
        key: TRADER_KEY,
        body: { underlying: 'BTC', indexPrice: '50000' },
      });
      assert.deepEqual([response.status, response.body.code], [403, 'FORBIDDEN']);
    });

    it('caches a successful lookup for 30 s, then asks Postgres again', async () => {
      const fresh = await startGateway();
      try {
        await fresh.request({ method: 'GET', url: '/v1/account', key: TRADER_KEY });
        await fresh.request({ method: 'GET', url: '/v1/account', key: TRADER_KEY });
        assert.equal(fresh.store.keyLookups, 1);
        fresh.store.keys.delete('ak_trader'); // revoked
        fresh.clock.ms += 30_001;
        const response = await fresh.request({ method: 'GET', url: '/v1/account', key: TRADER_KEY });
        assert.equal(fresh.store.keyLookups, 2);
        assert.equal(response.body.code, 'INVALID_API_KEY');
      } finally {
        await fresh.close();
      }
    });
  });

  describe('error bodies', () => {
    it('answers malformed JSON with MALFORMED_JSON', async () => {
      const response = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        payload: '{"market":',
        headers: { 'content-type': 'application/json' },
      });
      assert.deepEqual(response.body, { code: 'MALFORMED_JSON', message: 'request body is not valid JSON' });
      assert.equal(response.status, 400);
    });

    it('names every offending field of an invalid body', async () => {
      const response = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        body: { ...order, price: 50000.5, leverage: 100 },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'VALIDATION_ERROR');
      assert.deepEqual(response.body.details.fields.map((field: { field: string }) => field.field).sort(), [
        'leverage',
        'price',
      ]);
    });

    it('validates a missing body as an empty one', async () => {
      const response = await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY });
      assert.equal(response.body.code, 'VALIDATION_ERROR');
      assert.deepEqual(response.body.details.fields.map((field: { field: string }) => field.field).sort(), [
        'market',
        'quantity',
        'side',
        'type',
      ]);
    });

    it('refuses a null where a field is optional', async () => {
      const response = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        body: { ...order, clientOrderId: null },
      });
      assert.equal(response.body.code, 'VALIDATION_ERROR');
      assert.equal(response.body.details.fields[0].field, 'clientOrderId');
    });

    it('answers unknown routes, oversized and non-JSON bodies with the error body', async () => {
      const missing = await gateway.request({ method: 'GET', url: '/v2/nothing' });
      assert.deepEqual([missing.status, missing.body.code], [404, 'NOT_FOUND']);
      const large = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        body: { pad: 'x'.repeat(70_000) },
      });
      assert.deepEqual([large.status, large.body.code], [413, 'PAYLOAD_TOO_LARGE']);
      const text = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        payload: 'hi',
        headers: { 'content-type': 'text/plain' },
      });
      assert.deepEqual([text.status, text.body.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    });
  });

  describe('order entry', () => {
    it('publishes a validated PlaceOrder and answers 201 with the order state', async () => {
      gateway.clock.ms += 10_000; // refill the rate limit the invalid requests above used
      answerCommands(gateway, (command) => restingOrder(command));
      gateway.bus.published = [];
      const response = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        body: { ...order, clientOrderId: 'my-1' },
      });
      assert.equal(response.status, 201);
      const command = gateway.bus.published[0].message as PlaceOrder;
      assert.equal(gateway.bus.published[0].topic, 'orders.commands');
      assert.match(command.orderId, /^o_[0-9a-z]{22}$/);
      assert.match(command.requestId, /^r_[0-9a-z]{22}$/);
      assert.deepEqual(
        { ...command, orderId: 'x', requestId: 'y' },
        {
          kind: 'place',
          requestId: 'y',
          orderId: 'x',
          accountId: TRADER_ACCOUNT,
          clientOrderId: 'my-1',
          market: 'BTC-PERP',
          side: 'buy',
          type: 'limit',
          timeInForce: 'GTC',
          priceTicks: 100_001,
          sizeLots: 10,
          receivedAtUs: gateway.clock.nowUs(),
        },
      );
      assert.deepEqual(response.body, {
        orderId: command.orderId,
        clientOrderId: 'my-1',
        market: 'BTC-PERP',
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price: '50000.5',
        quantity: '0.01',
        filledQuantity: '0',
        remainingQuantity: '0.01',
        status: 'open',
        fills: [],
        inTimeUs: gateway.clock.nowUs(),
        outTimeUs: gateway.clock.nowUs(),
      });
      const query = await gateway.request({ method: 'GET', url: `/v1/orders/${command.orderId}`, key: TRADER_KEY });
      assert.deepEqual([query.status, query.body.status, query.body.remainingQuantity], [200, 'open', '0.01']);
    });

    it('refuses bad markets, prices and quantities before publishing', async () => {
      gateway.clock.ms += 10_000; // refill the rate limit
      gateway.bus.published = [];
      const cases: [Record<string, unknown>, string, string][] = [
        [{ ...order, market: 'DOGE-PERP' }, 'UNKNOWN_MARKET', 'unknown market DOGE-PERP'],
        [{ ...order, price: '50000.3' }, 'INVALID_PRICE', 'price is not a multiple of tick size 0.5'],
        [{ ...order, quantity: '0' }, 'INVALID_QUANTITY', 'quantity must be positive'],
      ];
      for (const [body, code, message] of cases) {
        const response = await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body });
        assert.deepEqual([response.status, response.body.code, response.body.message], [400, code, message]);
      }
      assert.equal(gateway.bus.published.length, 0);
    });

    it('passes on the risk stage refusal with its details; duplicates are 409', async () => {
      gateway.clock.ms += 10_000;
      answerCommands(gateway, (command) =>
        riskRejection(command, 'INSUFFICIENT_MARGIN', 'initial margin 510 exceeds available 100', {
          required: '510',
          available: '100',
        }),
      );
      const margin = await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body: order });
      assert.equal(margin.status, 400);
      assert.deepEqual(
        { ...margin.body, details: { ...margin.body.details, orderId: 'o' } },
        {
          code: 'INSUFFICIENT_MARGIN',
          message: 'initial margin 510 exceeds available 100',
          details: { required: '510', available: '100', orderId: 'o' },
        },
      );
      answerCommands(gateway, (command) =>
        riskRejection(command, 'DUPLICATE_CLIENT_ORDER_ID', 'client order id my-1 is in use'),
      );
      const duplicate = await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body: order });
      assert.deepEqual([duplicate.status, duplicate.body.code], [409, 'DUPLICATE_CLIENT_ORDER_ID']);
    });

    it('passes on a refusal by the book', async () => {
      gateway.clock.ms += 10_000;
      answerCommands(gateway, (command) => bookRejection(command, 'NO_LIQUIDITY', 'book empty'));
      const response = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        body: { ...order, type: 'market', price: undefined },
      });
      assert.deepEqual([response.status, response.body.code], [400, 'NO_LIQUIDITY']);
    });

    it('answers 504 STATUS_UNKNOWN with the order id when the engines are silent', async () => {
      gateway.clock.ms += 10_000;
      answerCommands(gateway, () => 'silence');
      const response = await gateway.request({
        method: 'POST',
        url: '/v1/orders',
        key: TRADER_KEY,
        body: { ...order, clientOrderId: 'c-9' },
      });
      assert.equal(response.status, 504);
      assert.equal(response.body.code, 'STATUS_UNKNOWN');
      assert.match(response.body.details.orderId, /^o_/);
      assert.equal(response.body.details.clientOrderId, 'c-9');
    });

    it('answers 503 when the command cannot be published', async () => {
      gateway.clock.ms += 10_000;
      gateway.bus.failPublish = true;
      try {
        const response = await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body: order });
        assert.deepEqual([response.status, response.body.code], [503, 'SERVICE_UNAVAILABLE']);
      } finally {
        gateway.bus.failPublish = false;
      }
    });

    it('limits orders per key with X-RateLimit headers but never limits cancels', async () => {
      gateway.clock.ms += 10_000;
      answerCommands(gateway, (command) => restingOrder(command));
      const placed = [];
      for (let i = 0; i < 4; i++) {
        placed.push(await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body: order }));
      }
      assert.deepEqual(
        placed.map((response) => response.status),
        [201, 201, 201, 429],
      );
      const limited = placed[3];
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.equal(limited.headers['x-ratelimit-limit'], '3');
      assert.equal(limited.headers['x-ratelimit-remaining'], '0');
      assert.equal(limited.headers['retry-after'], '1');

      answerCommands(gateway, (command) => cancelledOrder(command, 10));
      for (const response of placed.slice(0, 3)) {
        const cancel = await gateway.request({
          method: 'DELETE',
          url: `/v1/orders/${response.body.orderId}`,
          key: TRADER_KEY,
        });
        assert.deepEqual([cancel.status, cancel.body.status], [200, 'cancelled']);
      }
    });

    it('answers a cancel with the cancelled order, and 404 for an unknown order', async () => {
      gateway.clock.ms += 10_000;
      answerCommands(gateway, (command) => restingOrder(command));
      const placed = await gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body: order });
      answerCommands(gateway, (command) =>
        command.kind === 'cancel' && command.orderId === placed.body.orderId
          ? cancelledOrder(command, 10)
          : riskRejection(command, 'UNKNOWN_ORDER', 'no such open order'),
      );
      const cancelled = await gateway.request({
        method: 'DELETE',
        url: `/v1/orders/${placed.body.orderId}`,
        key: TRADER_KEY,
      });
      assert.equal(cancelled.status, 200);
      assert.deepEqual(
        [cancelled.body.orderId, cancelled.body.status, cancelled.body.remainingQuantity, cancelled.body.price],
        [placed.body.orderId, 'cancelled', '0', '50000.5'],
      );
      const published = gateway.bus.published.at(-1)?.message;
      assert.deepEqual(
        { ...(published as object), requestId: 'r' },
        {
          kind: 'cancel',
          requestId: 'r',
          orderId: placed.body.orderId,
          accountId: TRADER_ACCOUNT,
          market: null,
          receivedAtUs: gateway.clock.nowUs(),
        },
      );
      const unknown = await gateway.request({ method: 'DELETE', url: '/v1/orders/o_nope', key: TRADER_KEY });
      assert.deepEqual([unknown.status, unknown.body.code], [404, 'UNKNOWN_ORDER']);
    });
  });

  describe('reads', () => {
    it('lists open orders and fills from Postgres, validating the query', async () => {
      gateway.store.orderRows = [
        {
          orderId: 'o_1',
          clientOrderId: null,
          market: 'ETH-PERP',
          side: 'sell',
          type: 'limit',
          timeInForce: 'GTC',
          priceTicks: 300_012,
          sizeLots: 150,
          filledLots: 50,
          filledValue: null,
          openLots: 100,
          status: 'partially_filled',
        },
      ];
      gateway.store.fillRows = [
        {
          tradeId: 't_1',
          orderId: 'o_1',
          market: 'ETH-PERP',
          side: 'sell',
          priceTicks: 300_012,
          sizeLots: 50,
          liquidity: 'maker',
          fee: -150n,
          timestampUs: 5,
        },
      ];
      const orders = await gateway.request({
        method: 'GET',
        url: '/v1/orders?status=open&market=ETH-PERP',
        key: TRADER_KEY,
      });
      assert.deepEqual(orders.body, [
        {
          orderId: 'o_1',
          clientOrderId: null,
          market: 'ETH-PERP',
          side: 'sell',
          type: 'limit',
          timeInForce: 'GTC',
          price: '3000.12',
          quantity: '1.5',
          filledQuantity: '0.5',
          remainingQuantity: '1',
          status: 'partially_filled',
        },
      ]);
      const fills = await gateway.request({ method: 'GET', url: '/v1/fills?limit=1', key: TRADER_KEY });
      assert.deepEqual(fills.body, [
        {
          tradeId: 't_1',
          orderId: 'o_1',
          market: 'ETH-PERP',
          side: 'sell',
          price: '3000.12',
          quantity: '0.5',
          liquidity: 'maker',
          fee: '-0.00015',
          timestampUs: 5,
        },
      ]);
      for (const url of [
        '/v1/orders?status=closed',
        '/v1/fills?limit=0',
        '/v1/fills?limit=abc',
        '/v1/fills?limit=1001',
      ]) {
        const response = await gateway.request({ method: 'GET', url, key: TRADER_KEY });
        assert.deepEqual([response.status, response.body.code], [400, 'VALIDATION_ERROR'], url);
      }
    });

    it('serves the level-2 book rebuilt from matching events, with a bounded depth', async () => {
      await gateway.bus.deliver(MATCHING_EVENTS, {
        market: 'ETH-PERP',
        requestId: 'elsewhere',
        input: { partition: 1, offset: '9' },
        timestampUs: 1,
        events: [
          {
            type: 'book',
            seq: 41,
            changes: [
              { side: 'buy', priceTicks: 300_000, sizeLots: 10 },
              { side: 'buy', priceTicks: 299_999, sizeLots: 25 },
              { side: 'sell', priceTicks: 300_005, sizeLots: 1 },
            ],
          },
        ],
      });
      const book = await gateway.request({ method: 'GET', url: '/v1/markets/ETH-PERP/book?depth=1' });
      assert.deepEqual(book.body, {
        market: 'ETH-PERP',
        seq: 41,
        bids: [['3000', '0.1']],
        asks: [['3000.05', '0.01']],
      });
      for (const depth of ['0', '1001', 'x']) {
        const response = await gateway.request({ method: 'GET', url: `/v1/markets/ETH-PERP/book?depth=${depth}` });
        assert.deepEqual([response.status, response.body.code], [400, 'VALIDATION_ERROR'], depth);
      }
      const unknown = await gateway.request({ method: 'GET', url: '/v1/markets/NOPE/book' });
      assert.deepEqual([unknown.status, unknown.body.code], [404, 'UNKNOWN_MARKET']);
    });

    it('shows the account with the latest margin state and mark prices', async () => {
      gateway.store.positionRows = [
        { market: 'BTC-PERP', sizeLots: 1000n, costTicksLots: 100_000_000n, realizedPnl: 0n },
      ];
      const before = await gateway.request({ method: 'GET', url: '/v1/account', key: TRADER_KEY });
      assert.deepEqual(before.body, {
        accountId: TRADER_ACCOUNT,
        balances: [{ asset: 'USDC', amount: '10000' }],
        positions: [{ market: 'BTC-PERP', size: '1', entryPrice: '50000', realizedPnl: '0' }],
        margin: {
          marginMode: null,
          paramsVersion: null,
          equity: '10000',
          maintenanceEquity: '10000',
          initialMargin: '0',
          maintenanceMargin: '0',
          available: '10000',
          collateral: '10000',
          unrealizedPnl: '0',
          marginRatio: null,
          belowMaintenance: false,
          units: [],
          updatedAt: null,
        },
      });
      await gateway.bus.deliver(MARGIN_STATES, {
        accountId: TRADER_ACCOUNT,
        marginMode: 'portfolio',
        paramsVersion: 'v7',
        collateral: '10000000000',
        unrealizedPnl: '-2000000',
        equity: '9998000000',
        maintenanceEquity: '9998000000',
        initialMargin: '500000000',
        maintenanceMargin: '250000000',
        available: '9498000000',
        marginRatio: 0.025005,
        belowMaintenance: false,
        units: [
          { unit: 'BTC', initialMargin: '499999999', maintenanceMargin: '249999999' },
          { unit: 'ETH', initialMargin: '1', maintenanceMargin: '1' },
        ],
        marks: {},
        timestampMs: Date.UTC(2025, 0, 1),
      });
      await gateway.bus.deliver(PRICES, {
        underlying: 'BTC',
        indexPrice: 49_990_000_000,
        markPrices: { 'BTC-PERP': 49_998_000_000 },
        timestampMs: 1,
        source: 'oracle',
      } satisfies PriceUpdate);
      const afterUpdate = await gateway.request({ method: 'GET', url: '/v1/account', key: TRADER_KEY });
      assert.deepEqual(afterUpdate.body.margin, {
        marginMode: 'portfolio',
        paramsVersion: 'v7',
        equity: '9998',
        maintenanceEquity: '9998',
        initialMargin: '500',
        maintenanceMargin: '250',
        available: '9498',
        collateral: '10000',
        unrealizedPnl: '-2',
        marginRatio: 0.025005,
        belowMaintenance: false,
        units: [
          { unit: 'BTC', initialMargin: '499.999999', maintenanceMargin: '249.999999' },
          { unit: 'ETH', initialMargin: '0.000001', maintenanceMargin: '0.000001' },
        ],
        updatedAt: '2025-01-01T00:00:00.000Z',
      });
      assert.deepEqual(afterUpdate.body.positions[0], {
        market: 'BTC-PERP',
        size: '1',
        entryPrice: '50000',
        realizedPnl: '0',
        markPrice: '49998',
        unrealizedPnl: '-2',
      });

      // The mark the risk engine valued a position at wins over the prices stream (an option's has no other).
      await gateway.bus.deliver(MARGIN_STATES, {
        accountId: TRADER_ACCOUNT,
        marginMode: 'portfolio',
        paramsVersion: 'v7',
        collateral: '10000000000',
        unrealizedPnl: '-1000000000',
        equity: '9000000000',
        maintenanceEquity: '9000000000',
        initialMargin: '500000000',
        maintenanceMargin: '250000000',
        available: '8500000000',
        marginRatio: 0.0278,
        belowMaintenance: false,
        units: [],
        marks: { 'BTC-PERP': '49000000000' },
        timestampMs: Date.UTC(2025, 0, 2),
      });
      const engineMark = await gateway.request({ method: 'GET', url: '/v1/account', key: TRADER_KEY });
      assert.equal(engineMark.body.positions[0].markPrice, '49000');
      assert.equal(engineMark.body.positions[0].unrealizedPnl, '-1000');
    });
  });

  describe('staff prices', () => {
    it('publishes a staff price update in micro-USDC and audit-logs it', async () => {
      gateway.bus.published = [];
      const response = await gateway.request({
        method: 'POST',
        url: '/admin/v1/prices',
        key: STAFF_KEY,
        body: { underlying: 'BTC', indexPrice: '50000', markPrices: { 'BTC-PERP': '50010.25' } },
      });
      assert.equal(response.status, 202);
      const update = {
        underlying: 'BTC',
        indexPrice: 50_000_000_000,
        markPrices: { 'BTC-PERP': 50_010_250_000 },
        timestampMs: gateway.clock.nowMs(),
        source: 'staff',
      };
      assert.deepEqual(gateway.bus.published, [{ topic: 'prices', message: update }]);
      assert.deepEqual(gateway.store.auditEntries.at(-1), {
        actor: 'ak_staff',
        action: 'prices.publish',
        target: 'BTC',
        details: {
          indexPrice: 50_000_000_000,
          markPrices: { 'BTC-PERP': 50_010_250_000 },
          timestampMs: gateway.clock.nowMs(),
        },
      });
      assert.deepEqual(response.body, {
        underlying: 'BTC',
        indexPrice: '50000',
        markPrices: { 'BTC-PERP': '50010.25' },
        timestampMs: gateway.clock.nowMs(),
      });
    });

    it('refuses malformed prices and markets of another underlying', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ underlying: 'BTC', indexPrice: '-5' }, 'INVALID_PRICE'],
        [{ underlying: 'BTC', indexPrice: '1.0000001' }, 'INVALID_PRICE'],
        [{ underlying: 'BTC', indexPrice: '50000', markPrices: { 'ETH-PERP': '3000' } }, 'VALIDATION_ERROR'],
        [{ underlying: 'BTC', indexPrice: '50000', markPrices: { 'BTC-PERP': 3000 } }, 'VALIDATION_ERROR'],
        [{ underlying: 'DOGE', indexPrice: '1' }, 'UNKNOWN_MARKET'],
      ];
      for (const [body, code] of cases) {
        const response = await gateway.request({ method: 'POST', url: '/admin/v1/prices', key: STAFF_KEY, body });
        assert.deepEqual([response.status, response.body.code], [400, code], JSON.stringify(body));
      }
    });
  });

  describe('operations', () => {
    it('reports health per dependency', async () => {
      const ok = await gateway.request({ method: 'GET', url: '/health' });
      assert.deepEqual([ok.status, ok.body], [200, { status: 'ok', kafka: true, postgres: true, consumers: true }]);
      gateway.store.healthy = false;
      try {
        const down = await gateway.request({ method: 'GET', url: '/health' });
        assert.deepEqual(
          [down.status, down.body],
          [503, { status: 'unavailable', kafka: true, postgres: false, consumers: true }],
        );
      } finally {
        gateway.store.healthy = true;
      }
    });

    it('exports request counts and order latency for Prometheus', async () => {
      const response = await gateway.request({ method: 'GET', url: '/metrics' });
      assert.match(String(response.headers['content-type']), /^text\/plain/);
      assert.match(response.text, /gateway_http_requests_total\{method="POST",route="\/v1\/orders",status="201"\} \d+/);
      assert.match(response.text, /gateway_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
      assert.match(response.text, /gateway_order_ack_seconds_count [1-9]/);
      assert.match(response.text, /gateway_ws_connections|# TYPE gateway_ws_connections gauge/);
    });

    it('documents the API as OpenAPI with the bearer scheme and the error body', async () => {
      const response = await gateway.request({ method: 'GET', url: '/docs-json' });
      assert.equal(response.status, 200);
      assert.deepEqual(Object.keys(response.body.paths).sort(), [
        '/admin/v1/margin-params',
        '/admin/v1/margin-params/{underlying}',
        '/admin/v1/markets',
        '/admin/v1/prices',
        '/admin/v1/vol-surfaces',
        '/health',
        '/v1/account',
        '/v1/account/margin-mode',
        '/v1/fills',
        '/v1/margin/simulate',
        '/v1/markets',
        '/v1/markets/{market}/book',
        '/v1/markets/{market}/mark',
        '/v1/orders',
        '/v1/orders/by-client-id/{clientOrderId}',
        '/v1/orders/{orderId}',
      ]);
      assert.equal(response.body.components.securitySchemes.apiKey.scheme, 'bearer');
      assert.deepEqual(Object.keys(response.body.components.schemas.ErrorBodyView.properties), [
        'code',
        'message',
        'details',
      ]);
      assert.equal(response.body.components.schemas.PlaceOrderBody.properties.price.type, 'string');
      const ui = await gateway.request({ method: 'GET', url: '/docs' });
      assert.equal(ui.status, 200);
      assert.match(ui.text, /swagger-ui/i);
    });
  });
});

describe('gateway shutdown', () => {
  it('closes Kafka and Postgres', async () => {
    const gateway = await startGateway();
    await gateway.close();
    assert.deepEqual([gateway.bus.closed, gateway.store.closed], [true, true]);
  });
});
