import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AmendOrder,
  CancelAllOrders,
  CancelOrder,
  MatchingEvent,
  OrderAcceptedEvent,
  PlaceOrder,
} from '@exchange/contracts';
import type { DoneReason } from '@exchange/domain';
import type { OrderCheck, RiskEngine } from '@exchange/margin';
import { BTC_TICKS_50K, ONE_BTC, batch, loadFlat, markedEngine, place, usdc } from './fixtures';

/** A matching event before the book numbered it. */
type Unsequenced<E extends MatchingEvent = MatchingEvent> = E extends unknown ? Omit<E, 'seq'> : never;

function rejectionOf(check: OrderCheck) {
  assert.equal(check.ok, false, 'expected a rejection');
  return (check as Extract<OrderCheck, { ok: false }>).rejection;
}

function forwarded(engine: RiskEngine, command: Parameters<RiskEngine['checkCommand']>[0]) {
  const check = engine.checkCommand(command);
  assert.equal(check.ok, true, JSON.stringify(check));
  return (check as Extract<OrderCheck, { ok: true }>).commands;
}

/** The book's events, each with the next sequence number of the engine's market. */
function feed(engine: RiskEngine, ...events: Unsequenced[]): void {
  const start = engine.lastSeq('BTC-PERP');
  engine.applyMatchingEvents(
    batch(
      'BTC-PERP',
      events.map((event, index) => ({ ...event, seq: start + index + 1 }) as MatchingEvent),
    ),
  );
}

function acceptedEvent(command: PlaceOrder, sizeLots = command.sizeLots): Unsequenced<OrderAcceptedEvent> {
  return {
    type: 'accepted',
    orderId: command.orderId,
    accountId: command.accountId,
    clientOrderId: command.clientOrderId,
    side: command.side,
    orderType: command.type,
    timeInForce: command.timeInForce,
    priceTicks: command.priceTicks,
    sizeLots,
    ...(command.trigger && { trigger: command.trigger }),
    ...(command.reduceOnly && { reduceOnly: true }),
  };
}

/** Places through the check and lets the book accept it and rest it whole. */
function resting(engine: RiskEngine, overrides: Parameters<typeof place>[0]): PlaceOrder {
  const command = place(overrides);
  forwarded(engine, command);
  const { orderId, accountId, side } = command;
  feed(engine, acceptedEvent(command), {
    type: 'rested',
    orderId,
    accountId,
    side,
    priceTicks: command.priceTicks as number,
    remainingLots: command.sizeLots,
  });
  return command;
}

const held = (engine: RiskEngine, accountId = 'A') =>
  engine.openOrdersOf(accountId).map((o) => [o.orderId, o.priceTicks, o.sizeLots, o.remainingLots]);

const amend = (orderId: string, change: Partial<AmendOrder>): AmendOrder => ({
  kind: 'amend',
  requestId: `amend-${orderId}`,
  orderId,
  accountId: 'A',
  market: 'BTC-PERP',
  receivedAtUs: 0,
  ...change,
});

/** 1 BTC long from 50,000 with only 100 USDC: equity 100 < IM 1,002.5. */
function underwaterLong(): RiskEngine {
  const engine = markedEngine();
  engine.loadAccount({
    accountId: 'A',
    collateralMicro: usdc('100'),
    positions: [{ market: 'BTC-PERP', position: { sizeLots: ONE_BTC, costTicksLots: 100_000_000n } }],
    openOrders: [],
  });
  return engine;
}

