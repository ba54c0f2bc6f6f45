import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AccountMarginState, MARGIN_STATES, MATCHING_EVENTS, MatchingEventBatch } from '@exchange/contracts';
import WebSocket from 'ws';
import type { GatewaySettings } from '../src/config';
import { Harness, Json, startGateway, waitFor } from './app-harness';
import { STAFF_ACCOUNT, TRADER_ACCOUNT, TRADER_KEY } from './fakes';

/** A WebSocket client that keeps every message it receives. */
class Client {
  readonly messages: Json[] = [];
  closed = false;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
    socket.on('close', () => (this.closed = true));
  }

  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
    const socket = new WebSocket(url, options);
    const client = new Client(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends, then waits for `count` more messages and returns them. */
  async exchange(message: unknown, count: number): Promise<Json[]> {
    const start = this.messages.length;
    this.send(message);
    await waitFor(() => this.messages.length >= start + count);
    return this.messages.slice(start);
  }
}

const bookBatch = (seq: number, changes: MatchingEventBatch['events'][number][]): MatchingEventBatch => ({
  market: 'BTC-PERP',
  requestId: `r${seq}`,
  input: { partition: 0, offset: String(seq) },
  timestampUs: 1_735_689_600_000_000 + seq,
  events: changes,
});

async function listen(settings: Partial<GatewaySettings> = {}): Promise<{ gateway: Harness; url: string }> {
  const gateway = await startGateway(settings);
  await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = gateway.app.getHttpServer().address() as AddressInfo;
  return { gateway, url: `ws://127.0.0.1:${port}/v1/ws` };
}

describe('market data WebSocket', () => {
  let gateway: Harness;
  let url: string;
  before(async () => ({ gateway, url } = await listen()));
  after(() => gateway.close());

  it('answers ping and describes malformed messages without closing', async () => {
    const client = await Client.connect(url);
    assert.deepEqual(await client.exchange({ op: 'ping' }, 1), [{ op: 'pong' }]);
    assert.deepEqual(await client.exchange('{oops', 1), [
      { op: 'error', code: 'MALFORMED_MESSAGE', message: 'message is not valid JSON' },
    ]);
    assert.deepEqual(await client.exchange({ op: 'subscribe', channel: 'book', market: 'DOGE-PERP' }, 1), [
      { op: 'error', code: 'UNKNOWN_MARKET', message: 'unknown market DOGE-PERP' },
    ]);
    assert.equal(client.closed, false);
    client.socket.close();
  });

  it('sends a book snapshot, then deltas chained by prevSeq, and trades', async () => {
    await gateway.bus.deliver(
      MATCHING_EVENTS,
      bookBatch(1, [{ type: 'book', seq: 1, changes: [{ side: 'sell', priceTicks: 100_002, sizeLots: 5 }] }]),
    );
    const client = await Client.connect(url);
    assert.deepEqual(await client.exchange({ op: 'subscribe', channel: 'book', market: 'BTC-PERP' }, 2), [
      { op: 'subscribed', channel: 'book', market: 'BTC-PERP' },
      {
        channel: 'book',
        market: 'BTC-PERP',
        type: 'snapshot',
        seq: 1,
        prevSeq: 1,
        bids: [],
        asks: [['50001', '0.005']],
      },
    ]);
    await client.exchange({ op: 'subscribe', channel: 'trades', market: 'BTC-PERP' }, 1);

    const start = client.messages.length;
    await gateway.bus.deliver(
      MATCHING_EVENTS,
      bookBatch(2, [
        {
          type: 'fill',
          seq: 2,
          tradeId: 't_9',
          priceTicks: 100_002,
          sizeLots: 2,
          takerSide: 'buy',
          maker: { orderId: 'm', accountId: 'a', remainingLots: 3 },
          taker: { orderId: 't', accountId: 'b', remainingLots: 0 },
        },
        { type: 'book', seq: 3, changes: [{ side: 'sell', priceTicks: 100_002, sizeLots: 3 }] },
      ]),
    );
    await gateway.bus.deliver(
      MATCHING_EVENTS,
      bookBatch(4, [
        {
          type: 'book',
          seq: 5,
          changes: [
            { side: 'sell', priceTicks: 100_002, sizeLots: 0 },
            { side: 'buy', priceTicks: 100_000, sizeLots: 1 },
          ],
        },
      ]),
    );
    await waitFor(() => client.messages.length >= start + 3);
    assert.deepEqual(client.messages.slice(start), [
      { channel: 'book', market: 'BTC-PERP', type: 'delta', seq: 3, prevSeq: 1, bids: [], asks: [['50001', '0.003']] },
      {
        channel: 'trades',
        market: 'BTC-PERP',
        trades: [
          {
            tradeId: 't_9',
            price: '50001',
            size: '0.002',
            takerSide: 'buy',
            seq: 2,
            timestampUs: 1_735_689_600_000_002,
          },
        ],
      },
      {
        channel: 'book',
        market: 'BTC-PERP',
        type: 'delta',
        seq: 5,
        prevSeq: 3,
        bids: [['50000', '0.001']],
        asks: [['50001', '0']],
      },
    ]);

    // A redelivered batch changes nothing and sends nothing.
    await gateway.bus.deliver(
      MATCHING_EVENTS,
      bookBatch(4, [{ type: 'book', seq: 5, changes: [{ side: 'buy', priceTicks: 1, sizeLots: 1 }] }]),
    );
    assert.deepEqual(await client.exchange({ op: 'unsubscribe', channel: 'book', market: 'BTC-PERP' }, 1), [
      { op: 'unsubscribed', channel: 'book', market: 'BTC-PERP' },
    ]);
    await gateway.bus.deliver(
      MATCHING_EVENTS,
      bookBatch(6, [{ type: 'book', seq: 6, changes: [{ side: 'buy', priceTicks: 100_000, sizeLots: 0 }] }]),
    );
    assert.deepEqual(await client.exchange({ op: 'ping' }, 1), [{ op: 'pong' }]);
    const snapshot = await client.exchange({ op: 'subscribe', channel: 'book', market: 'BTC-PERP' }, 2);
    assert.deepEqual(snapshot[1], {
      channel: 'book',
      market: 'BTC-PERP',
      type: 'snapshot',
      seq: 6,
      prevSeq: 6,
      bids: [],
      asks: [],
    });
    client.socket.close();
  });

  it("handles one client's messages in the order they were sent", async () => {
    const client = await Client.connect(url);
    client.send({ op: 'subscribe', channel: 'trades', market: 'ETH-PERP' });
    client.send({ op: 'unsubscribe', channel: 'trades', market: 'ETH-PERP' });
    client.send({ op: 'ping' });
    await waitFor(() => client.messages.length === 3);
    assert.deepEqual(
      client.messages.map((message) => message.op),
      ['subscribed', 'unsubscribed', 'pong'],
    );
    client.socket.close();
  });

  it('counts open connections', async () => {
    const client = await Client.connect(url);
    await client.exchange({ op: 'ping' }, 1);
    const metrics = await gateway.request({ method: 'GET', url: '/metrics' });
    assert.match(metrics.text, /gateway_ws_connections [1-9]/);
    client.socket.close();
  });
});

