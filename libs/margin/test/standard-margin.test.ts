import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PERP_MARGIN,
  DEFAULT_PERP_PARAMS,
  ETH_PERP_MARGIN,
  type PerpMarginParams,
  roundUpMicro,
  standardPerpMargin,
} from '@exchange/margin';
import { BTC_50K, ETH_3K, usdc } from './fixtures';

// margin-model.md section 2 (Deribit standard margin for perps and futures), per position of q coins at S:
//   IM = (2% + m_inc |q|) |q| S,  MM = (1% + m_inc |q|) |q| S,  m_inc = 0.005% per BTC, 0.0004% per ETH.

describe('standard perpetual margin parameters', () => {
  it('are the Deribit defaults, versioned', () => {
    assert.deepEqual(BTC_PERP_MARGIN, { initialRate: 0.02, maintenanceRate: 0.01, incrementPerCoin: 0.00005 });
    assert.deepEqual(ETH_PERP_MARGIN, { initialRate: 0.02, maintenanceRate: 0.01, incrementPerCoin: 0.000004 });
    assert.deepEqual(DEFAULT_PERP_PARAMS.byUnderlying, { BTC: BTC_PERP_MARGIN, ETH: ETH_PERP_MARGIN });
    assert.equal(DEFAULT_PERP_PARAMS.version, 'deribit-standard-1');
  });
});

describe('standardPerpMargin golden values', () => {
  const cases: [string, number, number, PerpMarginParams, string, string][] = [
    // 1 BTC at 50,000: IM = (0.02 + 0.00005 x 1) x 1 x 50,000 = 1,002.5; MM = (0.01 + 0.00005) x 50,000 = 502.5
    ['1 BTC at 50,000', 1, BTC_50K, BTC_PERP_MARGIN, '1002.5', '502.5'],
    // 10 BTC: IM = (0.02 + 0.0005) x 10 x 50,000 = 10,250; MM = (0.01 + 0.0005) x 500,000 = 5,250
    ['10 BTC at 50,000', 10, BTC_50K, BTC_PERP_MARGIN, '10250', '5250'],
    ['10 BTC short at 50,000', -10, BTC_50K, BTC_PERP_MARGIN, '10250', '5250'],
    // 1.5 BTC: IM = 0.020075 x 75,000 = 1,505.625; MM = 0.010075 x 75,000 = 755.625
    ['1.5 BTC at 50,000', 1.5, BTC_50K, BTC_PERP_MARGIN, '1505.625', '755.625'],
    // 100 ETH at 3,000: IM = (0.02 + 0.0004) x 300,000 = 6,120; MM = 0.0104 x 300,000 = 3,120
    ['100 ETH at 3,000', 100, ETH_3K, ETH_PERP_MARGIN, '6120', '3120'],
    // 2.5 ETH: IM = (0.02 + 0.00001) x 7,500 = 150.075; MM = 0.01001 x 7,500 = 75.075
    ['2.5 ETH at 3,000', 2.5, ETH_3K, ETH_PERP_MARGIN, '150.075', '75.075'],
    ['no position', 0, BTC_50K, BTC_PERP_MARGIN, '0', '0'],
  ];
  for (const [name, coins, price, params, initial, maintenance] of cases) {
    it(name, () => {
      assert.deepEqual(standardPerpMargin(coins, price, params), {
        initial: usdc(initial),
        maintenance: usdc(maintenance),
      });
    });
  }

  it('rounds up to the micro-USDC', () => {
    // 0.001 BTC at 50,000.5 (notional 50.0005 USDC): IM = 0.02000005 x 50.0005 = 1.000012500025 USDC
    // MM = 0.01000005 x 50.0005 = 0.500007500025 USDC
    assert.deepEqual(standardPerpMargin(0.001, 50_000_500_000, BTC_PERP_MARGIN), {
      initial: 1_000_013n,
      maintenance: 500_008n,
    });
  });

  it('matches the exact decimal formula over a sweep of sizes and prices', () => {
    // Exact: IM = (rate + inc x lots / 1000) x lots / 1000 x S with rates in units of 1e-8.
    const rates = { initial: 2_000_000n, maintenance: 1_000_000n, increment: 5_000n };
    const denominator = 100_000_000n * 1000n * 1000n;
    for (const price of [BTC_50K, 49_999_500_000, 87_654_321_000, 123_456_789]) {
      for (let lots = 1; lots <= 3000; lots += 7) {
        const margin = standardPerpMargin(lots / 1000, price, BTC_PERP_MARGIN);
        for (const kind of ['initial', 'maintenance'] as const) {
          const numerator = (rates[kind] * 1000n + rates.increment * BigInt(lots)) * BigInt(lots) * BigInt(price);
          const floor = numerator / denominator;
          const ceil = numerator % denominator === 0n ? floor : floor + 1n;
          // Float noise aside, the result is the exact ceiling; it may stay on the floor only when
          // the exact excess over it is within the documented 1e-14 relative noise band.
          const excess = numerator - floor * denominator;
          const withinNoise = margin[kind] === floor && excess * 100_000_000_000_000n <= numerator;
          assert.ok(margin[kind] === ceil || withinNoise, `${lots} lots at ${price}: ${margin[kind]} vs ${ceil}`);
        }
      }
    }
  });
});

describe('roundUpMicro', () => {
  it('rounds up anything above an integer', () => {
    assert.equal(roundUpMicro(1.5), 2n);
    assert.equal(roundUpMicro(1_000_000.001), 1_000_001n);
    assert.equal(roundUpMicro(0.000001), 1n);
  });

  it('keeps integers, including those a float computation missed by its last bit', () => {
    assert.equal(roundUpMicro(0), 0n);
    assert.equal(roundUpMicro(2), 2n);
    assert.equal(roundUpMicro((0.02 + 0.00005) * 1 * 50_000_000_000), 1_002_500_000n);
  });

  it('refuses negative and non-finite amounts', () => {
    assert.throws(() => roundUpMicro(-1), RangeError);
    assert.throws(() => roundUpMicro(Number.NaN), RangeError);
    assert.throws(() => roundUpMicro(Number.POSITIVE_INFINITY), RangeError);
  });
});