describe('conditional orders', () => {
  it('holds a stop-market at its trigger price: a buy stop above the mark books the loss to it', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 2002n);
    const stop = place({
      orderId: 's1',
      type: 'market',
      priceTicks: null,
      trigger: { kind: 'stop', reference: 'mark', priceTicks: 102_000 },
    });
    // IM 1,002.5 for 1 BTC plus the loss of buying at 51,000 against a 50,000 mark: 1,000.
    assert.deepEqual(rejectionOf(engine.checkCommand(stop)).details, {
      required: '2002.5',
      equity: '2002',
      available: '2002',
      shortfall: '0.5',
    });
    loadFlat(engine, 'A', 2003n);
    forwarded(engine, stop);
    assert.deepEqual(held(engine), [['s1', 102_000, ONE_BTC, ONE_BTC]]);
    assert.equal(engine.evaluate('A').initialMargin, usdc('2002.5'));
  });

  it('holds a stop-limit at its limit price and a take-profit below the mark with no loss', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    const trigger = { kind: 'stop', reference: 'last', priceTicks: 102_000 } as const;
    forwarded(engine, place({ orderId: 'sl', priceTicks: 103_000, trigger }));
    // 1 BTC bought at 51,500 against 50,000: IM 1,002.5 + 1,500.
    assert.equal(engine.evaluate('A').initialMargin, usdc('2502.5'));
    const takeProfit = { kind: 'take_profit', reference: 'mark', priceTicks: 98_000 } as const;
    loadFlat(engine, 'B', 100_000n);
    forwarded(engine, place({ orderId: 'tp', accountId: 'B', type: 'market', priceTicks: null, trigger: takeProfit }));
    assert.equal(engine.evaluate('B').initialMargin, usdc('1002.5'));
  });

  it('follows a trigger that caps a reduce-only order to the position, then its fills', () => {
    const engine = underwaterLong();
    const stopLoss = place({
      orderId: 'sl',
      side: 'sell',
      type: 'market',
      priceTicks: null,
      sizeLots: 2 * ONE_BTC,
      reduceOnly: true,
      trigger: { kind: 'stop', reference: 'mark', priceTicks: 95_000 },
    });
    forwarded(engine, stopLoss);
    assert.deepEqual(held(engine), [['sl', 95_000, ONE_BTC, ONE_BTC]], 'capped to the position at the check');
    feed(engine, acceptedEvent(stopLoss));
    assert.deepEqual(
      held(engine),
      [['sl', 95_000, 2 * ONE_BTC, 2 * ONE_BTC]],
      'the book takes it whole until it fires',
    );
    feed(engine, {
      type: 'triggered',
      orderId: 'sl',
      accountId: 'A',
      reference: 'mark',
      triggerPriceTicks: 95_000,
      referencePriceTicks: 94_990,
      remainingLots: ONE_BTC,
    });
    assert.deepEqual(held(engine), [['sl', 95_000, ONE_BTC, ONE_BTC]]);
    feed(
      engine,
      {
        type: 'fill',
        tradeId: 't',
        priceTicks: 94_980,
        sizeLots: ONE_BTC,
        takerSide: 'sell',
        maker: { orderId: 'bid', accountId: 'B', remainingLots: 0 },
        taker: { orderId: 'sl', accountId: 'A', remainingLots: 0 },
      },
      { type: 'done', orderId: 'sl', accountId: 'A', reason: 'filled', remainingLots: 0 },
    );
    assert.deepEqual(held(engine), []);
    assert.equal(engine.positionOf('A', 'BTC-PERP').sizeLots, 0);
  });
});

