import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FillEvent, MatchingEventBatch } from '@exchange/contracts';
import { FLAT, settleFill } from '@exchange/ledger';
import type { RiskEngine } from '@exchange/margin';
import { BTC_PERP, BTC_TICKS_50K, ETH_PERP, ONE_BTC, batch, loadFlat, markedEngine, place, usdc } from './fixtures';

function accepted(engine: RiskEngine, ...args: Parameters<typeof place>): void {
  assert.equal(engine.checkCommand(place(...args)).ok, true);
}

/** Taker A buys `sizeLots` at 50,000 from maker B's resting ask `ask-b`. */
function fill(seq: number, sizeLots: number, makerRemaining: number, takerRemaining: number): FillEvent {
  return {
    type: 'fill',
    seq,
    tradeId: `t${seq}`,
    priceTicks: BTC_TICKS_50K,
    sizeLots,
    takerSide: 'buy',
    maker: { orderId: 'ask-b', accountId: 'B', remainingLots: makerRemaining },
    taker: { orderId: 'bid-a', accountId: 'A', remainingLots: takerRemaining },
  };
}

/** A and B with 10,000 USDC each, B resting 1 BTC ask at 50,000, A's 1 BTC bid just accepted. */
function crossingOrders(): RiskEngine {
  const engine = markedEngine();
  loadFlat(engine, 'A', 10_000n);
  loadFlat(engine, 'B', 10_000n);
  accepted(engine, { orderId: 'ask-b', accountId: 'B', side: 'sell' });
  accepted(engine, { orderId: 'bid-a' });
  return engine;
}

describe('applyMatchingEvents releases holds exactly', () => {
  it('drops the hold of an order the book rejected', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 10_000n);
    accepted(engine, { orderId: 'o1' });
    const affected = engine.applyMatchingEvents(
      batch('BTC-PERP', [
        { type: 'rejected', seq: 1, orderId: 'o1', accountId: 'A', code: 'NO_LIQUIDITY', message: 'no liquidity' },
      ]),
    );
    assert.deepEqual(affected, ['A']);
    assert.equal(engine.evaluate('A').initialMargin, 0n);
    assert.deepEqual(engine.openOrdersOf('A'), []);
  });

  it('keeps the hold while the order rests and drops it when done', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 10_000n);
    accepted(engine, { orderId: 'o1' });
    engine.applyMatchingEvents(
      batch('BTC-PERP', [
        {
          type: 'accepted',
          seq: 1,
          orderId: 'o1',
          accountId: 'A',
          clientOrderId: null,
          side: 'buy',
          orderType: 'limit',
          timeInForce: 'GTC',
          priceTicks: BTC_TICKS_50K,
          sizeLots: ONE_BTC,
        },
        {
          type: 'rested',
          seq: 2,
          orderId: 'o1',
          accountId: 'A',
          side: 'buy',
          priceTicks: BTC_TICKS_50K,
          remainingLots: 400,
        },
        { type: 'book', seq: 3, changes: [{ side: 'buy', priceTicks: BTC_TICKS_50K, sizeLots: 400 }] },
      ]),
    );
    assert.equal(engine.openOrdersOf('A')[0].remainingLots, 400);
    // 0.4 BTC: IM = (0.02 + 0.00002) x 0.4 x 50,000 = 400.4
    assert.equal(engine.evaluate('A').initialMargin, usdc('400.4'));
    engine.applyMatchingEvents(
      batch('BTC-PERP', [
        { type: 'done', seq: 4, orderId: 'o1', accountId: 'A', reason: 'cancelled', remainingLots: 400 },
      ]),
    );
    assert.equal(engine.evaluate('A').initialMargin, 0n);
  });

  it('turns a hold into a position as fills arrive, removing the order at 0', () => {
    const engine = crossingOrders();
    engine.applyMatchingEvents(batch('BTC-PERP', [fill(1, 400, 600, 600)]));
    // A: long 0.4 + bid 0.6 = 1 BTC on the bid side; B: short 0.4 - ask 0.6 = -1 BTC
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));
    assert.equal(engine.evaluate('B').initialMargin, usdc('1002.5'));
    assert.deepEqual(engine.positionOf('A', 'BTC-PERP'), { sizeLots: 400, costTicksLots: 40_000_000n });
    engine.applyMatchingEvents(batch('BTC-PERP', [fill(2, 600, 0, 0)]));
    assert.deepEqual(engine.openOrdersOf('A'), []);
    assert.deepEqual(engine.openOrdersOf('B'), []);
    assert.deepEqual(engine.positionOf('B', 'BTC-PERP'), { sizeLots: -1000, costTicksLots: -100_000_000n });
    // taker fees 5 bps of 20,000 and 30,000 USDC
    assert.equal(engine.evaluate('A').collateral, usdc('10000') - usdc('10') - usdc('15'));
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));
  });
});

