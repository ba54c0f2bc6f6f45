import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  AmendOrder,
  CancelAllOrders,
  CancelOrder,
  MATCHING_EVENTS,
  MatchingEvent,
  PlaceOrder,
  TraderCommand,
} from '@exchange/contracts';
import { answerCommands, EngineAnswer, Harness, Json, startGateway } from './app-harness';
import {
  acceptedEvent,
  asPlace,
  bookRejection,
  cancelledOrder,
  doneEvent,
  restingOrder,
  riskRejection,
} from './engine-answers';
import { ETH_PERP, TRADER_ACCOUNT, TRADER_KEY } from './fakes';

const NOW_US = Date.UTC(2025, 0, 1) * 1000;

const limitBuy = { market: 'BTC-PERP', side: 'buy', type: 'limit', price: '50000', quantity: '0.01' };

/** Published commands of one kind, with their random ids blanked for exact comparison. */
function published<T extends TraderCommand>(gateway: Harness, kind: T['kind']): T[] {
  return gateway.bus.published
    .filter(({ topic }) => topic === 'orders.commands')
    .map(({ message }) => message as T)
    .filter((command) => command.kind === kind);
}

const post = (gateway: Harness, body: unknown) =>
  gateway.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body });

/** Places an order the fake book rests whole, so the gateway tracks it; returns its id. */
async function placeResting(gateway: Harness, body: Record<string, unknown> = limitBuy): Promise<string> {
  answerCommands(gateway, (command) => restingOrder(command));
  const response = await post(gateway, body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body.orderId;
}

describe('order entry with the full order semantics', () => {
  let gateway: Harness;
  beforeEach(async () => {
    gateway = await startGateway({ orderRateBurst: 1000 });
  });
  afterEach(() => gateway.close());

  it('maps GTD, post-only reprice, reduce-only and self-trade prevention to the PlaceOrder, and shows the re-priced order', async () => {
    answerCommands(gateway, (command) => restingOrder(command, 99_990));
    const response = await post(gateway, {
      ...limitBuy,
      price: '50010',
      timeInForce: 'GTD',
      expiresAt: '2025-01-01T00:05:00Z',
      postOnly: true,
      postOnlyMode: 'reprice',
      reduceOnly: true,
      selfTradePrevention: 'cancel_taker',
      clientOrderId: 'gtd-1',
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const [command] = published<PlaceOrder>(gateway, 'place');
    assert.deepEqual(
      { ...command, requestId: 'r', orderId: 'o' },
      {
        kind: 'place',
        requestId: 'r',
        orderId: 'o',
        accountId: TRADER_ACCOUNT,
        clientOrderId: 'gtd-1',
        market: 'BTC-PERP',
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTD',
        priceTicks: 100_020,
        sizeLots: 10,
        receivedAtUs: NOW_US,
        expiresAtUs: NOW_US + 300_000_000,
        postOnly: 'reprice',
        reduceOnly: true,
        selfTradePrevention: 'cancel_taker',
      },
    );
    assert.deepEqual(response.body, {
      orderId: command.orderId,
      clientOrderId: 'gtd-1',
      market: 'BTC-PERP',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTD',
      price: '49995',
      quantity: '0.01',
      filledQuantity: '0',
      remainingQuantity: '0.01',
      status: 'open',
      expiresAt: '2025-01-01T00:05:00.000Z',
      postOnly: true,
      postOnlyMode: 'reprice',
      reduceOnly: true,
      selfTradePrevention: 'cancel_taker',
      fills: [],
      inTimeUs: NOW_US,
      outTimeUs: NOW_US,
    });
  });

  it('accepts a stop-market order as untriggered, off the book, and follows it when it fires', async () => {
    answerCommands(gateway, (command) => ({ events: (seq) => [acceptedEvent(seq(), asPlace(command))] }));
    const response = await post(gateway, {
      market: 'BTC-PERP',
      side: 'sell',
      type: 'market',
      quantity: '0.01',
      triggerPrice: '49000',
      triggerKind: 'stop',
      triggerBy: 'mark',
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const [command] = published<PlaceOrder>(gateway, 'place');
    assert.deepEqual(command.trigger, { kind: 'stop', reference: 'mark', priceTicks: 98_000 });
    assert.deepEqual([command.type, command.timeInForce, command.priceTicks], ['market', 'IOC', null]);
    assert.deepEqual(
      {
        status: response.body.status,
        remaining: response.body.remainingQuantity,
        price: response.body.price,
        trigger: [response.body.triggerPrice, response.body.triggerKind, response.body.triggerBy],
      },
      { status: 'untriggered', remaining: '0.01', price: null, trigger: ['49000', 'stop', 'mark'] },
    );

    // A staff price update fires it in the batch of some other request: it now works as a taker.
    await gateway.bus.deliver(MATCHING_EVENTS, {
      market: 'BTC-PERP',
      requestId: 'mark-update',
      input: { partition: 0, offset: '1' },
      timestampUs: NOW_US,
      events: [
        {
          type: 'triggered',
          seq: 10_000,
          orderId: command.orderId,
          accountId: TRADER_ACCOUNT,
          reference: 'mark',
          triggerPriceTicks: 98_000,
          referencePriceTicks: 97_990,
          remainingLots: 10,
        },
      ],
    });
    const fired = await gateway.request({ method: 'GET', url: `/v1/orders/${command.orderId}`, key: TRADER_KEY });
    assert.deepEqual([fired.body.status, fired.body.remainingQuantity], ['open', '0.01']);
  });

  it('answers an unfilled fill-or-kill as cancelled with its reason and nothing filled', async () => {
    answerCommands(gateway, (command) => ({
      events: (seq) => [
        acceptedEvent(seq(), asPlace(command)),
        doneEvent(seq(), asPlace(command).orderId, command.accountId, 'unfilled_fok', 10),
      ],
    }));
    const response = await post(gateway, { ...limitBuy, timeInForce: 'FOK' });
    assert.equal(response.status, 201);
    assert.equal(published<PlaceOrder>(gateway, 'place')[0].timeInForce, 'FOK');
    assert.deepEqual(
      [response.body.status, response.body.cancelReason, response.body.filledQuantity, response.body.remainingQuantity],
      ['cancelled', 'unfilled_fok', '0', '0'],
    );
    assert.deepEqual(response.body.fills, []);
  });

  it('refuses bad option values with a stable code before publishing anything', async () => {
    const stop = { ...limitBuy, triggerPrice: '51000', triggerKind: 'stop' };
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ['unknown time in force', { ...limitBuy, timeInForce: 'GTX' }, 'VALIDATION_ERROR', 'timeInForce'],
      ['lower-case time in force', { ...limitBuy, timeInForce: 'gtc' }, 'VALIDATION_ERROR', 'timeInForce'],
      [
        'unknown post-only mode',
        { ...limitBuy, postOnly: true, postOnlyMode: 'maybe' },
        'VALIDATION_ERROR',
        'postOnlyMode',
      ],
      ['post-only as a string', { ...limitBuy, postOnly: 'true' }, 'VALIDATION_ERROR', 'postOnly'],
      ['reduce-only as a number', { ...limitBuy, reduceOnly: 1 }, 'VALIDATION_ERROR', 'reduceOnly'],
      ['reduce-only null', { ...limitBuy, reduceOnly: null }, 'VALIDATION_ERROR', 'reduceOnly'],
      [
        'unknown self-trade mode',
        { ...limitBuy, selfTradePrevention: 'cancel_none' },
        'VALIDATION_ERROR',
        'selfTradePrevention',
      ],
      ['unknown trigger kind', { ...stop, triggerKind: 'stop_loss' }, 'VALIDATION_ERROR', 'triggerKind'],
      ['index trigger reference', { ...stop, triggerBy: 'index' }, 'VALIDATION_ERROR', 'triggerBy'],
      ['trigger price as a number', { ...stop, triggerPrice: 51000 }, 'VALIDATION_ERROR', 'triggerPrice'],
      [
        'expiry as epoch ms',
        { ...limitBuy, timeInForce: 'GTD', expiresAt: 1735689900000 },
        'VALIDATION_ERROR',
        'expiresAt',
      ],
      [
        'nested trigger object',
        { ...limitBuy, trigger: { kind: 'stop', price: '51000' } },
        'VALIDATION_ERROR',
        'trigger',
      ],
      ['trigger off the tick', { ...stop, triggerPrice: '51000.2' }, 'INVALID_TRIGGER'],
      ['trigger with too many decimals', { ...stop, triggerPrice: '51000.25' }, 'INVALID_TRIGGER'],
      ['trigger kind without price', { ...limitBuy, triggerKind: 'stop' }, 'INVALID_TRIGGER'],
      ['trigger price without kind', { ...limitBuy, triggerPrice: '51000' }, 'INVALID_TRIGGER'],
      ['GTD without expiry', { ...limitBuy, timeInForce: 'GTD' }, 'INVALID_EXPIRY'],
      ['past expiry', { ...limitBuy, timeInForce: 'GTD', expiresAt: '2024-12-31T23:59:00Z' }, 'INVALID_EXPIRY'],
      ['expiry now', { ...limitBuy, timeInForce: 'GTD', expiresAt: '2025-01-01T00:00:00Z' }, 'INVALID_EXPIRY'],
      ['expiry without zone', { ...limitBuy, timeInForce: 'GTD', expiresAt: '2025-01-01T00:05:00' }, 'INVALID_EXPIRY'],
      ['expiry on a GTC order', { ...limitBuy, expiresAt: '2025-01-01T00:05:00Z' }, 'INVALID_EXPIRY'],
      [
        'post-only market order',
        { ...limitBuy, type: 'market', price: undefined, postOnly: true },
        'INVALID_ORDER_OPTIONS',
      ],
      ['post-only IOC', { ...limitBuy, timeInForce: 'IOC', postOnly: true }, 'INVALID_ORDER_OPTIONS'],
      ['post-only stop', { ...stop, postOnly: true }, 'INVALID_ORDER_OPTIONS'],
      ['mode without post-only', { ...limitBuy, postOnlyMode: 'reprice' }, 'INVALID_ORDER_OPTIONS'],
      ['GTD market order', { ...limitBuy, type: 'market', price: undefined, timeInForce: 'GTD' }, 'VALIDATION_ERROR'],
      ['price with too many decimals', { ...limitBuy, price: '50000.05' }, 'INVALID_PRICE'],
    ];
    for (const [name, body, code, field] of cases) {
      const response = await post(gateway, body);
      assert.deepEqual([response.status, response.body.code], [400, code], `${name}: ${JSON.stringify(response.body)}`);
      if (field) assert.equal(response.body.details.fields[0].field, field, name);
    }
    assert.equal(gateway.bus.published.length, 0);
  });

  it("passes on the book's refusals of options as 400 with the engine's code", async () => {
    for (const [code, body] of [
      ['POST_ONLY_WOULD_TAKE', { ...limitBuy, postOnly: true }],
      ['WOULD_TRIGGER_IMMEDIATELY', { ...limitBuy, triggerPrice: '49000', triggerKind: 'stop' }],
      ['REDUCE_ONLY_WOULD_INCREASE', { ...limitBuy, reduceOnly: true }],
    ] as const) {
      answerCommands(gateway, (command) => bookRejection(command, code, 'refused by the book'));
      const response = await post(gateway, body);
      assert.deepEqual(
        [response.status, response.body.code, response.body.message],
        [400, code, 'refused by the book'],
      );
    }
  });
});

/** The book's answer to an amend: the new terms, then whatever re-entering caused. */
const amendedAnswer = (
  command: TraderCommand,
  terms: { priceTicks: number; sizeLots: number; remainingLots: number; priorityKept: boolean },
  more: (seq: () => number, orderId: string) => MatchingEvent[] = () => [],
): EngineAnswer => ({
  events: (seq) => {
    const { orderId, accountId } = command as AmendOrder;
    return [{ type: 'amended', seq: seq(), orderId, accountId, reason: 'amend', ...terms }, ...more(seq, orderId)];
  },
});

describe('amending an order', () => {
  let gateway: Harness;
  let orderId: string;
  beforeEach(async () => {
    gateway = await startGateway({ orderRateBurst: 2, orderRatePerSecond: 1 });
    orderId = await placeResting(gateway);
    gateway.bus.published = [];
  });
  afterEach(() => gateway.close());

  const patch = (body: unknown, id = orderId) =>
    gateway.request({ method: 'PATCH', url: `/v1/orders/${id}`, key: TRADER_KEY, body });

  it('publishes an AmendOrder with the new total size and answers that the order kept its priority', async () => {
    answerCommands(gateway, (command) =>
      amendedAnswer(command, { priceTicks: 100_000, sizeLots: 5, remainingLots: 5, priorityKept: true }),
    );
    const response = await patch({ quantity: '0.005' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [command] = published<AmendOrder>(gateway, 'amend');
    assert.match(command.requestId, /^r_/);
    assert.deepEqual(
      { ...command, requestId: 'r' },
      {
        kind: 'amend',
        requestId: 'r',
        orderId,
        accountId: TRADER_ACCOUNT,
        market: 'BTC-PERP',
        sizeLots: 5,
        receivedAtUs: NOW_US,
      },
    );
    assert.deepEqual(
      [response.body.quantity, response.body.remainingQuantity, response.body.status, response.body.priorityKept],
      ['0.005', '0.005', 'open', true],
    );
    const query = await gateway.request({ method: 'GET', url: `/v1/orders/${orderId}`, key: TRADER_KEY });
    assert.equal(query.body.quantity, '0.005');
  });

  it('answers a price amend that re-enters and trades with its fills and lost priority', async () => {
    answerCommands(gateway, (command) =>
      amendedAnswer(
        command,
        { priceTicks: 100_020, sizeLots: 10, remainingLots: 10, priorityKept: false },
        (seq, id) => [
          {
            type: 'fill',
            seq: seq(),
            tradeId: 't_9',
            priceTicks: 100_010,
            sizeLots: 4,
            takerSide: 'buy',
            maker: { orderId: 'o_ask', accountId: 'someone', remainingLots: 0 },
            taker: { orderId: id, accountId: TRADER_ACCOUNT, remainingLots: 6 },
          },
          doneEvent(seq(), 'o_ask', 'someone', 'filled', 0),
          {
            type: 'rested',
            seq: seq(),
            orderId: id,
            accountId: TRADER_ACCOUNT,
            side: 'buy',
            priceTicks: 100_020,
            remainingLots: 6,
          },
        ],
      ),
    );
    const response = await patch({ price: '50010', quantity: '0.01' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(
      {
        priceTicks: published<AmendOrder>(gateway, 'amend')[0].priceTicks,
        sizeLots: published<AmendOrder>(gateway, 'amend')[0].sizeLots,
      },
      { priceTicks: 100_020, sizeLots: 10 },
    );
    assert.deepEqual(
      {
        price: response.body.price,
        status: response.body.status,
        filled: response.body.filledQuantity,
        remaining: response.body.remainingQuantity,
        priorityKept: response.body.priorityKept,
        fills: response.body.fills,
      },
      {
        price: '50010',
        status: 'partially_filled',
        filled: '0.004',
        remaining: '0.006',
        priorityKept: false,
        fills: [{ tradeId: 't_9', price: '50005', quantity: '0.004', liquidity: 'taker' }],
      },
    );
  });

  it('refuses to amend side, type or reduce-only, an empty amend and malformed values, without publishing', async () => {
    const cases: [unknown, string, string, string][] = [
      [{ side: 'sell' }, 'VALIDATION_ERROR', 'side', 'side cannot be amended: cancel the order and place a new one'],
      [
        { type: 'market', price: '50000' },
        'VALIDATION_ERROR',
        'type',
        'type cannot be amended: cancel the order and place a new one',
      ],
      [
        { reduceOnly: false, quantity: '0.005' },
        'VALIDATION_ERROR',
        'reduceOnly',
        'reduceOnly cannot be amended: cancel the order and place a new one',
      ],
      [{}, 'VALIDATION_ERROR', '(body)', 'an amend needs a new price or quantity'],
      [undefined, 'VALIDATION_ERROR', '(body)', 'an amend needs a new price or quantity'],
      [{ price: 50001 }, 'VALIDATION_ERROR', 'price', 'price must be a string'],
      [{ quantity: null }, 'VALIDATION_ERROR', 'quantity', 'quantity must be a string'],
      [
        { timeInForce: 'IOC', price: '50001' },
        'VALIDATION_ERROR',
        'timeInForce',
        'property timeInForce should not exist',
      ],
    ];
    for (const [body, code, field, problem] of cases) {
      gateway.clock.ms += 10_000; // refill the rate limit: guards run before validation
      const response = await patch(body);
      assert.deepEqual([response.status, response.body.code], [400, code], JSON.stringify(response.body));
      const [refused] = response.body.details.fields;
      assert.equal(refused.field, field, JSON.stringify(body));
      assert.ok(refused.problems.includes(problem), `${JSON.stringify(body)}: ${refused.problems}`);
    }
    for (const [body, code] of [
      [{ price: '50000.2' }, 'INVALID_PRICE'],
      [{ price: '50000.25' }, 'INVALID_PRICE'],
      [{ quantity: '0' }, 'INVALID_QUANTITY'],
      [{ quantity: '0.0001' }, 'INVALID_QUANTITY'],
    ] as const) {
      gateway.clock.ms += 10_000;
      const response = await patch(body);
      assert.deepEqual([response.status, response.body.code], [400, code], JSON.stringify(body));
    }
    assert.equal(gateway.bus.published.length, 0);
  });

  it('answers 404 for an order the caller has no open order by that id, without publishing', async () => {
    gateway.store.orderRows = [
      {
        ...{ orderId: 'o_done', clientOrderId: null, market: 'BTC-PERP', side: 'buy', type: 'limit' },
        ...{ timeInForce: 'GTC', priceTicks: 100_000, sizeLots: 10, filledLots: 10, filledValue: null },
        ...{ openLots: 0, status: 'filled' },
      },
    ];
    for (const id of ['o_nope', 'o_done', 'bad%20id']) {
      gateway.clock.ms += 10_000;
      const response = await patch({ quantity: '0.005' }, id);
      assert.deepEqual([response.status, response.body.code], [404, 'UNKNOWN_ORDER'], id);
    }
    assert.equal(gateway.bus.published.length, 0);
  });

  it("passes on the engines' refusals: AMEND_NOT_ALLOWED and INSUFFICIENT_MARGIN 400, UNKNOWN_ORDER 404", async () => {
    const refusals: [EngineAnswer | ((command: TraderCommand) => EngineAnswer), number, string][] = [
      [
        (command) => bookRejection(command, 'AMEND_NOT_ALLOWED', 'an untriggered order cannot be amended'),
        400,
        'AMEND_NOT_ALLOWED',
      ],
      [
        (command) => riskRejection(command, 'INSUFFICIENT_MARGIN', 'no margin', { required: '9' }),
        400,
        'INSUFFICIENT_MARGIN',
      ],
      [(command) => bookRejection(command, 'UNKNOWN_ORDER', 'no open order'), 404, 'UNKNOWN_ORDER'],
    ];
    for (const [answer, status, code] of refusals) {
      gateway.clock.ms += 10_000; // refill the rate limit
      answerCommands(gateway, answer as (command: TraderCommand) => EngineAnswer);
      const response = await patch({ quantity: '0.02' });
      assert.deepEqual([response.status, response.body.code, response.body.details.orderId], [status, code, orderId]);
    }
  });

  it('amends an order the gateway never tracked from its stored state', async () => {
    gateway.store.orderRows = [
      {
        ...{ orderId: 'o_old', clientOrderId: 'old-1', market: 'ETH-PERP', side: 'sell', type: 'limit' },
        ...{ timeInForce: 'GTC', priceTicks: 300_000, sizeLots: 200, filledLots: 50, filledValue: null },
        ...{ openLots: 150, status: 'partially_filled' },
      },
    ];
    answerCommands(gateway, (command) =>
      amendedAnswer(command, { priceTicks: 300_000, sizeLots: 100, remainingLots: 50, priorityKept: true }),
    );
    const response = await patch({ quantity: '1' }, 'o_old');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(published<AmendOrder>(gateway, 'amend')[0].market, 'ETH-PERP');
    assert.deepEqual(
      [response.body.price, response.body.quantity, response.body.filledQuantity, response.body.remainingQuantity],
      ['3000', '1', '0.5', '0.5'],
    );
  });

  it('counts amends against the order rate limit', async () => {
    answerCommands(gateway, (command) =>
      amendedAnswer(command, { priceTicks: 100_000, sizeLots: 5, remainingLots: 5, priorityKept: true }),
    );
    // The placement took one token of the burst of 2.
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await patch({ quantity: '0.005' })).status);
    assert.deepEqual(statuses, [200, 429]);
  });
});

describe('cancelling by client order id and cancelling all', () => {
  let gateway: Harness;
  beforeEach(async () => {
    gateway = await startGateway({ orderRateBurst: 2, orderRatePerSecond: 1 });
  });
  afterEach(() => gateway.close());

  const cancelAll = (query = '') => gateway.request({ method: 'DELETE', url: `/v1/orders${query}`, key: TRADER_KEY });

  it('publishes a cancel carrying the client order id and answers with the order the book cancelled', async () => {
    const orderId = await placeResting(gateway, { ...limitBuy, clientOrderId: 'mine-7' });
    gateway.bus.published = [];
    answerCommands(gateway, (command) => cancelledOrder(command, 10, orderId));
    const response = await gateway.request({
      method: 'DELETE',
      url: '/v1/orders/by-client-id/mine-7',
      key: TRADER_KEY,
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [command] = published<CancelOrder>(gateway, 'cancel');
    assert.deepEqual(command, {
      kind: 'cancel',
      requestId: command.requestId,
      orderId: command.requestId,
      accountId: TRADER_ACCOUNT,
      market: null,
      receivedAtUs: NOW_US,
      clientOrderId: 'mine-7',
    });
    assert.deepEqual(
      [response.body.orderId, response.body.clientOrderId, response.body.status, response.body.cancelReason],
      [orderId, 'mine-7', 'cancelled', 'cancelled'],
    );
  });

  it('answers 404 with the client order id when no open order carries it', async () => {
    answerCommands(gateway, (command) => riskRejection(command, 'UNKNOWN_ORDER', 'no open order with client id'));
    const response = await gateway.request({ method: 'DELETE', url: '/v1/orders/by-client-id/ghost', key: TRADER_KEY });
    assert.deepEqual(
      [response.status, response.body.code, response.body.details.clientOrderId],
      [404, 'UNKNOWN_ORDER', 'ghost'],
    );
    gateway.bus.published = [];
    const malformed = await gateway.request({
      method: 'DELETE',
      url: `/v1/orders/by-client-id/${'x'.repeat(37)}`,
      key: TRADER_KEY,
    });
    assert.deepEqual([malformed.status, malformed.body.code], [404, 'UNKNOWN_ORDER']);
    assert.equal(gateway.bus.published.length, 0);
  });

  it('waits for the batch of every market with open orders and lists what was cancelled', async () => {
    const btc = await placeResting(gateway);
    const eth = await placeResting(gateway, { ...limitBuy, market: 'ETH-PERP', price: '3000' });
    gateway.bus.published = [];
    answerCommands(gateway, (command) => [
      { market: 'BTC-PERP', events: (seq) => [doneEvent(seq(), btc, command.accountId, 'cancelled', 10)] },
      { market: 'ETH-PERP', events: (seq) => [doneEvent(seq(), eth, command.accountId, 'cancelled', 1)] },
    ]);
    const response = await cancelAll();
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [command] = published<CancelAllOrders>(gateway, 'cancel_all');
    assert.deepEqual(
      { ...command, requestId: 'r' },
      { kind: 'cancel_all', requestId: 'r', accountId: TRADER_ACCOUNT, market: null, receivedAtUs: NOW_US },
    );
    assert.deepEqual(response.body, {
      cancelledOrderIds: [btc, eth],
      complete: true,
      pendingMarkets: [],
      inTimeUs: NOW_US,
      outTimeUs: NOW_US,
    });
    const query = await gateway.request({ method: 'GET', url: `/v1/orders/${btc}`, key: TRADER_KEY });
    assert.equal(query.status, 404, 'the tracker forgot the cancelled order and the store never had it');
  });

  it('cancels in one market only when asked', async () => {
    await placeResting(gateway);
    const eth = await placeResting(gateway, { ...limitBuy, market: 'ETH-PERP', price: '3000' });
    gateway.bus.published = [];
    answerCommands(gateway, (command) => ({
      events: (seq) => [doneEvent(seq(), eth, command.accountId, 'cancelled', 1)],
    }));
    const response = await cancelAll('?market=ETH-PERP');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(published<CancelAllOrders>(gateway, 'cancel_all')[0].market, 'ETH-PERP');
    assert.deepEqual([response.body.cancelledOrderIds, response.body.complete], [[eth], true]);
  });

  it('answers 202 with what is known when a market does not answer in time', async () => {
    const btc = await placeResting(gateway);
    await placeResting(gateway, { ...limitBuy, market: 'ETH-PERP', price: '3000' });
    answerCommands(gateway, (command) => [
      { market: 'BTC-PERP', events: (seq) => [doneEvent(seq(), btc, command.accountId, 'cancelled', 10)] },
      'silence',
    ]);
    const response = await cancelAll();
    assert.equal(response.status, 202);
    assert.deepEqual(
      [response.body.cancelledOrderIds, response.body.complete, response.body.pendingMarkets],
      [[btc], false, [ETH_PERP.symbol]],
    );
  });

  it('answers at once when the account has no live orders, still sending the cancel-all', async () => {
    answerCommands(gateway, () => 'silence');
    const response = await cancelAll('?market=BTC-PERP');
    assert.deepEqual([response.status, response.body.cancelledOrderIds, response.body.complete], [200, [], true]);
    assert.deepEqual(
      published<CancelAllOrders>(gateway, 'cancel_all').map((command) => command.market),
      ['BTC-PERP'],
    );
  });

  it('refuses unknown and malformed markets, and passes on a refusal by the engines', async () => {
    const unknown = await cancelAll('?market=DOGE-PERP');
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'UNKNOWN_MARKET']);
    const malformed = await cancelAll('?market=BTC%20PERP');
    assert.deepEqual([malformed.status, malformed.body.code], [400, 'VALIDATION_ERROR']);
    await placeResting(gateway);
    answerCommands(gateway, (command) => riskRejection(command, 'UNKNOWN_ACCOUNT', 'no such account'));
    const refused = await cancelAll();
    assert.deepEqual([refused.status, refused.body.code], [400, 'UNKNOWN_ACCOUNT']);
  });

  it('never rate limits cancels by client id or cancel-all', async () => {
    gateway.clock.ms += 10_000;
    answerCommands(gateway, (command) => restingOrder(command));
    const placed: Json[] = [];
    for (let i = 0; i < 3; i++) placed.push(await post(gateway, { ...limitBuy, clientOrderId: `c-${i}` }));
    assert.deepEqual(
      placed.map((response) => response.status),
      [201, 201, 429],
    );
    answerCommands(gateway, (command) =>
      command.kind === 'cancel' ? cancelledOrder(command, 10, placed[0].body.orderId) : 'silence',
    );
    const byClientId = await gateway.request({ method: 'DELETE', url: '/v1/orders/by-client-id/c-0', key: TRADER_KEY });
    assert.equal(byClientId.status, 200);
    answerCommands(gateway, (command) => ({
      events: (seq) => [doneEvent(seq(), placed[1].body.orderId, command.accountId, 'cancelled', 10)],
    }));
    const all = await cancelAll();
    assert.deepEqual([all.status, all.body.cancelledOrderIds], [200, [placed[1].body.orderId]]);
  });
});

describe('the OpenAPI document of the order routes', () => {
  let gateway: Harness;
  before(async () => {
    gateway = await startGateway();
  });
  after(() => gateway.close());

  it('describes the new routes and every new field with its enum or format', async () => {
    const { body } = await gateway.request({ method: 'GET', url: '/docs-json' });
    assert.deepEqual(Object.keys(body.paths['/v1/orders']).sort(), ['delete', 'get', 'post']);
    assert.deepEqual(Object.keys(body.paths['/v1/orders/{orderId}']).sort(), ['delete', 'get', 'patch']);
    assert.deepEqual(Object.keys(body.paths['/v1/orders/by-client-id/{clientOrderId}']), ['delete']);
    assert.deepEqual(Object.keys(body.paths['/v1/orders'].delete.responses).sort(), [
      '200',
      '202',
      '400',
      '401',
      '503',
    ]);
    const place = body.components.schemas.PlaceOrderBody.properties;
    assert.deepEqual(place.timeInForce.enum, ['GTC', 'IOC', 'FOK', 'GTD']);
    assert.deepEqual([place.expiresAt.type, place.expiresAt.format], ['string', 'date-time']);
    assert.deepEqual([place.postOnly.type, place.postOnlyMode.enum], ['boolean', ['reject', 'reprice']]);
    assert.equal(place.reduceOnly.type, 'boolean');
    assert.deepEqual(place.selfTradePrevention.enum, ['cancel_maker', 'cancel_taker', 'cancel_both']);
    assert.deepEqual([place.triggerPrice.type, place.triggerPrice.format], ['string', 'decimal']);
    assert.deepEqual(
      [place.triggerKind.enum, place.triggerBy.enum],
      [
        ['stop', 'take_profit'],
        ['mark', 'last'],
      ],
    );
    assert.deepEqual(Object.keys(body.components.schemas.AmendOrderBody.properties), ['price', 'quantity']);
    const view = body.components.schemas.OrderView.properties;
    assert.deepEqual(view.status.enum, ['untriggered', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected']);
    assert.ok(view.cancelReason.enum.includes('unfilled_fok'));
    assert.deepEqual(
      [view.postOnly.type, view.reduceOnly.type, view.expiresAt.format],
      ['boolean', 'boolean', 'date-time'],
    );
    assert.equal(body.components.schemas.AmendAckView.properties.priorityKept.type, 'boolean');
    assert.deepEqual(Object.keys(body.components.schemas.CancelAllView.properties), [
      'cancelledOrderIds',
      'complete',
      'pendingMarkets',
      'inTimeUs',
      'outTimeUs',
    ]);
  });
});