describe('reduce-only orders', () => {
  it('are accepted without a margin check while they shrink the position, held capped to it', () => {
    const engine = underwaterLong();
    const close = place({ orderId: 'r1', side: 'sell', sizeLots: 3 * ONE_BTC, reduceOnly: true });
    assert.deepEqual(forwarded(engine, close), [close]);
    assert.deepEqual(held(engine), [['r1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]]);
    // The asks close the long exactly: the requirement is the long's alone, as before.
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));
    feed(engine, acceptedEvent(close, ONE_BTC));
    assert.deepEqual(held(engine), [['r1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]]);
  });

  it('are margin-checked like any order when they cannot reduce (the book then refuses them)', () => {
    const engine = underwaterLong();
    const sameSide = place({ orderId: 'r1', sizeLots: 1, reduceOnly: true });
    assert.equal(rejectionOf(engine.checkCommand(sameSide)).code, 'INSUFFICIENT_MARGIN');
    const flat = markedEngine();
    loadFlat(flat, 'A', 100_000n);
    forwarded(flat, sameSide);
    feed(flat, {
      type: 'rejected',
      orderId: 'r1',
      accountId: 'A',
      code: 'REDUCE_ONLY_WOULD_INCREASE',
      message: 'flat',
    });
    assert.deepEqual(held(flat), []);
  });

  it('shrink with the book when it cuts them to a smaller position', () => {
    const engine = underwaterLong();
    resting(engine, { orderId: 'r1', side: 'sell', sizeLots: ONE_BTC, reduceOnly: true });
    feed(engine, {
      type: 'amended',
      orderId: 'r1',
      accountId: 'A',
      reason: 'reduce_only',
      priceTicks: BTC_TICKS_50K,
      sizeLots: 400,
      remainingLots: 400,
      priorityKept: true,
    });
    assert.deepEqual(held(engine), [['r1', BTC_TICKS_50K, 400, 400]]);
  });
});

describe('amend', () => {
  /** A with 2,000 USDC and a 1 BTC bid at 50,000 resting: IM 1,002.5. */
  function withBid(collateralUsdc = 2000n): RiskEngine {
    const engine = markedEngine();
    loadFlat(engine, 'A', collateralUsdc);
    resting(engine, { orderId: 'o1' });
    return engine;
  }

  it('re-checks a larger size and rejects it with exact details, holding the old terms', () => {
    const engine = withBid();
    // 2 BTC: IM = (0.02 + 0.0001) x 2 x 50,000 = 2,010 > 2,000.
    const rejection = rejectionOf(engine.checkCommand(amend('o1', { sizeLots: 2 * ONE_BTC })));
    assert.deepEqual(
      [rejection.code, rejection.orderId, rejection.market, rejection.details],
      [
        'INSUFFICIENT_MARGIN',
        'o1',
        'BTC-PERP',
        { required: '2010', equity: '2000', available: '997.5', shortfall: '10' },
      ],
    );
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]]);
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));
  });

  it('holds the new terms of an accepted increase at once, and the book answer decides', () => {
    const engine = withBid();
    const bigger = amend('o1', { sizeLots: 1500 });
    assert.deepEqual(forwarded(engine, bigger), [bigger]);
    // 1.5 BTC: IM = (0.02 + 0.000075) x 1.5 x 50,000 = 1,505.625.
    assert.equal(engine.evaluate('A').initialMargin, usdc('1505.625'));
    feed(engine, { type: 'rejected', orderId: 'o1', accountId: 'A', code: 'PRICE_OUTSIDE_BAND', message: 'band' });
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]], 'a refused amend releases its terms');
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));

    forwarded(engine, bigger);
    feed(engine, {
      type: 'amended',
      orderId: 'o1',
      accountId: 'A',
      reason: 'amend',
      priceTicks: BTC_TICKS_50K,
      sizeLots: 1500,
      remainingLots: 1500,
      priorityKept: false,
    });
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, 1500, 1500]]);
    feed(engine, { type: 'rejected', orderId: 'o1', accountId: 'A', code: 'UNKNOWN_ORDER', message: 'a cancel' });
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, 1500, 1500]], 'no amend in flight: nothing to undo');
  });

  it('forwards a smaller size unchecked and keeps holding the old terms until the book amends', () => {
    const engine = withBid(1003n);
    const smaller = amend('o1', { sizeLots: 500 });
    assert.deepEqual(forwarded(engine, smaller), [smaller]);
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]]);
    feed(engine, {
      type: 'amended',
      orderId: 'o1',
      accountId: 'A',
      reason: 'amend',
      priceTicks: BTC_TICKS_50K,
      sizeLots: 500,
      remainingLots: 500,
      priorityKept: true,
    });
    // 0.5 BTC: IM = (0.02 + 0.000025) x 0.5 x 50,000 = 500.625.
    assert.equal(engine.evaluate('A').initialMargin, usdc('500.625'));
  });

  it('re-checks a new price: a bid raised through the mark books the loss to it', () => {
    const engine = withBid(1502n);
    // 50,500.5: a loss of 500.5 on top of 1,002.5.
    assert.equal(rejectionOf(engine.checkCommand(amend('o1', { priceTicks: 101_001 }))).details.required, '1503');
    forwarded(engine, amend('o1', { priceTicks: 100_999 }));
    assert.equal(engine.evaluate('A').initialMargin, usdc('1502'));
    assert.deepEqual(held(engine), [['o1', 100_999, ONE_BTC, ONE_BTC]]);
  });

  it('counts the size as the new total: filled lots stay filled', () => {
    const engine = withBid(10_000n);
    loadFlat(engine, 'B', 10_000n);
    feed(engine, {
      type: 'fill',
      tradeId: 't1',
      priceTicks: BTC_TICKS_50K,
      sizeLots: 400,
      takerSide: 'sell',
      maker: { orderId: 'o1', accountId: 'A', remainingLots: 600 },
      taker: { orderId: 'x', accountId: 'B', remainingLots: 0 },
    });
    forwarded(engine, amend('o1', { sizeLots: 2 * ONE_BTC }));
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, 2 * ONE_BTC, 1600]]);
  });

  it('lets a fill during an amend in flight reduce the held terms, never below the book', () => {
    const engine = withBid(10_000n);
    loadFlat(engine, 'B', 10_000n);
    forwarded(engine, amend('o1', { sizeLots: 2 * ONE_BTC }));
    const fill = (sizeLots: number, remainingLots: number): Unsequenced => ({
      type: 'fill',
      tradeId: `t${remainingLots}`,
      priceTicks: BTC_TICKS_50K,
      sizeLots,
      takerSide: 'sell',
      maker: { orderId: 'o1', accountId: 'A', remainingLots },
      taker: { orderId: 'x', accountId: 'B', remainingLots: 0 },
    });
    feed(engine, fill(400, 600));
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, 2 * ONE_BTC, 1600]]);
    feed(engine, { type: 'rejected', orderId: 'o1', accountId: 'A', code: 'INVALID_SIZE', message: 'refused' });
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, ONE_BTC, 600]], 'back to what the book holds');
  });

  it('rejects orders that are not open, or not in the market named', () => {
    const engine = withBid();
    assert.equal(rejectionOf(engine.checkCommand(amend('nope', { sizeLots: 1 }))).code, 'UNKNOWN_ORDER');
    const elsewhere = amend('o1', { sizeLots: 1, market: 'ETH-PERP' });
    assert.deepEqual(rejectionOf(engine.checkCommand(elsewhere)).message, 'order o1 is not open in ETH-PERP');
  });

  it('forwards what the book will refuse without holding anything new', () => {
    const engine = withBid();
    assert.equal(engine.checkCommand(amend('o1', { sizeLots: 0 })).ok, true);
    assert.equal(engine.checkCommand(amend('o1', { priceTicks: 1.5 })).ok, true);
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]]);
    feed(engine, { type: 'rejected', orderId: 'o1', accountId: 'A', code: 'INVALID_SIZE', message: 'size 0' });
    feed(engine, { type: 'rejected', orderId: 'o1', accountId: 'A', code: 'INVALID_PRICE', message: 'price' });
    assert.deepEqual(held(engine), [['o1', BTC_TICKS_50K, ONE_BTC, ONE_BTC]]);
  });
});

