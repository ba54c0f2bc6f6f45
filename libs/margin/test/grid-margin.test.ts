import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BTC_PORTFOLIO_PARAMS, ETH_PORTFOLIO_PARAMS, gridMargin, quoteInstrument } from '@exchange/margin';
import { E30, E90, PERP, SPOT, btcMarket, btcUnit, future, hold, option, order, usd } from './portfolio-fixtures';

// margin-model.md section 3: L = worst charged loss over the grid; roll = sum |delta_e| S max(m_min, e^(a T) - 1);
// delta shock above 20M USD; MM = 0.8 (L + roll + delta shock); IM = L + roll + delta shock + open orders.

const close = (actual: number, expected: number, tolerance = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} vs ${expected}`);

describe('grid margin: linear instruments', () => {
  it('charges a naked perp the full -16% move plus the 1% roll floor', () => {
    // 1 perp at 50,010: L = 0.16 x 50,010 = 8,001.6 at -16%; roll = 1% x 50,010 = 500.1.
    // IM = 8,501.7; MM = 0.8 x 8,501.7 = 6,801.36.
    const result = gridMargin(btcUnit([hold(PERP, 1)]), BTC_PORTFOLIO_PARAMS);
    close(result.charges.worstLoss, 8_001.6);
    assert.equal(result.charges.worstScenario, 0);
    close(result.charges.rollShock, 500.1);
    assert.equal(result.charges.deltaShock, 0);
    assert.equal(result.initial, 8_501_700_000n);
    assert.equal(result.maintenance, 6_801_360_000n);
  });

  it('charges a short perp the +16% move', () => {
    const result = gridMargin(btcUnit([hold(PERP, -1)]), BTC_PORTFOLIO_PARAMS);
    assert.equal(result.scenarios[result.charges.worstScenario].move, 0.16);
    assert.equal(result.initial, 8_501_700_000n);
  });

  it('clamps linear instruments to +-R in the extended moves, where the dampener then absorbs them', () => {
    const result = gridMargin(btcUnit([hold(PERP, 1)]), BTC_PORTFOLIO_PARAMS);
    const minus66 = result.scenarios[27];
    close(minus66.pnl, -8_001.6);
    assert.equal(minus66.charged, 0);
  });

  it('rolls a dated future by e^(7.5% T) - 1 once above the 1% floor', () => {
    // 90 days: e^(0.075 x 90/365) - 1 = 1.8665% of 50,600 = 944.46
    const result = gridMargin(btcUnit([hold(future(E90), 1)]), BTC_PORTFOLIO_PARAMS);
    close(result.charges.rollShock, 50_600 * Math.expm1((0.075 * 90) / 365));
    close(result.charges.worstLoss, 0.16 * 50_600);
  });

  it('adds the delta shock above 20M USD of delta: 10% of the excess', () => {
    // 500 BTC long perp: delta 500 x 50,010 = 25,005,000; shock 0.1 x 5,005,000 = 500,500.
    const result = gridMargin(btcUnit([hold(PERP, 500)]), BTC_PORTFOLIO_PARAMS);
    close(result.charges.deltaShock, 500_500);
    close(result.charges.worstLoss, 4_000_800);
    close(result.charges.rollShock, 250_050);
    assert.equal(usd(result.initial), 4_751_350);
    assert.equal(usd(result.maintenance), 3_801_080);
    // 399 BTC is 19.95M: no shock.
    assert.equal(gridMargin(btcUnit([hold(PERP, 399)]), BTC_PORTFOLIO_PARAMS).charges.deltaShock, 0);
  });

  it('counts spot collateral as long delta with no roll', () => {
    const hedged = gridMargin(btcUnit([hold(SPOT, 1), hold(PERP, -1)]), BTC_PORTFOLIO_PARAMS);
    // PnL at +16%: 0.16 (50,000 - 50,010) = -1.6; roll only on the perp: 500.1.
    close(hedged.charges.worstLoss, 1.6);
    close(hedged.charges.rollShock, 500.1);
  });

  it('uses the ETH parameters: R 18%, roll floor 0.5%', () => {
    const market = btcMarket({ underlying: 'ETH', index: 3_000, perpMark: 3_000 });
    const result = gridMargin(btcUnit([hold(PERP, 10)], [], market), ETH_PORTFOLIO_PARAMS);
    close(result.charges.worstLoss, 0.18 * 30_000);
    close(result.charges.rollShock, 0.005 * 30_000);
    assert.throws(() => gridMargin(btcUnit([hold(PERP, 1)]), ETH_PORTFOLIO_PARAMS), /parameters for ETH/);
  });
});

describe('grid margin: options', () => {
  it('reprices options in every scenario and exposes the matrix', () => {
    const call = option(E30, 55_000, 'call');
    const result = gridMargin(btcUnit([hold(call, -2)]), BTC_PORTFOLIO_PARAMS);
    assert.equal(result.scenarios.length, 35);
    const worst = result.scenarios[result.charges.worstScenario];
    close(result.charges.worstLoss, -worst.charged);
    // A short call loses most when the price rises with vol up.
    assert.equal(worst.move, 0.16);
    assert.equal(worst.volShock, 'up');
    assert.deepEqual(Object.keys(worst).sort(), [
      'charged',
      'dampener',
      'extended',
      'linearMove',
      'move',
      'pnl',
      'volShock',
      'weight',
    ]);
    assert.equal(result.params, BTC_PORTFOLIO_PARAMS);
    assert.equal(result.range, 0.16);
  });

  it('lets the extended moves set L for a large book of short far out-of-the-money calls', () => {
    // 1,000 short 100,000 calls: the standard grid never gets near the strike, but at +400% the
    // weighted loss 0.04 x 151.0M less the dampener (25 - 1) x 100,000 = 2.4M still leaves 3.64M.
    const result = gridMargin(btcUnit([hold(option(E30, 100_000, 'call'), -1000)]), BTC_PORTFOLIO_PARAMS);
    const worst = result.scenarios[result.charges.worstScenario];
    assert.equal(worst.extended, true);
    assert.equal(worst.move, 4);
    close(-worst.charged, 0.04 * -worst.pnl - 2_400_000);
    const standardWorst = Math.max(...result.scenarios.filter((s) => !s.extended).map((s) => -s.pnl));
    assert.ok(result.charges.worstLoss > 20 * standardWorst);
  });

  it('never charges a long-only option unit more than its premium', () => {
    const call = option(E30, 50_000, 'call');
    const premium = quoteInstrument(call, btcMarket()).mark;
    const result = gridMargin(btcUnit([hold(call, 1)]), BTC_PORTFOLIO_PARAMS);
    // L + roll would be 3,549.8 > premium 3,534.75.
    assert.ok(result.charges.total > premium);
    close(result.initialUsd, premium);
    assert.ok(usd(result.initial) - premium < 1e-6 && usd(result.initial) >= premium);
  });
});

describe('grid margin: open orders', () => {
  it('takes the worse of all bids or all asks filled, with their immediate loss, into IM only', () => {
    // Long 1 perp (IM 8,501.7). All bids: 2 perps, IM 17,003.4 + loss 90 = 17,093.4.
    // All asks: -2 perps, IM 17,003.4 + loss 3 x 10 = 17,033.4.
    const result = gridMargin(
      btcUnit([hold(PERP, 1)], [order(PERP, 1, 50_100), order(PERP, -3, 50_000)]),
      BTC_PORTFOLIO_PARAMS,
    );
    assert.equal(result.worseSide, 'bids');
    close(result.openOrders, 8_591.7);
    assert.equal(result.initial, 17_093_400_000n);
    assert.equal(result.maintenance, 6_801_360_000n);
  });

  it('adds nothing for orders that only reduce risk', () => {
    const result = gridMargin(btcUnit([hold(PERP, 2)], [order(PERP, -1, 50_010)]), BTC_PORTFOLIO_PARAMS);
    assert.equal(result.openOrders, 0);
    assert.equal(result.worseSide, 'none');
    assert.equal(result.initial, gridMargin(btcUnit([hold(PERP, 2)]), BTC_PORTFOLIO_PARAMS).initial);
  });
});
