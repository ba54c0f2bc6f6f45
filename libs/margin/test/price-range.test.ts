import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  type PriceRangeState,
  observeDailyClose,
  startPriceRange,
  targetRange,
} from '@exchange/margin';

// margin-model.md section 4: R_t = clamp(5.5 s_daily, 10%, 40%), s_daily an EWMA of daily index returns
// (decay 0.94, RiskMetrics Technical Document, J.P. Morgan 1996); R_t rises at once, falls by at most 10% a
// day, and never below 0.75 of the worst historical range.

const PARAMS = BTC_PORTFOLIO_PARAMS.priceRangeModel;
const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${actual} vs ${expected}`);

function feed(state: PriceRangeState, closes: readonly number[]): PriceRangeState[] {
  const states: PriceRangeState[] = [];
  let current = state;
  for (const price of closes) {
    current = observeDailyClose(current, price, PARAMS);
    states.push(current);
  }
  return states;
}

describe('price range R_t', () => {
  it('targets 5.5 daily vols, clamped to [10%, 40%]', () => {
    close(targetRange(0.03, PARAMS), 0.165);
    assert.equal(targetRange(0.01, PARAMS), 0.1);
    assert.equal(targetRange(0.2, PARAMS), 0.4);
  });

  it('starts at the target, or 0.75 of the worst historical range if that is higher', () => {
    const calm = startPriceRange(50_000, 0.02, 0.4, PARAMS);
    close(calm.range, 0.3); // 5.5 x 2% = 11% < 0.75 x 40%
    close(startPriceRange(50_000, 0.04, 0, PARAMS).range, 0.22);
    close(startPriceRange(50_000, 0.04, 0.2, PARAMS).range, 0.22);
    assert.throws(() => startPriceRange(0, 0.02, 0, PARAMS), RangeError);
  });

  it("updates the EWMA variance with each day's log return", () => {
    const start = startPriceRange(50_000, 0.03, 0, PARAMS);
    const next = observeDailyClose(start, 55_000, PARAMS);
    const logReturn = Math.log(1.1);
    close(next.variance, 0.94 * 0.0009 + 0.06 * logReturn * logReturn);
    close(next.range, 5.5 * Math.sqrt(next.variance));
    assert.equal(next.lastClose, 55_000);
  });

  it('rises at once on a crash day', () => {
    const start = startPriceRange(50_000, 0.02, 0, PARAMS);
    const [crash] = feed(start, [40_000]);
    // variance 0.94 x 0.0004 + 0.06 x ln(0.8)^2 = 0.003366: s = 5.8%, target 31.9%
    close(crash.range, 5.5 * Math.sqrt(0.94 * 0.0004 + 0.06 * Math.log(0.8) ** 2));
    assert.ok(crash.range > 0.3);
  });

  it('falls by at most 10% a day, and not below 0.75 of the worst range seen', () => {
    const start = startPriceRange(50_000, 0.02, 0, PARAMS);
    const [crash, ...calm] = feed(start, [40_000, ...Array.from({ length: 40 }, () => 40_000)]);
    let previous = crash.range;
    for (const day of calm) {
      assert.ok(day.range >= 0.9 * previous - 1e-15, `${day.range} after ${previous}`);
      assert.ok(day.range >= 0.75 * crash.worstTarget - 1e-15);
      previous = day.range;
    }
    // Flat prices decay the variance, but the range rests on the anti-procyclical floor.
    close(calm[calm.length - 1].range, 0.75 * crash.worstTarget);
  });

  it('caps the fall at 10% a day even when the target drops further', () => {
    // A state whose vol estimate collapsed (e.g. after a data correction): target 10%, range 40%.
    const state: PriceRangeState = { lastClose: 50_000, variance: 1e-6, range: 0.4, worstTarget: 0.2 };
    const days = feed(state, [50_000, 50_000, 50_000]);
    close(days[0].range, 0.36);
    close(days[1].range, 0.324);
    close(days[2].range, 0.2916);
  });

  it('is a pure function of its inputs', () => {
    const start = startPriceRange(50_000, 0.025, 0.35, PARAMS);
    const closes = [51_000, 49_500, 47_000, 52_000, 52_100];
    assert.deepEqual(feed(start, closes), feed(start, closes));
    assert.throws(() => observeDailyClose(start, -1, PARAMS), RangeError);
  });
});
