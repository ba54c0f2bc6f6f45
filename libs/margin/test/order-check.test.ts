import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CancelOrder } from '@exchange/contracts';
import type { OrderCheck, RiskEngine } from '@exchange/margin';
import { BTC_TICKS_50K, ONE_BTC, batch, loadFlat, markedEngine, newEngine, place, usdc } from './fixtures';

function rejectionOf(check: OrderCheck) {
  assert.equal(check.ok, false, 'expected a rejection');
  return (check as Extract<OrderCheck, { ok: false }>).rejection;
}

function accept(engine: RiskEngine, ...args: Parameters<typeof place>): void {
  const command = place(...args);
  assert.deepEqual(engine.checkCommand(command), { ok: true, commands: [command] });
}

/** 1 BTC long from 50,000 with only 100 USDC: equity 100 < IM 1,002.5, MM 502.5. */
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

describe('checkOrder: place', () => {
  it('rejects INSUFFICIENT_MARGIN with exact details when equity is below IM after the order', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 1000n);
    const command = place({ orderId: 'o1' });
    assert.deepEqual(engine.checkCommand(command), {
      ok: false,
      rejection: {
        kind: 'rejected',
        requestId: 'req-o1',
        orderId: 'o1',
        accountId: 'A',
        market: 'BTC-PERP',
        code: 'INSUFFICIENT_MARGIN',
        message: 'initial margin with this order would be 1002.5 USDC but equity is 1000 USDC (short by 2.5 USDC)',
        details: { required: '1002.5', equity: '1000', available: '1000', shortfall: '2.5' },
      },
    });
    assert.equal(engine.evaluate('A').initialMargin, 0n, 'a rejected order holds nothing');
    assert.deepEqual(engine.openOrdersOf('A'), []);
  });

  it('accepts when equity exactly covers IM after the order, and holds the order at once', () => {
    const engine = markedEngine();
    engine.loadAccount({ accountId: 'A', collateralMicro: usdc('1002.5'), positions: [], openOrders: [] });
    accept(engine, { orderId: 'o1', clientOrderId: 'c1' });
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));
    assert.equal(engine.evaluate('A').available, 0n);
    assert.deepEqual(engine.openOrdersOf('A'), [
      {
        orderId: 'o1',
        market: 'BTC-PERP',
        side: 'buy',
        priceTicks: BTC_TICKS_50K,
        sizeLots: ONE_BTC,
        remainingLots: ONE_BTC,
        clientOrderId: 'c1',
      },
    ]);
    assert.equal(rejectionOf(engine.checkCommand(place({ orderId: 'o2', sizeLots: 1 }))).code, 'INSUFFICIENT_MARGIN');
  });

  it('accepts risk-reducing orders even when equity is below IM', () => {
    const engine = underwaterLong();
    assert.equal(engine.evaluate('A').available, usdc('-902.5'));
    accept(engine, { orderId: 's1', side: 'sell', sizeLots: 500 });
    // asks now 2 BTC: the short side is -1 BTC, MM 502.5 = MM before: still not more risk
    accept(engine, { orderId: 's2', side: 'sell', sizeLots: 1500 });
  });

  it('rejects a risk-adding order of an account below IM, with exact details', () => {
    const engine = underwaterLong();
    // 1.001 BTC: IM = (0.02 + 0.00005005) x 1.001 x 50,000 = 1,003.5050025, rounded up
    assert.deepEqual(rejectionOf(engine.checkCommand(place({ orderId: 'b1', sizeLots: 1 }))).details, {
      required: '1003.505003',
      equity: '100',
      available: '-902.5',
      shortfall: '903.505003',
    });
    // asks of 3 BTC make the short side -2 BTC: MM 1,010 > 502.5, IM = 0.0201 x 100,000 = 2,010
    accept(engine, { orderId: 's1', side: 'sell', sizeLots: 2000 });
    assert.deepEqual(rejectionOf(engine.checkCommand(place({ orderId: 's2', side: 'sell' }))).details, {
      required: '2010',
      equity: '100',
      available: '-902.5',
      shortfall: '1910',
    });
  });

  it('rejects a client order id already used by an open order, until that order is done', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    accept(engine, { orderId: 'o1', clientOrderId: 'c1' });
    const duplicate = rejectionOf(engine.checkCommand(place({ orderId: 'o2', clientOrderId: 'c1' })));
    assert.equal(duplicate.code, 'DUPLICATE_CLIENT_ORDER_ID');
    assert.equal(duplicate.orderId, 'o2');
    loadFlat(engine, 'B', 100_000n);
    accept(engine, { orderId: 'o3', accountId: 'B', clientOrderId: 'c1' }); // unique per account only
    engine.applyMatchingEvents(
      batch('BTC-PERP', [
        { type: 'done', seq: 1, orderId: 'o1', accountId: 'A', reason: 'cancelled', remainingLots: 1000 },
      ]),
    );
    accept(engine, { orderId: 'o2', clientOrderId: 'c1' });
  });

  it('rejects an order id that is already open', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 100_000n);
    accept(engine, { orderId: 'o1' });
    assert.equal(rejectionOf(engine.checkCommand(place({ orderId: 'o1' }))).code, 'DUPLICATE_ORDER_ID');
  });

  it('rejects unknown accounts and markets, and markets without a mark', () => {
    const engine = newEngine();
    engine.setMarkPrice('BTC-PERP', 50_000_000_000);
    loadFlat(engine, 'A', 100_000n);
    assert.equal(rejectionOf(engine.checkCommand(place({ orderId: 'o1', accountId: 'Z' }))).code, 'UNKNOWN_ACCOUNT');
    const unknownMarket = rejectionOf(engine.checkCommand(place({ orderId: 'o1', market: 'DOGE-PERP' })));
    assert.equal(unknownMarket.code, 'UNKNOWN_MARKET');
    assert.equal(unknownMarket.market, 'DOGE-PERP');
    const noMark = rejectionOf(engine.checkCommand(place({ orderId: 'o1', market: 'ETH-PERP', priceTicks: 60_000 })));
    assert.deepEqual([noMark.code, noMark.message], ['NO_MARK_PRICE', 'no mark price for ETH-PERP yet']);
  });

  it('rejects NO_MARK_PRICE when another market the account holds has no mark', () => {
    const engine = newEngine();
    engine.setMarkPrice('BTC-PERP', 50_000_000_000);
    engine.loadAccount({
      accountId: 'A',
      collateralMicro: usdc('100000'),
      positions: [{ market: 'ETH-PERP', position: { sizeLots: 100, costTicksLots: 6_000_000n } }],
      openOrders: [],
    });
    const rejection = rejectionOf(engine.checkCommand(place({ orderId: 'o1' })));
    assert.deepEqual([rejection.code, rejection.message], ['NO_MARK_PRICE', 'no mark price for ETH-PERP yet']);
  });
});