describe('fills settle as @exchange/ledger computes', () => {
  it('updates positions and collateral of both accounts with settleFill', () => {
    const engine = markedEngine();
    const bPosition = { sizeLots: 1500, costTicksLots: 1500n * 98_000n };
    engine.loadAccount({ accountId: 'A', collateralMicro: usdc('5000'), positions: [], openOrders: [] });
    engine.loadAccount({
      accountId: 'B',
      collateralMicro: usdc('7000'),
      positions: [{ market: 'BTC-PERP', position: bPosition }],
      openOrders: [],
    });
    const event: FillEvent = {
      ...fill(1, 1200, 0, 0),
      priceTicks: 100_003,
      maker: { orderId: 'x', accountId: 'B', remainingLots: 0 },
    };
    const settled = settleFill(event, BTC_PERP, bPosition, FLAT);
    assert.deepEqual(engine.applyMatchingEvents(batch('BTC-PERP', [event])), ['B', 'A']);
    assert.deepEqual(engine.positionOf('B', 'BTC-PERP'), settled.maker.position);
    assert.deepEqual(engine.positionOf('A', 'BTC-PERP'), settled.taker.position);
    assert.equal(engine.evaluate('B').collateral, usdc('7000') + settled.maker.cashDelta);
    assert.equal(engine.evaluate('A').collateral, usdc('5000') + settled.taker.cashDelta);
    assert.equal(settled.maker.realizedPnl, 1200n * (100_003n - 98_000n) * 500n);
  });

  it('ignores the collateral of an account it does not hold, without failing', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 10_000n);
    assert.deepEqual(engine.applyMatchingEvents(batch('BTC-PERP', [fill(1, 100, 0, 0)])), ['A']);
    assert.equal(engine.hasAccount('B'), false);
    assert.deepEqual(engine.positionOf('A', 'BTC-PERP'), { sizeLots: 100, costTicksLots: 10_000_000n });
  });

  it('refuses a batch of a market it does not know', () => {
    assert.throws(() => markedEngine().applyMatchingEvents(batch('DOGE-PERP', [fill(1, 1, 0, 0)])), /DOGE-PERP/);
  });
});