const marginState = (accountId: string, equity: string, timestampMs: number): AccountMarginState => ({
  accountId,
  marginMode: 'portfolio',
  paramsVersion: 'v7',
  collateral: equity,
  unrealizedPnl: '0',
  equity,
  maintenanceEquity: equity,
  initialMargin: '500000000',
  maintenanceMargin: '250000000',
  available: '0',
  marginRatio: 0.25,
  belowMaintenance: false,
  units: [{ unit: 'BTC', initialMargin: '500000000', maintenanceMargin: '250000000' }],
  marks: {},
  timestampMs,
});

/** The `account` channel's message for `marginState(accountId, equity, timestampMs)`. */
const marginMessage = (accountId: string, equity: string, timestampMs: number) => ({
  channel: 'account',
  type: 'margin',
  accountId,
  margin: {
    marginMode: 'portfolio',
    paramsVersion: 'v7',
    equity,
    maintenanceEquity: equity,
    initialMargin: '500',
    maintenanceMargin: '250',
    available: '0',
    collateral: equity,
    unrealizedPnl: '0',
    marginRatio: 0.25,
    belowMaintenance: false,
    units: [{ unit: 'BTC', initialMargin: '500', maintenanceMargin: '250' }],
    updatedAt: new Date(timestampMs).toISOString(),
  },
});

