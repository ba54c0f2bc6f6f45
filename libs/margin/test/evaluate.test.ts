import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type OpenOrder, RiskEngine } from '@exchange/margin';
import { BTC_PERP, BTC_TICKS_50K, ETH_PERP, ONE_BTC, markedEngine, usdc } from './fixtures';

const LONG_1_BTC_AT_50K = { market: 'BTC-PERP', position: { sizeLots: ONE_BTC, costTicksLots: 100_000_000n } };

function order(orderId: string, side: 'buy' | 'sell', priceTicks: number | null, remainingLots: number): OpenOrder {
  return { orderId, market: 'BTC-PERP', side, priceTicks, sizeLots: remainingLots, remainingLots, clientOrderId: null };
}

function engineWith(openOrders: OpenOrder[]): RiskEngine {
  const engine = markedEngine();
  engine.loadAccount({ accountId: 'A', collateralMicro: usdc('10000'), positions: [LONG_1_BTC_AT_50K], openOrders });
  return engine;
}

describe('RiskEngine.evaluate', () => {
  it('charges standard margin on a position and values it at mark', () => {
    const engine = engineWith([]);
    assert.deepEqual(engine.evaluate('A'), {
      marginMode: 'standard',
      collateral: usdc('10000'),
      unrealizedPnl: 0n,
      equity: usdc('10000'),
      maintenanceEquity: usdc('10000'),
      initialMargin: usdc('1002.5'),
      maintenanceMargin: usdc('502.5'),
      available: usdc('8997.5'),
      units: [{ unit: 'BTC-PERP', initial: usdc('1002.5'), maintenance: usdc('502.5') }],
    });
    engine.setMarkPrice('BTC-PERP', 49_000_000_000);
    // IM = 0.02005 x 49,000 = 982.45; MM = 0.01005 x 49,000 = 492.45; PnL -1,000
    assert.deepEqual(engine.evaluate('A'), {
      marginMode: 'standard',
      collateral: usdc('10000'),
      unrealizedPnl: usdc('-1000'),
      equity: usdc('9000'),
      maintenanceEquity: usdc('9000'),
      initialMargin: usdc('982.45'),
      maintenanceMargin: usdc('492.45'),
      available: usdc('8017.55'),
      units: [{ unit: 'BTC-PERP', initial: usdc('982.45'), maintenance: usdc('492.45') }],
    });
  });

  it('takes open orders on their worse side: all bids filled, or all asks filled', () => {
    // long 1 + bids 0.5 = 1.5 BTC: IM 1,505.625, MM 755.625; long 1 - asks 2 = -1 BTC: IM 1,002.5, MM 502.5
    const engine = engineWith([order('b1', 'buy', 98_000, 500), order('a1', 'sell', 102_000, 2000)]);
    const summary = engine.evaluate('A');
    assert.equal(summary.initialMargin, usdc('1505.625'));
    assert.equal(summary.maintenanceMargin, usdc('755.625'));
  });

  it('switches to the ask side when it is the worse one, adding the loss of asks below mark', () => {
    // asks 2 + 3 BTC: long 1 - 5 = -4 BTC: IM = 0.0202 x 200,000 = 4,040, MM = 0.0102 x 200,000 = 2,040;
    // the 3 BTC ask at 49,500 would lose 500 x 3 = 1,500 at once: IM 5,540, MM 3,540
    const engine = engineWith([
      order('b1', 'buy', 98_000, 500),
      order('a1', 'sell', 102_000, 2000),
      order('a2', 'sell', 99_000, 3000),
    ]);
    const summary = engine.evaluate('A');
    assert.equal(summary.initialMargin, usdc('5540'));
    assert.equal(summary.maintenanceMargin, usdc('3540'));
  });

  it('adds the loss of bids above mark to the bid side', () => {
    // bids 0.5 at 49,000 and 0.2 at 50,500: long 1.7 BTC: IM = 0.020085 x 85,000 = 1,707.225 + loss 500 x 0.2 = 100
    const engine = engineWith([
      order('b1', 'buy', 98_000, 500),
      order('b2', 'buy', 101_000, 200),
      order('a1', 'sell', 102_000, 2000),
    ]);
    const summary = engine.evaluate('A');
    assert.equal(summary.initialMargin, usdc('1807.225'));
    assert.equal(summary.maintenanceMargin, usdc('957.225'));
  });

  it('values market orders at mark', () => {
    const engine = markedEngine();
    engine.loadAccount({
      accountId: 'A',
      collateralMicro: usdc('10000'),
      positions: [],
      openOrders: [order('m1', 'buy', null, ONE_BTC)],
    });
    assert.equal(engine.evaluate('A').initialMargin, usdc('1002.5'));
  });

  it('sums markets and rounds unrealized PnL down', () => {
    const engine = markedEngine();
    engine.setMarkPrice('BTC-PERP', 49_999_999_999); // 0.001 BTC long loses 0.001 micro-USDC: -1 after rounding
    engine.loadAccount({
      accountId: 'A',
      collateralMicro: usdc('100'),
      positions: [
        { market: 'BTC-PERP', position: { sizeLots: 1, costTicksLots: BigInt(BTC_TICKS_50K) } },
        { market: 'ETH-PERP', position: { sizeLots: 250, costTicksLots: 250n * 60_000n } },
      ],
      openOrders: [],
    });
    // BTC 0.001 at 49,999.999999: IM = 0.02000005 x 49,999,999.999 micro = 1,000,002.49998, rounded up
    // ETH 2.5 at 3,000: IM 150.075, MM 75.075
    const summary = engine.evaluate('A');
    assert.equal(summary.unrealizedPnl, -1n);
    assert.equal(summary.equity, usdc('99.999999'));
    assert.equal(summary.initialMargin, 1_000_003n + usdc('150.075'));
  });

  it('refuses to evaluate an unknown account, or one holding a market without a mark', () => {
    const engine = new RiskEngine([BTC_PERP, ETH_PERP]);
    assert.throws(() => engine.evaluate('nobody'), /not loaded/);
    engine.loadAccount({ accountId: 'A', collateralMicro: 0n, positions: [LONG_1_BTC_AT_50K], openOrders: [] });
    assert.throws(() => engine.evaluate('A'), /no mark price for BTC-PERP/);
  });

  it('reports the margin state as integer micro-USDC strings', () => {
    assert.deepEqual(engineWith([]).marginState('A', 1_700_000_000_000), {
      accountId: 'A',
      collateral: '10000000000',
      unrealizedPnl: '0',
      equity: '10000000000',
      maintenanceEquity: '10000000000',
      initialMargin: '1002500000',
      maintenanceMargin: '502500000',
      available: '8997500000',
      marginMode: 'standard',
      paramsVersion: 'BTC:portfolio-margin-1,ETH:portfolio-margin-1',
      marginRatio: 502.5 / 10_000,
      belowMaintenance: false,
      units: [{ unit: 'BTC-PERP', initialMargin: '1002500000', maintenanceMargin: '502500000' }],
      marks: { 'BTC-PERP': '50000000000' },
      timestampMs: 1_700_000_000_000,
    });
  });
});

describe('RiskEngine construction', () => {
  it('refuses options without an expiry and underlyings without parameters', () => {
    const option = {
      ...BTC_PERP,
      symbol: 'BTC-C',
      kind: 'option' as const,
      strike: '60000',
      optionType: 'call' as const,
    };
    assert.throws(() => new RiskEngine([option]), /needs an expiry/);
    const sol = { ...BTC_PERP, symbol: 'SOL-PERP', underlying: 'SOL' };
    assert.throws(() => new RiskEngine([sol]), /no margin parameters for SOL/);
  });

  it('refuses accounts holding unknown markets and marks that are not positive integers', () => {
    const engine = markedEngine();
    assert.throws(() =>
      engine.loadAccount({
        accountId: 'A',
        collateralMicro: 0n,
        positions: [{ market: 'DOGE-PERP', position: { sizeLots: 1, costTicksLots: 1n } }],
        openOrders: [],
      }),
    );
    assert.throws(() => engine.setMarkPrice('BTC-PERP', 0), RangeError);
    assert.throws(() => engine.setMarkPrice('BTC-PERP', 1.5), RangeError);
  });
});