describe('replay and ordering', () => {
  it('skips events at or below the last applied seq: replaying a batch changes nothing', () => {
    const engine = crossingOrders();
    const first = batch('BTC-PERP', [fill(1, 400, 600, 600), fill(2, 100, 500, 500)]);
    engine.applyMatchingEvents(first);
    const hash = engine.stateHash();
    const summary = engine.evaluate('A');
    assert.deepEqual(engine.applyMatchingEvents(first), []);
    assert.equal(engine.stateHash(), hash);
    assert.deepEqual(engine.evaluate('A'), summary);
    assert.equal(engine.lastSeq('BTC-PERP'), 2);
    // an overlapping batch applies only its new events
    engine.applyMatchingEvents(batch('BTC-PERP', [fill(2, 100, 500, 500), fill(3, 500, 0, 0)]));
    assert.deepEqual(engine.positionOf('A', 'BTC-PERP'), { sizeLots: 1000, costTicksLots: 100_000_000n });
    assert.equal(engine.lastSeq('BTC-PERP'), 3);
  });

  it('skips events a restored sequence says the loaded accounts already reflect', () => {
    const engine = crossingOrders();
    engine.restoreSequence('BTC-PERP', 1);
    engine.applyMatchingEvents(batch('BTC-PERP', [fill(1, 400, 600, 600), fill(2, 100, 900, 900)]));
    assert.deepEqual(engine.positionOf('A', 'BTC-PERP'), { sizeLots: 100, costTicksLots: 10_000_000n });
    assert.equal(engine.lastSeq('BTC-PERP'), 2);
    assert.throws(() => engine.restoreSequence('DOGE-PERP', 1), /DOGE-PERP/);
    assert.throws(() => engine.restoreSequence('BTC-PERP', -1), RangeError);
  });

  it('reaches the same requirements and state whichever of two independent fills comes first', () => {
    const ethFill: FillEvent = {
      type: 'fill',
      seq: 1,
      tradeId: 'e1',
      priceTicks: 61_000,
      sizeLots: 300,
      takerSide: 'sell',
      maker: { orderId: 'eth-bid', accountId: 'C', remainingLots: 0 },
      taker: { orderId: 'eth-ask', accountId: 'A', remainingLots: 0 },
    };
    const run = (batches: MatchingEventBatch[]) => {
      const engine = crossingOrders();
      loadFlat(engine, 'C', 10_000n);
      for (const item of batches) engine.applyMatchingEvents(item);
      return engine;
    };
    const btcBatch = batch('BTC-PERP', [fill(1, 1000, 0, 0)]);
    const ethBatch = batch(ETH_PERP.symbol, [ethFill]);
    const btcFirst = run([btcBatch, ethBatch]);
    const ethFirst = run([ethBatch, btcBatch]);
    for (const accountId of ['A', 'B', 'C'])
      assert.deepEqual(btcFirst.evaluate(accountId), ethFirst.evaluate(accountId));
    assert.equal(btcFirst.stateHash(), ethFirst.stateHash());
    assert.notEqual(btcFirst.stateHash(), run([btcBatch]).stateHash());
  });
});

describe('price updates', () => {
  it('marks every market of the underlying and names the accounts holding them', () => {
    const engine = markedEngine();
    loadFlat(engine, 'A', 10_000n);
    loadFlat(engine, 'B', 10_000n);
    loadFlat(engine, 'C', 10_000n);
    loadFlat(engine, 'D', 10_000n);
    accepted(engine, { orderId: 'o1', accountId: 'A' });
    accepted(engine, { orderId: 'o2', accountId: 'B', side: 'sell' });
    accepted(engine, { orderId: 'o3', accountId: 'C', market: 'ETH-PERP', priceTicks: 60_000, sizeLots: 100 });
    engine.applyMatchingEvents(
      batch('BTC-PERP', [
        {
          type: 'fill',
          seq: 1,
          tradeId: 't1',
          priceTicks: BTC_TICKS_50K,
          sizeLots: ONE_BTC,
          takerSide: 'sell',
          maker: { orderId: 'o1', accountId: 'A', remainingLots: 0 },
          taker: { orderId: 'o2', accountId: 'B', remainingLots: 0 },
        },
      ]),
    );
    const update = {
      underlying: 'BTC',
      indexPrice: 49_000_000_000,
      markPrices: { 'BTC-PERP': 49_500_000_000 },
      timestampMs: 1,
      source: 'oracle' as const,
    };
    assert.deepEqual(engine.applyPriceUpdate(update).sort(), ['A', 'B']);
    assert.equal(engine.markPrice('BTC-PERP'), 49_500_000_000);
    assert.equal(engine.markPrice('ETH-PERP'), 3_000_000_000);
    assert.equal(engine.evaluate('A').unrealizedPnl, usdc('-500'));
    const ethIndexOnly = { ...update, underlying: 'ETH', indexPrice: 3_100_000_000, markPrices: {} };
    assert.deepEqual(engine.applyPriceUpdate(ethIndexOnly), ['C']);
    assert.equal(engine.markPrice('ETH-PERP'), 3_100_000_000);
  });

  it('stops naming an account once it is flat with no orders', () => {
    const engine = crossingOrders();
    engine.applyMatchingEvents(
      batch('BTC-PERP', [
        { type: 'done', seq: 1, orderId: 'bid-a', accountId: 'A', reason: 'cancelled', remainingLots: 1000 },
      ]),
    );
    assert.deepEqual(engine.setMarkPrice('BTC-PERP', 51_000_000_000), ['B']);
  });
});