describe('private account channel', () => {
  let gateway: Harness;
  let url: string;
  before(async () => ({ gateway, url } = await listen()));
  after(() => gateway.close());

  it('refuses to subscribe before authenticating, and refuses bad keys', async () => {
    const client = await Client.connect(url);
    assert.deepEqual(await client.exchange({ op: 'subscribe', channel: 'account' }, 1), [
      {
        op: 'error',
        code: 'UNAUTHENTICATED',
        message: 'send {"op":"auth","key":"<keyId>.<secret>"} before subscribing to account',
      },
    ]);
    for (const key of ['ak_trader.wrong', 'ak_nobody.secret', 'no-dot']) {
      const [answer] = await client.exchange({ op: 'auth', key }, 1);
      assert.deepEqual([answer.op, answer.code], ['error', 'INVALID_API_KEY'], key);
    }
    for (const message of [{ op: 'auth' }, { op: 'auth', key: 7 }, { op: 'auth', key: 'x'.repeat(401) }]) {
      const [answer] = await client.exchange(message, 1);
      assert.deepEqual([answer.op, answer.code], ['error', 'MALFORMED_MESSAGE'], JSON.stringify(message));
    }
    const [stillRefused] = await client.exchange({ op: 'subscribe', channel: 'account' }, 1);
    assert.equal(stillRefused.code, 'UNAUTHENTICATED');
    await gateway.bus.deliver(MARGIN_STATES, marginState(TRADER_ACCOUNT, '1000000000', 1));
    assert.deepEqual(await client.exchange({ op: 'ping' }, 1), [{ op: 'pong' }]); // nothing pushed meanwhile
    assert.equal(client.closed, false);
    client.socket.close();
  });

  it('pushes the latest margin state on subscribe, then each newer one of the account only', async () => {
    await gateway.bus.deliver(MARGIN_STATES, marginState(TRADER_ACCOUNT, '2000000000', 2));
    const client = await Client.connect(url);
    assert.deepEqual(await client.exchange({ op: 'auth', key: TRADER_KEY }, 1), [
      { op: 'authenticated', accountId: TRADER_ACCOUNT },
    ]);
    assert.deepEqual(await client.exchange({ op: 'subscribe', channel: 'account' }, 2), [
      { op: 'subscribed', channel: 'account' },
      marginMessage(TRADER_ACCOUNT, '2000', 2),
    ]);

    const start = client.messages.length;
    await gateway.bus.deliver(MARGIN_STATES, marginState(STAFF_ACCOUNT, '5000000000', 3)); // another account
    await gateway.bus.deliver(MARGIN_STATES, marginState(TRADER_ACCOUNT, '1500000000', 1)); // older: not kept
    await gateway.bus.deliver(MARGIN_STATES, { ...marginState(TRADER_ACCOUNT, '1', 9), units: undefined } as never);
    await gateway.bus.deliver(MARGIN_STATES, marginState(TRADER_ACCOUNT, '2500000000', 4));
    await waitFor(() => client.messages.length > start);
    assert.deepEqual(await client.exchange({ op: 'ping' }, 1), [{ op: 'pong' }]);
    assert.deepEqual(client.messages.slice(start), [marginMessage(TRADER_ACCOUNT, '2500', 4), { op: 'pong' }]);

    const [again] = await client.exchange({ op: 'auth', key: TRADER_KEY }, 1);
    assert.deepEqual([again.op, again.code], ['error', 'ALREADY_AUTHENTICATED']);
    assert.deepEqual(await client.exchange({ op: 'unsubscribe', channel: 'account' }, 1), [
      { op: 'unsubscribed', channel: 'account' },
    ]);
    await gateway.bus.deliver(MARGIN_STATES, marginState(TRADER_ACCOUNT, '3000000000', 5));
    assert.deepEqual(await client.exchange({ op: 'ping' }, 1), [{ op: 'pong' }]);
    client.socket.close();
  });

  it('keeps public channels open to unauthenticated connections', async () => {
    const client = await Client.connect(url);
    const [subscribed] = await client.exchange({ op: 'subscribe', channel: 'trades', market: 'BTC-PERP' }, 1);
    assert.deepEqual(subscribed, { op: 'subscribed', channel: 'trades', market: 'BTC-PERP' });
    client.socket.close();
  });
});

describe('WebSocket connection hygiene', () => {
  it('terminates a client that stops answering pings, keeps one that answers', async () => {
    const { gateway, url } = await listen({ wsPingIntervalMs: 20, wsSilenceMs: 30_000 });
    try {
      const silent = await Client.connect(url, { autoPong: false });
      const lively = await Client.connect(url);
      const sweeps = async () => new Promise((resolve) => setTimeout(resolve, 80));
      gateway.clock.ms += 20_000;
      await sweeps(); // both pinged; only `lively` answers
      gateway.clock.ms += 20_000;
      await waitFor(() => silent.closed);
      await sweeps();
      assert.equal(lively.closed, false);
      lively.socket.close();
    } finally {
      await gateway.close();
    }
  });

  it('disconnects a consumer whose send buffer is over the limit', async () => {
    const { gateway, url } = await listen({ wsMaxBufferedBytes: -1 });
    try {
      const client = await Client.connect(url);
      client.send({ op: 'ping' });
      await waitFor(() => client.closed);
      assert.deepEqual(client.messages, []);
      const metrics = await gateway.request({ method: 'GET', url: '/metrics' });
      assert.match(metrics.text, /gateway_ws_slow_consumers_total 1/);
    } finally {
      await gateway.close();
    }
  });
});
