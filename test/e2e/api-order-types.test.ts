import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, ApiResponse, eventually } from '@exchange/testing';
import { ExchangeHarness } from '../support/exchange-harness';

/** An order answer, or an error body (then only `code` is set). */
interface OrderBody {
  readonly code?: string;
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly status: string;
  readonly price: string | null;
  readonly quantity: string;
  readonly filledQuantity: string;
  readonly remainingQuantity: string;
  readonly averagePrice?: string;
  readonly cancelReason?: string;
  readonly postOnlyMode?: string;
  readonly expiresAt?: string;
  readonly priorityKept?: boolean;
  readonly fills: { price: string; quantity: string }[];
}

interface BookBody {
  readonly bids: string[][];
  readonly asks: string[][];
}

/**
 * The order types and order management of the HTTP API against the whole exchange: post-only,
 * fill-or-kill, amends and time priority, cancel-all, cancel by client order id, a stop triggered
 * by a staff price update and a GTD order expired by the engine's clock.
 */
describe('order types over the API end to end', { timeout: 300_000 }, () => {
  let exchange: ExchangeHarness;
  let alice: ApiClient;
  let bob: ApiClient;

  before(async () => {
    exchange = await ExchangeHarness.start('order_types', { alice: '1000000', bob: '1000000' });
    await exchange.setPrice('BTC', '50000');
    await exchange.setPrice('ETH', '3000');
    alice = exchange.client('alice');
    bob = exchange.client('bob');
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

  /** Places an order that must be accepted; retries while the first mark price travels to the risk service. */
  async function place(client: ApiClient, body: Record<string, unknown>): Promise<OrderBody> {
    const response = await eventually('order accepted', async () => {
      const attempt = await client.post<OrderBody>('/v1/orders', body);
      return attempt.body.code === 'NO_MARK_PRICE' ? undefined : attempt;
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  }

  const amend = (client: ApiClient, orderId: string, body: Record<string, unknown>) =>
    client.request<OrderBody>('PATCH', `/v1/orders/${orderId}`, JSON.stringify(body));

  /** Waits until the order shows `status` (the live state, then settlement's). */
  const settled = (client: ApiClient, orderId: string, status: string) =>
    eventually(`order ${orderId} ${status}`, async () => {
      const response = await client.get<OrderBody>(`/v1/orders/${orderId}`);
      return response.status === 200 && response.body.status === status ? response.body : undefined;
    });

  async function cancel(client: ApiClient, ...orderIds: string[]): Promise<void> {
    for (const orderId of orderIds) {
      const response = await client.delete(`/v1/orders/${orderId}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
    }
  }

  const book = async (): Promise<BookBody> =>
    (await exchange.api.get<BookBody>('/v1/markets/BTC-PERP/book?depth=100')).body;

  it('rejects a crossing post-only order, re-prices one tick behind in reprice mode, rests a passive one', async () => {
    const ask = await place(alice, order('sell', '50100', '0.01'));
    const crossing = await bob.post('/v1/orders', order('buy', '50100', '0.01', { postOnly: true }));
    assert.deepEqual(
      [crossing.status, crossing.body.code],
      [400, 'POST_ONLY_WOULD_TAKE'],
      JSON.stringify(crossing.body),
    );

    const repriced = await place(bob, order('buy', '50100', '0.01', { postOnly: true, postOnlyMode: 'reprice' }));
    assert.deepEqual(
      [repriced.status, repriced.price, repriced.postOnlyMode, repriced.fills],
      ['open', '50099.5', 'reprice', []],
    );
    const passive = await place(bob, order('buy', '50000', '0.01', { postOnly: true }));
    assert.deepEqual([passive.status, passive.price], ['open', '50000']);
    await cancel(bob, repriced.orderId, passive.orderId);
    await cancel(alice, ask.orderId);
  });

  it('kills an unfillable fill-or-kill without a fill or a change to the book, and fills a fillable one', async () => {
    const ask = await place(alice, order('sell', '50200', '0.01'));
    const killed = await place(bob, order('buy', '50200', '0.02', { timeInForce: 'FOK' }));
    assert.deepEqual(
      [killed.status, killed.cancelReason, killed.filledQuantity, killed.remainingQuantity, killed.fills],
      ['cancelled', 'unfilled_fok', '0', '0', []],
    );
    assert.deepEqual((await book()).asks, [['50200', '0.01']]);
    const untouched = await alice.get<OrderBody>(`/v1/orders/${ask.orderId}`);
    assert.deepEqual([untouched.body.status, untouched.body.remainingQuantity], ['open', '0.01']);
    const open = await bob.get<OrderBody[]>('/v1/orders?status=open');
    assert.equal(
      open.body.some((candidate) => candidate.orderId === killed.orderId),
      false,
    );

    const filled = await place(bob, order('buy', '50200', '0.01', { timeInForce: 'FOK' }));
    assert.deepEqual(
      [filled.status, filled.fills.map((fill) => [fill.price, fill.quantity])],
      ['filled', [['50200', '0.01']]],
    );
    await settled(alice, ask.orderId, 'filled');
  });

  it('keeps time priority when an amend only shrinks the order, loses it when the order grows', async () => {
    const first = await place(alice, order('sell', '50300', '0.01'));
    const second = await place(alice, order('sell', '50300', '0.01'));

    const shrunk = await amend(alice, first.orderId, { quantity: '0.005' });
    assert.equal(shrunk.status, 200, JSON.stringify(shrunk.body));
    assert.deepEqual(
      [shrunk.body.priorityKept, shrunk.body.quantity, shrunk.body.remainingQuantity],
      [true, '0.005', '0.005'],
    );
    const takeFirst = await place(bob, order('buy', '50300', '0.005', { timeInForce: 'IOC' }));
    assert.equal(takeFirst.status, 'filled');
    await settled(alice, first.orderId, 'filled');
    const waiting = await alice.get<OrderBody>(`/v1/orders/${second.orderId}`);
    assert.deepEqual([waiting.body.status, waiting.body.remainingQuantity], ['open', '0.01']);

    // A third order queues behind the second; growing the second sends it behind the third.
    const third = await place(alice, order('sell', '50300', '0.01'));
    const grown = await amend(alice, second.orderId, { quantity: '0.02' });
    assert.equal(grown.status, 200, JSON.stringify(grown.body));
    assert.deepEqual([grown.body.priorityKept, grown.body.quantity], [false, '0.02']);
    const takeNext = await place(bob, order('buy', '50300', '0.01', { timeInForce: 'IOC' }));
    assert.equal(takeNext.status, 'filled');
    await settled(alice, third.orderId, 'filled');
    const behind = await alice.get<OrderBody>(`/v1/orders/${second.orderId}`);
    assert.deepEqual([behind.body.status, behind.body.remainingQuantity], ['open', '0.02']);

    const sideChange = await amend(alice, second.orderId, { side: 'buy' });
    assert.deepEqual([sideChange.status, sideChange.body.code], [400, 'VALIDATION_ERROR']);
    await cancel(alice, second.orderId);
  });

  it('cancels every open order of the account, in all markets or in one', async () => {
    const btc = [
      await place(alice, order('sell', '52000', '0.001')),
      await place(alice, order('sell', '52100', '0.001')),
    ];
    const eth = await place(alice, { ...order('sell', '3100', '0.1'), market: 'ETH-PERP' });
    const all = await alice.delete<{ cancelledOrderIds: string[]; complete: boolean }>('/v1/orders');
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(
      [[...all.body.cancelledOrderIds].sort(), all.body.complete],
      [[...btc.map((o) => o.orderId), eth.orderId].sort(), true],
    );
    await eventually('no open orders left', async () => {
      const open = await alice.get<OrderBody[]>('/v1/orders?status=open');
      return open.body.length === 0 ? true : undefined;
    });

    const keep = await place(alice, order('sell', '52000', '0.001'));
    const drop = await place(alice, { ...order('sell', '3100', '0.1'), market: 'ETH-PERP' });
    const ethOnly = await alice.delete<{ cancelledOrderIds: string[] }>('/v1/orders?market=ETH-PERP');
    assert.deepEqual([ethOnly.status, ethOnly.body.cancelledOrderIds], [200, [drop.orderId]]);
    const kept = await alice.get<OrderBody>(`/v1/orders/${keep.orderId}`);
    assert.equal(kept.body.status, 'open');
    await cancel(alice, keep.orderId);

    const nothing = await bob.delete<{ cancelledOrderIds: string[] }>('/v1/orders');
    assert.deepEqual([nothing.status, nothing.body.cancelledOrderIds], [200, []]);
  });

  it('cancels by client order id, which is free again afterwards', async () => {
    const placed = await place(alice, order('sell', '52200', '0.001', { clientOrderId: 'e2e-cid-1' }));
    const cancelled = await alice.delete<OrderBody>('/v1/orders/by-client-id/e2e-cid-1');
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.deepEqual(
      [cancelled.body.orderId, cancelled.body.clientOrderId, cancelled.body.status],
      [placed.orderId, 'e2e-cid-1', 'cancelled'],
    );
    const again: ApiResponse = await alice.delete('/v1/orders/by-client-id/e2e-cid-1');
    assert.deepEqual([again.status, again.body.code], [404, 'UNKNOWN_ORDER']);

    const reused = await place(alice, order('sell', '52200', '0.001', { clientOrderId: 'e2e-cid-1' }));
    const foreign: ApiResponse = await bob.delete('/v1/orders/by-client-id/e2e-cid-1');
    assert.equal(foreign.status, 404);
    const second = await alice.delete<OrderBody>('/v1/orders/by-client-id/e2e-cid-1');
    assert.deepEqual([second.status, second.body.orderId], [200, reused.orderId]);
  });

  it('fires a stop-market order when a staff price update moves the mark through its trigger', async () => {
    const stopSell = (triggerPrice: string) => ({
      market: 'BTC-PERP',
      side: 'sell',
      type: 'market',
      quantity: '0.01',
      triggerPrice,
      triggerKind: 'stop',
      triggerBy: 'mark',
    });
    const bid = await place(alice, order('buy', '49000', '0.01'));
    const reached: ApiResponse = await bob.post('/v1/orders', stopSell('50500'));
    assert.deepEqual([reached.status, reached.body.code], [400, 'WOULD_TRIGGER_IMMEDIATELY']);

    const stop = await place(bob, stopSell('49500'));
    assert.deepEqual([stop.status, stop.price, stop.remainingQuantity, stop.fills], ['untriggered', null, '0.01', []]);

    try {
      await exchange.setPrice('BTC', '49400');
      await settled(bob, stop.orderId, 'filled');
      const fills = await eventually('the stop order fill', async () => {
        const response =
          await bob.get<{ orderId: string; price: string; quantity: string; liquidity: string }[]>(
            '/v1/fills?market=BTC-PERP',
          );
        const own = response.body.filter((fill) => fill.orderId === stop.orderId);
        return own.length > 0 ? own : undefined;
      });
      assert.deepEqual(
        fills.map(({ price, quantity, liquidity }) => [price, quantity, liquidity]),
        [['49000', '0.01', 'taker']],
      );
      await settled(alice, bid.orderId, 'filled');
    } finally {
      await exchange.setPrice('BTC', '50000');
    }
  });

  it('expires a GTD order on the engine clock, and refuses an expiry in the past', async () => {
    const past: ApiResponse = await alice.post(
      '/v1/orders',
      order('sell', '52300', '0.001', { timeInForce: 'GTD', expiresAt: new Date(Date.now() - 1000).toISOString() }),
    );
    assert.deepEqual([past.status, past.body.code], [400, 'INVALID_EXPIRY']);

    const expiresAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toISOString();
    const gtd = await place(alice, order('sell', '52300', '0.001', { timeInForce: 'GTD', expiresAt }));
    assert.deepEqual([gtd.status, gtd.expiresAt], ['open', expiresAt]);
    assert.ok(
      (await book()).asks.some(([price]) => price === '52300'),
      'the GTD order rests until it expires',
    );

    await eventually('GTD order off the book', async () =>
      (await book()).asks.some(([price]) => price === '52300') ? undefined : true,
    );
    await settled(alice, gtd.orderId, 'cancelled');
    const health = await exchange.api.get('/health');
    assert.equal(health.status, 200);
  });
});