describe('cancel by client order id and cancel-all', () => {
  const cancelAll = (market: string | null, accountId = 'A'): CancelAllOrders => ({
    kind: 'cancel_all',
    requestId: 'ca',
    accountId,
    market,
    receivedAtUs: 7,
  });

  it('resolves a client order id to the open order and sends the book its id and market', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    forwarded(engine, place({ orderId: 'o1', clientOrderId: 'mine' }));
    const byClientId: CancelOrder = {
      kind: 'cancel',
      requestId: 'c',
      orderId: 'request-name',
      accountId: 'A',
      market: null,
      receivedAtUs: 3,
      clientOrderId: 'mine',
    };
    assert.deepEqual(forwarded(engine, byClientId), [
      { kind: 'cancel', requestId: 'c', orderId: 'o1', accountId: 'A', market: 'BTC-PERP', receivedAtUs: 3 },
    ]);
    const unknown = rejectionOf(engine.checkCommand({ ...byClientId, clientOrderId: 'other' }));
    assert.deepEqual(
      [unknown.code, unknown.orderId, unknown.message],
      ['UNKNOWN_ORDER', 'request-name', 'order with client order id other is not open'],
    );
  });

  it('fans a cancel-all of every market out to the markets with open orders, in symbol order', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    forwarded(engine, place({ orderId: 'e1', market: 'ETH-PERP', priceTicks: 60_000, sizeLots: 10 }));
    assert.deepEqual(forwarded(engine, cancelAll(null)), [cancelAll('ETH-PERP')]);
    forwarded(engine, place({ orderId: 'b1' }));
    assert.deepEqual(forwarded(engine, cancelAll(null)), [cancelAll('BTC-PERP'), cancelAll('ETH-PERP')]);
    assert.deepEqual(forwarded(engine, cancelAll('BTC-PERP')), [cancelAll('BTC-PERP')]);
    assert.deepEqual(held(engine).length, 2, 'holds stay until the books report the orders done');
  });

  it('sends an account without open orders to every market, so an answer comes back', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100n);
    assert.deepEqual(forwarded(engine, cancelAll(null)), [cancelAll('BTC-PERP'), cancelAll('ETH-PERP')]);
  });

  it('rejects unknown markets and accounts, naming no order', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100n);
    const market = rejectionOf(engine.checkCommand(cancelAll('DOGE-PERP')));
    assert.deepEqual([market.code, market.orderId, market.market], ['UNKNOWN_MARKET', '', 'DOGE-PERP']);
    const account = rejectionOf(engine.checkCommand(cancelAll(null, 'Z')));
    assert.deepEqual([account.code, account.orderId, account.market], ['UNKNOWN_ACCOUNT', '', null]);
  });
});

