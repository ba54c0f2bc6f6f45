import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COLLATERAL_HAIRCUTS,
  DEFAULT_PORTFOLIO_PARAMS,
  accountEquity,
  accountMargin,
  acceptsOrder,
  gridMargin,
  hedgeFirstMargin,
  standardUnitMargin,
  usdToMicroDown,
  usdToMicroUp,
} from '@exchange/margin';
import { PERP, btcMarket, btcUnit, hold } from './portfolio-fixtures';

// margin-model.md section 5: equity = sum amount x price x (1 - haircut) + unrealised PnL + option MTM;
// haircuts IM / MM: USDC 0 / 0, USDT 1% / 0.5%, BTC 5% / 2.5%, ETH 7% / 3.5%, anything else >= 25%.

describe('collateral equity', () => {
  it('applies the IM and MM haircuts per asset', () => {
    assert.deepEqual(COLLATERAL_HAIRCUTS.BTC, { initial: 0.05, maintenance: 0.025 });
    const equity = accountEquity(
      [
        { asset: 'USDC', amount: 10_000, price: 1 },
        { asset: 'USDT', amount: 1_000, price: 1 },
        { asset: 'BTC', amount: 0.5, price: 50_000 },
        { asset: 'ETH', amount: 2, price: 3_000 },
        { asset: 'DOGE', amount: 1_000, price: 0.1 },
      ],
      -250.5,
      120,
    );
    // IM: 10,000 + 990 + 23,750 + 5,580 + 75 - 250.5 + 120 = 40,264.5
    // MM: 10,000 + 995 + 24,375 + 5,790 + 75 - 250.5 + 120 = 41,104.5
    assert.deepEqual(equity, { initial: 40_264_500_000n, maintenance: 41_104_500_000n });
  });

  it('rounds equity down and requirements up to the micro-USDC', () => {
    assert.equal(usdToMicroDown(1.0000005), 1_000_000n);
    assert.equal(usdToMicroDown(-1.0000005), -1_000_001n);
    assert.equal(usdToMicroUp(1.0000005), 1_000_001n);
    // Float noise around a whole micro-USDC is not rounded away from it.
    assert.equal(usdToMicroDown(0.1 + 0.2), 300_000n);
    assert.equal(usdToMicroUp(0.1 + 0.2), 300_000n);
    assert.throws(() => accountEquity([{ asset: 'BTC', amount: -1, price: 50_000 }], 0, 0), RangeError);
  });
});

describe('pre-trade acceptance', () => {
  it('accepts when equity covers IM after the order, or when the order lowers MM', () => {
    const base = { equity: 1_000n, initialAfter: 1_000n, maintenanceBefore: 500n, maintenanceAfter: 600n };
    assert.equal(acceptsOrder(base), true);
    assert.equal(acceptsOrder({ ...base, initialAfter: 1_001n }), false);
    assert.equal(acceptsOrder({ ...base, initialAfter: 5_000n, maintenanceAfter: 500n }), true);
  });
});

describe('accountMargin', () => {
  const eth = btcMarket({ underlying: 'ETH', index: 3_000, perpMark: 3_000 });
  const units = [btcUnit([hold(PERP, 1)]), btcUnit([hold(PERP, -10)], [], eth)];

  it('sums the risk units, each under its own parameters and the chosen model', () => {
    for (const model of ['standard', 'grid', 'hedge-first'] as const) {
      const account = accountMargin(units, DEFAULT_PORTFOLIO_PARAMS, model);
      const compute = { standard: standardUnitMargin, grid: gridMargin, 'hedge-first': hedgeFirstMargin }[model];
      const btc = compute(units[0], DEFAULT_PORTFOLIO_PARAMS.BTC);
      const ethResult = compute(units[1], DEFAULT_PORTFOLIO_PARAMS.ETH);
      assert.equal(account.initial, btc.initial + ethResult.initial);
      assert.equal(account.maintenance, btc.maintenance + ethResult.maintenance);
      assert.deepEqual(
        account.units.map((unit) => unit.underlying),
        ['BTC', 'ETH'],
      );
    }
    assert.equal(accountMargin(units, DEFAULT_PORTFOLIO_PARAMS).model, 'hedge-first');
  });

  it('refuses two units of one underlying and underlyings without parameters', () => {
    assert.throws(() => accountMargin([units[0], units[0]], DEFAULT_PORTFOLIO_PARAMS), /two risk units for BTC/);
    const sol = btcUnit([hold(PERP, 1)], [], btcMarket({ underlying: 'SOL' }));
    assert.throws(() => accountMargin([sol], DEFAULT_PORTFOLIO_PARAMS), /no portfolio margin parameters for SOL/);
  });
});
