import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OptionType } from '@exchange/domain';
import { type Black76Input, SECONDS_PER_YEAR, black76, black76Price, yearsBetween } from '@exchange/margin';

// The model is undiscounted Black-76 (r = 0, margin-model.md section 1). Textbook examples use r > 0,
// where the price is e^(-rT) times the undiscounted one, so they are checked as e^(-rT) x black76Price.

const call = (forward: number, strike: number, years: number, vol: number): Black76Input => ({
  forward,
  strike,
  years,
  vol,
  optionType: 'call',
});
const put = (forward: number, strike: number, years: number, vol: number): Black76Input => ({
  ...call(forward, strike, years, vol),
  optionType: 'put',
});

function assertClose(actual: number, expected: number, tolerance: number, label = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label} ${actual} vs ${expected} (tolerance ${tolerance})`);
}

describe('Black-76 golden values', () => {
  it("Hull's crude-oil futures put: F0 = K = 20, r = 9%, T = 4 months, vol = 25% gives p = 1.12", () => {
    // J. C. Hull, Options, Futures, and Other Derivatives, chapter "Futures Options" (Black's model
    // worked example): d1 = 0.07216, d2 = -0.07216, p = e^(-0.09 x 4/12) (20 x 0.5288 - 20 x 0.4712) = 1.12.
    const discounted = Math.exp(-0.09 / 3) * black76Price(put(20, 20, 4 / 12, 0.25));
    assert.equal(discounted.toFixed(2), '1.12');
    // 40-digit mpmath value of the same formula: 1.116641456558943479...
    assertClose(discounted, 1.1166414565589435, 1e-14);
  });

  it("Haug's Black-76 example: F = X = 19, T = 0.75, r = 10%, vol = 28% gives c = p = 1.7011", () => {
    // E. G. Haug, The Complete Guide to Option Pricing Formulas, 2nd ed., section 1.1.3 (Black-76).
    const discount = Math.exp(-0.1 * 0.75);
    assert.equal((discount * black76Price(call(19, 19, 0.75, 0.28))).toFixed(4), '1.7011');
    assert.equal((discount * black76Price(put(19, 19, 0.75, 0.28))).toFixed(4), '1.7011');
  });

  it("Hull's Black-Scholes example through the forward: S0 = 42, K = 40, r = 10%, vol = 20%, T = 0.5", () => {
    // Hull, chapter "The Black-Scholes-Merton Model", worked example: c = 4.76, p = 0.81. With
    // F = S0 e^(rT), Black-Scholes is e^(-rT) x Black-76.
    const forward = 42 * Math.exp(0.05);
    const discount = Math.exp(-0.05);
    assert.equal((discount * black76Price(call(forward, 40, 0.5, 0.2))).toFixed(2), '4.76');
    assert.equal((discount * black76Price(put(forward, 40, 0.5, 0.2))).toFixed(2), '0.81');
  });

  it("Hull's Greek-letters example: S0 = 49, K = 50, r = 5%, vol = 20%, T = 20 weeks", () => {
    // Hull, chapter "The Greek Letters", running example (a bank's short call): delta = N(d1) = 0.522,
    // gamma = 0.066, vega = 12.1. Spot greeks from forward greeks: delta_S = delta_F,
    // gamma_S = e^(rT) gamma_F, vega_S = e^(-rT) vega_F.
    const years = 20 / 52;
    const growth = Math.exp(0.05 * years);
    const greeks = black76(call(49 * growth, 50, years, 0.2));
    assert.equal(greeks.delta.toFixed(3), '0.522');
    assert.equal((growth * greeks.gamma).toFixed(3), '0.066');
    assert.equal((greeks.vega / growth).toFixed(1), '12.1');
  });

  it('prices deep in and out of the money accurately (50-digit mpmath references)', () => {
    const cases: [Black76Input, number, number][] = [
      [call(100, 300, 0.25, 0.5), 0.00004977053293702105, 1e-13],
      [put(300, 100, 0.25, 0.5), 0.00004977053293702105, 1e-13],
      [call(300, 100, 0.25, 0.5), 200.00004977053294, 1e-15],
      [call(50_000, 150_000, 7 / 365, 0.6), 1.7657010912459933e-37, 1e-10],
      [put(50_000, 10_000, 30 / 365, 0.8), 7.909371557060366e-10, 1e-12],
      [call(50_000, 50_000, 1e-8, 0.6), 1.196826841024774, 1e-11],
    ];
    for (const [input, expected, relative] of cases) {
      const price = black76Price(input);
      assert.ok(Math.abs(price - expected) <= relative * expected, `${JSON.stringify(input)}: ${price} vs ${expected}`);
    }
  });
});

describe('Black-76 properties', () => {
  const forwards = [20_000, 49_000, 50_000, 51_000, 80_000];
  const strikes = [10_000, 45_000, 50_000, 55_000, 150_000];
  const tenors = [1 / 365, 7 / 365, 0.25, 2];
  const vols = [0.05, 0.6, 1.5];

  it('satisfies put-call parity C - P = F - K', () => {
    for (const forward of forwards)
      for (const strike of strikes)
        for (const years of tenors)
          for (const vol of vols) {
            const parity =
              black76Price(call(forward, strike, years, vol)) - black76Price(put(forward, strike, years, vol));
            assertClose(parity, forward - strike, 1e-11 * Math.max(forward, strike), `F ${forward} K ${strike}`);
          }
  });

  it('keeps prices within their no-arbitrage bounds: intrinsic <= price <= F (call) or K (put)', () => {
    for (const forward of forwards)
      for (const strike of strikes)
        for (const years of tenors)
          for (const vol of vols) {
            const c = black76Price(call(forward, strike, years, vol));
            const p = black76Price(put(forward, strike, years, vol));
            assert.ok(c >= Math.max(forward - strike, 0) && c <= forward);
            assert.ok(p >= Math.max(strike - forward, 0) && p <= strike);
          }
  });

  it('has greeks equal to finite differences of the price', () => {
    for (const optionType of ['call', 'put'] as OptionType[])
      for (const [forward, strike, years, vol] of [
        [50_000, 50_000, 30 / 365, 0.6],
        [50_000, 60_000, 0.25, 0.8],
        [50_000, 42_000, 7 / 365, 0.45],
        [3_000, 3_500, 1, 0.7],
      ]) {
        const input = { forward, strike, years, vol, optionType };
        const greeks = black76(input);
        const price = (changes: Partial<Black76Input>): number => black76Price({ ...input, ...changes });
        const dF = forward * 1e-4;
        const dVol = 1e-5;
        const dT = years * 1e-5;
        const delta = (price({ forward: forward + dF }) - price({ forward: forward - dF })) / (2 * dF);
        const gamma = (price({ forward: forward + dF }) - 2 * price({}) + price({ forward: forward - dF })) / (dF * dF);
        const vega = (price({ vol: vol + dVol }) - price({ vol: vol - dVol })) / (2 * dVol);
        const theta = -(price({ years: years + dT }) - price({ years: years - dT })) / (2 * dT);
        const label = `${optionType} F ${forward} K ${strike}`;
        assertClose(greeks.delta, delta, 1e-7, `${label} delta`);
        assertClose(greeks.gamma, gamma, 1e-4 * greeks.gamma, `${label} gamma`);
        assertClose(greeks.vega, vega, 1e-6 * greeks.vega, `${label} vega`);
        assertClose(greeks.theta, theta, 1e-6 * Math.abs(greeks.theta), `${label} theta`);
      }
  });

  it('has put delta = call delta - 1 and equal gamma, vega and theta for calls and puts', () => {
    const callGreeks = black76(call(50_000, 55_000, 0.1, 0.7));
    const putGreeks = black76(put(50_000, 55_000, 0.1, 0.7));
    assertClose(putGreeks.delta, callGreeks.delta - 1, 1e-15);
    assert.equal(putGreeks.gamma, callGreeks.gamma);
    assert.equal(putGreeks.vega, callGreeks.vega);
    assert.equal(putGreeks.theta, callGreeks.theta);
  });
});

describe('Black-76 edge cases', () => {
  it('is worth intrinsic value at expiry, with a step delta', () => {
    assert.deepEqual(black76(call(110, 100, 0, 0.5)), { price: 10, delta: 1, gamma: 0, vega: 0, theta: 0 });
    assert.deepEqual(black76(put(110, 100, 0, 0.5)), { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    assert.deepEqual(black76(put(90, 100, 0, 0.5)), { price: 10, delta: -1, gamma: 0, vega: 0, theta: 0 });
    assert.equal(black76(call(100, 100, 0, 0.5)).delta, 0.5);
  });

  it('is worth intrinsic value at zero vol; at the money it still has vega F phi(0) sqrt(T)', () => {
    assert.equal(black76Price(call(120, 100, 1, 0)), 20);
    assert.equal(black76Price(put(120, 100, 1, 0)), 0);
    const atTheMoney = black76(call(100, 100, 0.25, 0));
    assert.equal(atTheMoney.price, 0);
    assertClose(atTheMoney.vega, (100 * 0.5) / Math.sqrt(2 * Math.PI), 1e-12);
  });

  it('tends to intrinsic value as T -> 0 and as vol -> 0', () => {
    for (const tiny of [1e-6, 1e-10, 1e-14]) {
      assertClose(black76Price(call(101, 100, tiny, 0.8)), 1, 1e-9);
      assertClose(black76Price(put(101, 100, tiny, 0.8)), 0, 1e-9);
      assertClose(black76Price(call(99, 100, 1, tiny)), 0, 1e-9);
      assert.equal(black76(call(99, 100, 1, tiny)).delta, 0);
      assert.equal(black76(call(101, 100, 1, tiny)).delta, 1);
    }
  });

  it('rejects impossible inputs', () => {
    for (const bad of [call(0, 100, 1, 0.5), call(100, -1, 1, 0.5), call(100, 100, -1, 0.5), call(100, 100, 1, -0.1)]) {
      assert.throws(() => black76(bad), RangeError);
    }
    assert.throws(() => black76(call(NaN, 100, 1, 0.5)), RangeError);
    assert.throws(() => black76(call(100, 100, Infinity, 0.5)), RangeError);
  });

  it('measures time in years of 365 days', () => {
    assert.equal(SECONDS_PER_YEAR, 31_536_000);
    assert.equal(yearsBetween(1_000, 1_000 + 73 * 86_400), 0.2);
    assert.equal(yearsBetween(5_000, 1_000), 0);
  });
});
