import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VolSurfaceUpdate } from '@exchange/contracts';
import { BTC_PERP, futureSpec, optionSpec } from '@exchange/domain';
import { futureMark, futureMarks } from '../src/future-marks';
import { ListedMarkets } from '../src/listed-markets';
import { coverExpiries } from '../src/seed-surfaces';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 26);
const IN_30_DAYS = NOW_MS + 30 * DAY_MS;
const IN_60_DAYS = NOW_MS + 60 * DAY_MS;
const IN_365_DAYS = NOW_MS + 365 * DAY_MS;
const SIZES = { tickSize: '0.5', lotSize: '0.001', minSizeLots: 1 };
const future = (underlying: string, expiryMs: number) => futureSpec({ underlying, expiryMs, ...SIZES });
const call = (underlying: string, expiryMs: number, strike = '50000') =>
  optionSpec({ underlying, expiryMs, strike, optionType: 'call', tickSize: '5', lotSize: '0.01', minSizeLots: 1 });

describe('future marks', () => {
  it('carry the index to expiry at the annual basis', () => {
    assert.equal(futureMark(50_000_000_000, 0.05, IN_365_DAYS, NOW_MS), Math.round(50_000_000_000 * Math.exp(0.05)));
    assert.equal(futureMark(50_000_000_000, 0, IN_365_DAYS, NOW_MS), 50_000_000_000);
    assert.equal(futureMark(50_000_000_000, 0.05, NOW_MS, NOW_MS), 50_000_000_000, 'no basis left at expiry');
    const near = futureMark(50_000_000_000, 0.05, IN_30_DAYS, NOW_MS);
    const far = futureMark(50_000_000_000, 0.05, IN_60_DAYS, NOW_MS);
    assert.ok(50_000_000_000 < near && near < far, 'a later expiry carries more basis');
  });

  it('mark each future by symbol', () => {
    const marks = futureMarks([future('BTC', IN_30_DAYS), future('BTC', IN_60_DAYS)], 1_000_000, 0.05, NOW_MS);
    assert.deepEqual(Object.keys(marks), [future('BTC', IN_30_DAYS).symbol, future('BTC', IN_60_DAYS).symbol]);
  });
});

describe('listed markets', () => {
  it('keep dated futures and options, by underlying, until they expire', () => {
    const listed = new ListedMarkets();
    assert.equal(listed.add(BTC_PERP), false, 'a perpetual has no forward of its own');
    assert.equal(listed.add(future('BTC', IN_30_DAYS)), true);
    assert.equal(listed.add(future('BTC', IN_30_DAYS)), false, 'already known');
    listed.add(future('ETH', IN_60_DAYS));
    listed.add(call('BTC', IN_60_DAYS));
    listed.add(call('BTC', IN_60_DAYS, '55000'));
    listed.add(call('BTC', IN_30_DAYS));
    assert.deepEqual(
      listed.futures('BTC', NOW_MS).map((spec) => spec.symbol),
      [future('BTC', IN_30_DAYS).symbol],
    );
    assert.deepEqual(listed.optionExpiries('BTC', NOW_MS), [IN_30_DAYS, IN_60_DAYS]);
    assert.deepEqual(listed.optionUnderlyings(NOW_MS), ['BTC']);
    assert.deepEqual(listed.futures('BTC', IN_30_DAYS), [], 'expired at its expiry');
    assert.deepEqual(listed.optionExpiries('BTC', IN_30_DAYS), [IN_60_DAYS]);
  });
});

describe('seeded surfaces', () => {
  const flat = (expiryMs: number, vol: number) => ({ expiryMs, smile: { kind: 'flat' as const, vol } });
  const surface = (slices: VolSurfaceUpdate['slices']): VolSurfaceUpdate => ({
    underlying: 'BTC',
    slices,
    timestampMs: NOW_MS,
    source: 'staff',
  });

  it('start from a flat slice per expiry at the default vol', () => {
    assert.deepEqual(coverExpiries('BTC', [IN_30_DAYS, IN_60_DAYS], undefined, 0.55, NOW_MS), {
      kind: 'publish',
      update: {
        underlying: 'BTC',
        slices: [flat(IN_30_DAYS, 0.55), flat(IN_60_DAYS, 0.55)],
        timestampMs: NOW_MS,
        source: 'seed',
      },
    });
  });

  it('leave a surface that covers every expiry alone', () => {
    const last = surface([flat(IN_30_DAYS, 0.7), flat(IN_60_DAYS, 0.7)]);
    assert.deepEqual(coverExpiries('BTC', [IN_60_DAYS], last, 0.55, NOW_MS), { kind: 'covered' });
  });

  it("add a missing expiry at the nearest slice's at-the-money vol, dropping expired slices", () => {
    // SVI with w(0) = a + b sqrt(m^2 + sigma^2) = 0.02 + 0.01 x 0.1 = 0.021 total variance at 90 days;
    // its wings (0.05 at k = +-3) stay below the added year-long slice's 0.085.
    const in90Days = NOW_MS + 90 * DAY_MS;
    const svi = { kind: 'svi' as const, a: 0.02, b: 0.01, rho: 0, m: 0, sigma: 0.1 };
    const last = surface([flat(NOW_MS - DAY_MS, 0.9), flat(IN_30_DAYS, 0.25), { expiryMs: in90Days, smile: svi }]);
    const cover = coverExpiries('BTC', [IN_30_DAYS, IN_365_DAYS], last, 0.55, NOW_MS);
    assert.equal(cover.kind, 'publish');
    const { slices, source } = (cover as { update: VolSurfaceUpdate }).update;
    assert.equal(source, 'seed');
    assert.deepEqual(
      slices.map((slice) => slice.expiryMs),
      [IN_30_DAYS, in90Days, IN_365_DAYS],
    );
    const added = slices[2].smile;
    assert.equal(added.kind, 'flat');
    assert.ok(Math.abs((added as { vol: number }).vol - Math.sqrt(0.021 / (90 / 365))) < 1e-12);
  });

  it('send nothing that would allow calendar arbitrage, nor without a vol to start from', () => {
    // 30 days at 30%, 60 days at 23%: total variance still grows (0.0074 to 0.0087). A 40-day slice at
    // the nearest (30-day) vol would hold 0.0099, more than the 60-day slice after it.
    const last = surface([flat(IN_30_DAYS, 0.3), flat(IN_60_DAYS, 0.23)]);
    const cover = coverExpiries('BTC', [NOW_MS + 40 * DAY_MS], last, 0.55, NOW_MS);
    assert.equal(cover.kind, 'none');
    assert.match((cover as { reason: string }).reason, /calendar check failed/);
    assert.deepEqual(coverExpiries('SOL', [IN_30_DAYS], undefined, undefined, NOW_MS), {
      kind: 'none',
      reason: 'no surface and no default vol for SOL',
    });
  });
});
