import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FEE_SCHEDULE, notionalMicro, tradingFee } from '@exchange/ledger';
import { BTC_PERP, ETH_PERP, USDC } from './markets';

describe('fees', () => {
  it('notional is price x size x value per tick-lot', () => {
    assert.equal(notionalMicro(100_000, 1000, BTC_PERP), 50_000n * USDC); // 1 BTC at 50,000
    assert.equal(notionalMicro(60_000, 250, ETH_PERP), 7_500n * USDC); // 2.5 ETH at 3,000
  });

  it('defaults to 2 bps maker and 5 bps taker', () => {
    assert.deepEqual(DEFAULT_FEE_SCHEDULE, { makerBps: 2, takerBps: 5 });
    assert.equal(tradingFee(50_000n * USDC, DEFAULT_FEE_SCHEDULE.makerBps), 10n * USDC);
    assert.equal(tradingFee(50_000n * USDC, DEFAULT_FEE_SCHEDULE.takerBps), 25n * USDC);
  });

  it('rounds fees up to the micro-USDC', () => {
    const notional = notionalMicro(100_001, 1, BTC_PERP); // 0.001 BTC at 50,000.5 = 50.0005 USDC
    assert.equal(notional, 50_000_500n);
    assert.equal(tradingFee(notional, 5), 25_001n); // exact 25,000.25
    assert.equal(tradingFee(notional, 2), 10_001n); // exact 10,000.1
  });

  it('takes fractional basis points exactly', () => {
    assert.equal(tradingFee(50_000n * USDC, 2.5), 12_500_000n);
    assert.equal(tradingFee(50_000_500n, 0.000001), 1n); // 5e-6 micro, rounded up
  });

  it('rounds a rebate toward zero, never paying out more than the rate', () => {
    assert.equal(tradingFee(50_000_500n, -1), -5_000n); // exact -5,000.05
  });

  it('refuses rates that are not short decimals', () => {
    assert.throws(() => tradingFee(1n, 0.1 + 0.2), RangeError);
    assert.throws(() => tradingFee(1n, Number.NaN), RangeError);
  });
});
