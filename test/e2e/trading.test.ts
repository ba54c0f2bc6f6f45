import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, RecordingSocket } from '@exchange/testing';
import { ExchangeHarness } from '../support/exchange-harness';

/**
 * The whole exchange as processes over real Kafka and Postgres, driven over HTTP and WebSocket
 * as traders and staff use it.
 */
describe('trading end to end', { timeout: 300_000 }, () => {
  let exchange: ExchangeHarness;

  before(async () => {
    exchange = await ExchangeHarness.start('trading', { alice: '1000000', bob: '1000000', poor: '100' });
    await exchange.setPrice('BTC', '50000');
  });

  after(async () => {
    await exchange?.stop();
  });

  const order = (side: 'buy' | 'sell', price: string, quantity: string, extra: Record<string, unknown> = {}) => ({
    market: 'BTC-PERP',
    side,
    type: 'limit',
    price,
    quantity,
    ...extra,
  });

  it('matches crossing orders: acks with fills, trades and in-sequence book deltas on the WebSocket, positions in the account', async () => {
    const socket = await RecordingSocket.open(exchange.wsUrl);
    socket.send({ op: 'subscribe', channel: 'book', market: 'BTC-PERP' });
    socket.send({ op: 'subscribe', channel: 'trades', market: 'BTC-PERP' });
    await socket.waitFor((m) => m.channel === 'book' && m.type === 'snapshot');

    // Risk needs the mark first: retry until the price has reached the risk service.
    const maker = await eventually('maker order accepted', async () => {
      const response = await exchange
        .client('alice')
        .post('/v1/orders', order('sell', '50000', '0.1', { clientOrderId: 'maker-1' }));
      return response.status === 201 ? response : undefined;
    });
    assert.equal(maker.body.status, 'open');
    assert.equal(maker.body.clientOrderId, 'maker-1');

    const taker = await exchange.client('bob').post('/v1/orders', order('buy', '50000', '0.1'));
    assert.equal(taker.status, 201, JSON.stringify(taker.body));
    assert.equal(taker.body.status, 'filled');
    assert.deepEqual(
      (taker.body.fills as { price: string; quantity: string; liquidity: string }[]).map(
        ({ price, quantity, liquidity }) => ({
          price,
          quantity,
          liquidity,
        }),
      ),
      [{ price: '50000', quantity: '0.1', liquidity: 'taker' }],
    );
    assert.ok(Number(taker.body.outTimeUs) >= Number(taker.body.inTimeUs));

    const trade = await socket.waitFor((m) => m.channel === 'trades' && Array.isArray(m.trades));
    assert.deepEqual(
      (trade.trades as { price: string; size: string; takerSide: string }[]).map(({ price, size, takerSide }) => ({
        price,
        size,
        takerSide,
      })),
      [{ price: '50000', size: '0.1', takerSide: 'buy' }],
    );

    // The ask rested then was taken: two deltas after the snapshot, chained by prevSeq.
    await socket.waitFor(
      (m) =>
        m.channel === 'book' &&
        m.type === 'delta' &&
        (m.asks as unknown[]).length > 0 &&
        (m.asks as string[][])[0][1] === '0',
    );
    const book = socket.messages.filter((m) => m.channel === 'book' && typeof m.seq === 'number');
    for (let i = 1; i < book.length; i++) assert.equal(book[i].prevSeq, book[i - 1].seq, 'book deltas in sequence');
    socket.close();

    const alice = await eventually('alice short position settled', async () => {
      const response = await exchange.client('alice').get('/v1/account');
      const positions = response.body.positions as { market: string; size: string }[];
      return positions.some((position) => position.size === '-0.1') ? response.body : undefined;
    });
    assert.equal((alice.positions as { market: string }[])[0].market, 'BTC-PERP');
    const bob = await exchange.client('bob').get('/v1/account');
    assert.deepEqual(
      (bob.body.positions as { market: string; size: string }[]).map(({ market, size }) => ({ market, size })),
      [{ market: 'BTC-PERP', size: '0.1' }],
    );
    const margin = bob.body.margin as Record<string, string>;
    assert.ok(Number(margin.initialMargin) > 0, 'bob has an initial margin requirement');

    const fills = await exchange
      .client('alice')
      .get<{ liquidity: string }[] | { fills: { liquidity: string }[] }>('/v1/fills');
    const list = Array.isArray(fills.body) ? fills.body : fills.body.fills;
    assert.deepEqual(
      list.map((fill) => fill.liquidity),
      ['maker'],
    );
  });

  it('keeps the ledger balanced per asset and open interest long equal to short', async () => {
    const sums = await exchange.pool.query<{ asset: string; total: string }>(
      'SELECT asset, SUM(amount)::text AS total FROM ledger_entries GROUP BY asset',
    );
    assert.ok(sums.rows.length > 0);
    for (const row of sums.rows) assert.equal(row.total, '0', `ledger of ${row.asset} sums to zero`);
    const interest = await exchange.pool.query<{ market: string; long: string; short: string }>(
      `SELECT market, SUM(GREATEST(size_lots, 0))::text AS long, SUM(GREATEST(-size_lots, 0))::text AS short
         FROM positions GROUP BY market`,
    );
    for (const row of interest.rows) assert.equal(row.long, row.short, `open interest of ${row.market}`);
  });

  it('rejects an under-collateralised order with INSUFFICIENT_MARGIN and the amounts', async () => {
    const response = await exchange.client('poor').post('/v1/orders', order('buy', '50000', '1'));
    assert.equal(response.status, 400, JSON.stringify(response.body));
    assert.equal(response.body.code, 'INSUFFICIENT_MARGIN');
    const details = response.body.details as Record<string, string>;
    // 1 BTC at 50,000: IM = (2% + 0.005% x 1) x 50,000 = 1002.5 USDC against 100 USDC of equity.
    assert.equal(details.required, '1002.5');
    assert.equal(details.equity, '100');
  });

  it('cancels a resting order once, lists open orders, and reports an unknown order', async () => {
    // Rests: above every bid, inside the book's ±5% price band around the 50,000 mark.
    const placed = await exchange.client('alice').post('/v1/orders', order('sell', '52000', '0.01'));
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const orderId = placed.body.orderId as string;
    await eventually('order listed as open', async () => {
      const open = await exchange.client('alice').get<unknown>('/v1/orders?status=open');
      return JSON.stringify(open.body).includes(orderId) ? true : undefined;
    });
    const cancelled = await exchange.client('alice').delete(`/v1/orders/${orderId}`);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    const again = await exchange.client('alice').delete(`/v1/orders/${orderId}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'UNKNOWN_ORDER');
    const foreign = await exchange.client('bob').delete(`/v1/orders/${orderId}`);
    assert.equal(foreign.status, 404);
  });

  it('answers malformed requests with 4xx and a code, and keeps running', async () => {
    const alice = exchange.client('alice');
    const cases: {
      name: string;
      send: () => Promise<{ status: number; body: Record<string, unknown> }>;
      status: number;
      code: string;
    }[] = [
      {
        name: 'bad JSON',
        send: () => alice.request('POST', '/v1/orders', '{"market": "BTC-PERP",'),
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'number instead of decimal string',
        send: () => alice.post('/v1/orders', { ...order('buy', '50000', '1'), quantity: 1 }),
        status: 400,
        code: 'VALIDATION_ERROR',
      },
      {
        name: 'unknown side',
        send: () => alice.post('/v1/orders', order('up' as 'buy', '50000', '1')),
        status: 400,
        code: 'VALIDATION_ERROR',
      },
      {
        name: 'extra field',
        send: () => alice.post('/v1/orders', { ...order('buy', '50000', '1'), leverage: 100 }),
        status: 400,
        code: 'VALIDATION_ERROR',
      },
      {
        name: 'unknown market',
        send: () => alice.post('/v1/orders', { ...order('buy', '50000', '1'), market: 'DOGE-PERP' }),
        status: 400,
        code: 'UNKNOWN_MARKET',
      },
      {
        name: 'negative quantity',
        send: () => alice.post('/v1/orders', order('buy', '50000', '-1')),
        status: 400,
        code: 'INVALID_QUANTITY',
      },
      {
        name: 'zero quantity',
        send: () => alice.post('/v1/orders', order('buy', '50000', '0')),
        status: 400,
        code: 'INVALID_QUANTITY',
      },
      {
        name: 'over-precise quantity',
        send: () => alice.post('/v1/orders', order('buy', '50000', '0.0001')),
        status: 400,
        code: 'INVALID_QUANTITY',
      },
      {
        name: 'huge quantity',
        send: () => alice.post('/v1/orders', order('buy', '50000', '99999999999999999999999')),
        status: 400,
        code: 'INVALID_QUANTITY',
      },
      {
        name: 'price off the tick',
        send: () => alice.post('/v1/orders', order('buy', '50000.3', '1')),
        status: 400,
        code: 'INVALID_PRICE',
      },
      {
        name: 'limit without price',
        send: () => alice.post('/v1/orders', { market: 'BTC-PERP', side: 'buy', type: 'limit', quantity: '1' }),
        status: 400,
        code: 'INVALID_PRICE',
      },
      {
        name: 'missing key',
        send: () => exchange.api.post('/v1/orders', order('buy', '50000', '1')),
        status: 401,
        code: 'UNAUTHENTICATED',
      },
      {
        name: 'wrong secret',
        send: () =>
          exchange.api
            .as({ keyId: exchange.accounts.alice.keyId, secret: 'wrong' })
            .post('/v1/orders', order('buy', '50000', '1')),
        status: 401,
        code: 'INVALID_API_KEY',
      },
      {
        name: 'unknown key',
        send: () => exchange.api.as({ keyId: 'ak_nobody', secret: 'x' }).get('/v1/account'),
        status: 401,
        code: 'INVALID_API_KEY',
      },
      {
        name: 'trader on a staff endpoint',
        send: () => alice.post('/admin/v1/prices', { underlying: 'BTC', indexPrice: '1' }),
        status: 403,
        code: 'FORBIDDEN',
      },
      {
        name: 'book depth out of range',
        send: () => exchange.api.get('/v1/markets/BTC-PERP/book?depth=0'),
        status: 400,
        code: 'VALIDATION_ERROR',
      },
    ];
    for (const testCase of cases) {
      const response = await testCase.send();
      assert.equal(response.status, testCase.status, `${testCase.name}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.code, testCase.code, `${testCase.name}: ${JSON.stringify(response.body)}`);
      assert.equal(typeof response.body.message, 'string', `${testCase.name} has a message`);
    }
    const health = await exchange.api.get('/health');
    assert.equal(health.status, 200);
  });

  it('loses and doubles no ledger entry when settlement is killed -9 while fills flow', async () => {
    const rounds = 60;
    let trades = 0;
    const journalsBefore = await fillJournalCount(exchange);
    const flow = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i++) {
        const price = String(50000 + (i % 10) * 0.5);
        const maker = await exchange.client('alice').post('/v1/orders', order('sell', price, '0.001'));
        assert.equal(maker.status, 201, JSON.stringify(maker.body));
        const taker = await exchange
          .client('bob')
          .post('/v1/orders', order('buy', price, '0.001', { timeInForce: 'IOC' }));
        assert.equal(taker.status, 201, JSON.stringify(taker.body));
        trades += (taker.body.fills as unknown[]).length;
      }
    };
    await flow(0, rounds / 3);
    await exchange.service('settlement').stop('SIGKILL');
    await flow(rounds / 3, (2 * rounds) / 3);
    await exchange.startService('settlement');
    await flow((2 * rounds) / 3, rounds);
    assert.equal(trades, rounds);

    await eventually(
      'every fill settled',
      async () => ((await fillJournalCount(exchange)) === journalsBefore + trades ? true : undefined),
      30_000,
    );
    const duplicates = await exchange.pool.query(
      'SELECT reference FROM ledger_journals GROUP BY reference HAVING COUNT(*) > 1',
    );
    assert.equal(duplicates.rowCount, 0);
    const fillRows = await exchange.pool.query<{ count: string }>('SELECT COUNT(*)::text AS count FROM fills');
    assert.equal(Number(fillRows.rows[0].count), 2 * (journalsBefore + trades));
    const mismatched = await exchange.pool.query(
      `SELECT b.account_id FROM balances b
         LEFT JOIN (SELECT account_id, asset, SUM(amount) AS total FROM ledger_entries WHERE account_id IS NOT NULL GROUP BY account_id, asset) e
           ON e.account_id = b.account_id AND e.asset = b.asset
        WHERE b.amount <> COALESCE(e.total, 0)`,
    );
    assert.equal(mismatched.rowCount, 0, 'every balance equals the sum of its ledger entries');
    const sums = await exchange.pool.query<{ total: string }>(
      'SELECT SUM(amount)::text AS total FROM ledger_entries GROUP BY asset',
    );
    for (const row of sums.rows) assert.equal(row.total, '0');
  });
});

async function fillJournalCount(exchange: ExchangeHarness): Promise<number> {
  const result = await exchange.pool.query<{ count: string }>(
    "SELECT COUNT(*)::text AS count FROM ledger_journals WHERE kind = 'fill'",
  );
  return Number(result.rows[0].count);
}