describe('checkOrder: cancel', () => {
  const cancel = (orderId: string, accountId = 'A'): CancelOrder => ({
    kind: 'cancel',
    requestId: `cancel-${orderId}`,
    orderId,
    accountId,
    market: null,
    receivedAtUs: 0,
  });

  it('fills in the market of an open order and holds its margin until the book says done', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 1000n);
    accept(engine, { orderId: 's1', side: 'sell', sizeLots: 10 });
    assert.deepEqual(engine.checkCommand(cancel('s1')), {
      ok: true,
      commands: [{ ...cancel('s1'), market: 'BTC-PERP' }],
    });
    assert.notEqual(engine.evaluate('A').initialMargin, 0n);
  });

  it('is never margin-checked', () => {
    const engine = underwaterLong();
    accept(engine, { orderId: 's1', side: 'sell', sizeLots: 500 });
    engine.setMarkPrice('BTC-PERP', 10_000_000_000); // equity deep below zero
    assert.equal(engine.checkCommand(cancel('s1')).ok, true);
  });

  it('rejects unknown orders and accounts', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 1000n);
    const unknownOrder = rejectionOf(engine.checkCommand(cancel('nope')));
    assert.deepEqual([unknownOrder.code, unknownOrder.market], ['UNKNOWN_ORDER', null]);
    assert.equal(rejectionOf(engine.checkCommand(cancel('nope', 'Z'))).code, 'UNKNOWN_ACCOUNT');
  });
});