describe('holds follow the book', () => {
  const reasons: DoneReason[] = ['expired', 'unfilled_fok', 'reduce_only', 'self_trade_prevented', 'trigger_rejected'];
  for (const reason of reasons) {
    it(`releases an order done as ${reason}`, () => {
      const engine = markedEngine();
      loadFlat(engine, 'A', 100_000n);
      resting(engine, { orderId: 'o1' });
      feed(engine, { type: 'done', orderId: 'o1', accountId: 'A', reason, remainingLots: ONE_BTC });
      assert.deepEqual(held(engine), []);
      assert.equal(engine.evaluate('A').initialMargin, 0n);
    });
  }

  it('moves a post-only order to the price it rests at', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    const order = place({ orderId: 'p1', priceTicks: 100_010, postOnly: 'reprice' });
    forwarded(engine, order);
    feed(engine, acceptedEvent(order), {
      type: 'rested',
      orderId: 'p1',
      accountId: 'A',
      side: 'buy',
      priceTicks: 99_999,
      remainingLots: ONE_BTC,
    });
    assert.deepEqual(held(engine), [['p1', 99_999, ONE_BTC, ONE_BTC]]);
  });

  it('holds an order it never checked once the book accepts it (placed before a restart)', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    const stop = place({
      orderId: 'old',
      clientOrderId: 'c-old',
      type: 'market',
      priceTicks: null,
      trigger: { kind: 'stop', reference: 'mark', priceTicks: 102_000 },
    });
    feed(engine, acceptedEvent(stop));
    assert.deepEqual(held(engine), [['old', 102_000, ONE_BTC, ONE_BTC]]);
    assert.equal(
      rejectionOf(engine.checkCommand(place({ orderId: 'new', clientOrderId: 'c-old' }))).code,
      'DUPLICATE_CLIENT_ORDER_ID',
    );
    feed(engine, { type: 'rejected', orderId: 'old', accountId: 'A', code: 'AMEND_NOT_ALLOWED', message: 'waiting' });
    assert.deepEqual(held(engine).length, 1, 'a confirmed order survives the rejection of a command naming it');
  });

  it('keeps a state hash that tells in-flight commands from settled ones', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    const order = place({ orderId: 'o1' });
    forwarded(engine, order);
    const unconfirmed = engine.stateHash();
    feed(engine, acceptedEvent(order));
    const confirmed = engine.stateHash();
    assert.notEqual(confirmed, unconfirmed);
    forwarded(engine, amend('o1', { sizeLots: 500 }));
    assert.notEqual(engine.stateHash(), confirmed, 'an amend in flight is state');
  });
});

describe('mark commands', () => {
  const update = (indexUsdc: string, markPrices: Record<string, number> = {}) => ({
    underlying: 'BTC',
    indexPrice: Number(usdc(indexUsdc)),
    markPrices,
    timestampMs: 1,
    source: 'staff' as const,
  });

  it('gives each market of the underlying its mark in ticks, to the nearest tick, half up', () => {
    const engine = markedEngine();
    // 0.5 USDC ticks: 50,000.25 is 100,000.5 ticks, 50,000.2 is 100,000.4.
    assert.deepEqual(engine.markCommands(update('50000.25')), [
      { kind: 'mark', market: 'BTC-PERP', priceTicks: 100_001 },
    ]);
    assert.deepEqual(engine.markCommands(update('50000.2')), [
      { kind: 'mark', market: 'BTC-PERP', priceTicks: 100_000 },
    ]);
    const marked = update('50000', { 'BTC-PERP': Number(usdc('50100.7')) });
    assert.deepEqual(engine.markCommands(marked), [{ kind: 'mark', market: 'BTC-PERP', priceTicks: 100_201 }]);
    assert.deepEqual(engine.markCommands(update('0.2')), [], 'a mark under half a tick is no price a book takes');
    assert.throws(() => engine.markCommands({ ...update('1'), indexPrice: 0 }), RangeError);
  });

  it('changes nothing itself; the current marks come back in symbol order', () => {
    const engine = markedEngine();
    const hash = engine.stateHash();
    engine.markCommands(update('51000'));
    assert.equal(engine.stateHash(), hash);
    assert.deepEqual(engine.currentMarkCommands(), [
      { kind: 'mark', market: 'BTC-PERP', priceTicks: 100_000 },
      { kind: 'mark', market: 'ETH-PERP', priceTicks: 60_000 },
    ]);
  });
});
