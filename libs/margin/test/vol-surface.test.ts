import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type SurfaceBuild,
  type SurfaceCheck,
  type SviParams,
  VolSurface,
  butterflyFactor,
  sviParameterViolation,
  sviPoint,
  sviTotalVariance,
  wingButterflyFactor,
  yearsBetween,
} from '@exchange/margin';
import { DAY, E30, E7, E90, NOW } from './portfolio-fixtures';

// Axel Vogt's raw SVI slice, Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces",
// Quantitative Finance 14(1), 2014 (arXiv:1204.0646), Example 3.1: (a, b, m, rho, sigma) =
// (-0.0410, 0.1331, 0.3586, 0.3060, 0.4153), T = 1. It meets every parameter constraint yet its
// density g(k) is negative for k roughly in (0.65, 1.25): butterfly arbitrage.
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

// Gatheral & Jacquier 2014, section 4: SSVI w(k) = theta/2 (1 + rho phi k + sqrt((phi k + rho)^2 + 1 - rho^2)) with the
// power law phi(theta) = eta / (theta^gamma (1 + theta)^(1 - gamma)) is free of static arbitrage when
// eta (1 + |rho|) <= 2 and 0 < gamma <= 1/2; as raw SVI (their Lemma 3.3 mapping):
// a = theta (1 - rho^2) / 2, b = theta phi / 2, m = -rho / phi, sigma = sqrt(1 - rho^2) / phi.
function ssviSlice(theta: number, rho = -0.7, eta = 1, gamma = 0.5): SviParams {
  const phi = eta / (Math.pow(theta, gamma) * Math.pow(1 + theta, 1 - gamma));
  return {
    a: (theta * (1 - rho * rho)) / 2,
    b: (theta * phi) / 2,
    rho,
    m: -rho / phi,
    sigma: Math.sqrt(1 - rho * rho) / phi,
  };
}

/** ATM total variance of a 60% vol at each expiry. */
const theta = (expirySec: number): number => 0.36 * yearsBetween(NOW, expirySec);

const SSVI_SLICES = [E7, E30, E90].map((expirySec) => ({
  expirySec,
  smile: { kind: 'svi' as const, params: ssviSlice(theta(expirySec)) },
}));

function assertRejected(built: SurfaceBuild, expirySec: number, check: SurfaceCheck, detail: RegExp): void {
  assert.equal(built.ok, false, 'the surface should be rejected');
  if (built.ok) return;
  assert.equal(built.rejection.expirySec, expirySec);
  assert.equal(built.rejection.check, check);
  assert.match(built.rejection.reason, new RegExp(`^expiry ${expirySec}: ${check} check failed: `));
  assert.match(built.rejection.reason, detail);
}

describe('SVI slice', () => {
  it('evaluates w, dw/dk and d2w/dk2 (against central differences)', () => {
    for (const k of [-1.5, -0.2, 0, 0.3586, 0.9, 2]) {
      const { w, dw, d2w } = sviPoint(VOGT, k);
      const h = 1e-5;
      assert.equal(w, sviTotalVariance(VOGT, k));
      assert.ok(Math.abs(dw - (sviTotalVariance(VOGT, k + h) - sviTotalVariance(VOGT, k - h)) / (2 * h)) < 1e-9);
      const second = (sviTotalVariance(VOGT, k + h) - 2 * w + sviTotalVariance(VOGT, k - h)) / (h * h);
      assert.ok(Math.abs(d2w - second) < 1e-5, `d2w at ${k}: ${d2w} vs ${second}`);
    }
  });

  it('has its minimum a + b sigma sqrt(1 - rho^2) at k = m - rho sigma / sqrt(1 - rho^2)', () => {
    const { a, b, rho, m, sigma } = VOGT;
    const kMin = m - (rho * sigma) / Math.sqrt(1 - rho * rho);
    assert.ok(Math.abs(sviTotalVariance(VOGT, kMin) - (a + b * sigma * Math.sqrt(1 - rho * rho))) < 1e-15);
    assert.ok(Math.abs(sviPoint(VOGT, kMin).dw) < 1e-15);
  });

  it('enforces b >= 0, |rho| < 1, sigma > 0 and a + b sigma sqrt(1 - rho^2) >= 0', () => {
    assert.equal(sviParameterViolation(VOGT), null);
    assert.match(sviParameterViolation({ ...VOGT, b: -0.01 }) ?? '', /b = -0.01 must be >= 0/);
    assert.match(sviParameterViolation({ ...VOGT, rho: 1 }) ?? '', /\|rho\| = 1 must be < 1/);
    assert.match(sviParameterViolation({ ...VOGT, rho: -1.2 }) ?? '', /must be < 1/);
    assert.match(sviParameterViolation({ ...VOGT, sigma: 0 }) ?? '', /sigma = 0 must be > 0/);
    assert.match(sviParameterViolation({ ...VOGT, a: -0.06 }) ?? '', /a \+ b sigma sqrt\(1 - rho\^2\) = -0.0/);
    assert.match(sviParameterViolation({ ...VOGT, m: NaN }) ?? '', /finite/);
  });

  it("finds Vogt's butterfly arbitrage: g(k) < 0 near k = 0.9, > 0 at the money and in the wings", () => {
    assert.ok(butterflyFactor(VOGT, 0.88) < -0.03);
    assert.ok(butterflyFactor(VOGT, 0) > 0);
    assert.ok(butterflyFactor(VOGT, 2.5) > 0);
    assert.ok(butterflyFactor(VOGT, -2.5) > 0);
  });

  it('reads the wings against Lee: g tends to 1/4 - b^2 (1 + |rho|)^2 / 16', () => {
    const steep: SviParams = { a: 0.01, b: 1.5, rho: 0.5, m: 0, sigma: 0.1 };
    assert.equal(wingButterflyFactor(steep), 0.25 - (2.25 * 2.25) / 16);
    assert.ok(Math.abs(butterflyFactor(steep, 1e6) - wingButterflyFactor(steep)) < 1e-5);
    assert.equal(wingButterflyFactor({ ...steep, b: 2 / 1.5 }), 0);
  });
});

describe('VolSurface.build', () => {
  it('accepts the arbitrage-free SSVI power-law surface of Gatheral & Jacquier', () => {
    const built = VolSurface.build(SSVI_SLICES, NOW);
    assert.ok(built.ok, built.ok ? '' : built.rejection.reason);
    assert.deepEqual(built.surface.expiries(), [E7, E30, E90]);
  });

  it("rejects Vogt's slice for butterfly arbitrage, naming the expiry", () => {
    const slices = [
      ...SSVI_SLICES.slice(0, 2),
      { expirySec: NOW + 365 * DAY, smile: { kind: 'svi' as const, params: VOGT } },
    ];
    assertRejected(
      VolSurface.build(slices, NOW),
      NOW + 365 * DAY,
      'butterfly',
      /g\(k\) = -0\.0\d+ < 0 at k = 0\.6\d\d/,
    );
  });

  it('rejects wings steeper than Lee allows even where the grid does not reach', () => {
    const steep = { a: 0.01, b: 1.5, rho: 0.5, m: 0, sigma: 0.1 };
    assertRejected(
      VolSurface.build([{ expirySec: E30, smile: { kind: 'svi', params: steep } }], NOW),
      E30,
      'butterfly',
      /Lee/,
    );
  });

  it('rejects calendar arbitrage: total variance falling with expiry at some strike', () => {
    // 80% for 30 days is w = 0.0526; 50% for 60 days only 0.0411.
    const slices = [
      { expirySec: E30, smile: { kind: 'flat' as const, vol: 0.8 } },
      { expirySec: NOW + 60 * DAY, smile: { kind: 'flat' as const, vol: 0.5 } },
    ];
    assertRejected(VolSurface.build(slices, NOW), NOW + 60 * DAY, 'calendar', /below that of the earlier expiry/);
  });

  it('rejects an SVI slice whose wings dip under the next expiry only away from the money', () => {
    // The 30-day SSVI slice has more variance than a flat 90-day smile in its wings, though not at the money.
    const slices = [
      { expirySec: E30, smile: { kind: 'svi' as const, params: ssviSlice(theta(E30)) } },
      { expirySec: E90, smile: { kind: 'flat' as const, vol: Math.sqrt((theta(E30) * 1.2) / yearsBetween(NOW, E90)) } },
    ];
    assert.ok(theta(E30) * 1.2 > sviTotalVariance(ssviSlice(theta(E30)), 0));
    assertRejected(VolSurface.build(slices, NOW), E90, 'calendar', /at k = -3\.000/);
  });

  it('checks slices in expiry order whatever order they come in', () => {
    assert.ok(VolSurface.build([...SSVI_SLICES].reverse(), NOW).ok);
  });

  it('rejects bad parameters, past and duplicated expiries, and non-positive flat vols', () => {
    assertRejected(
      VolSurface.build([{ expirySec: E30, smile: { kind: 'svi', params: { ...VOGT, b: -1 } } }], NOW),
      E30,
      'parameters',
      /b = -1/,
    );
    assertRejected(
      VolSurface.build([{ expirySec: NOW, smile: { kind: 'flat', vol: 0.5 } }], NOW),
      NOW,
      'expiry',
      /after now/,
    );
    assertRejected(
      VolSurface.build(
        [
          { expirySec: E7, smile: { kind: 'flat', vol: 0.5 } },
          { expirySec: E7, smile: { kind: 'flat', vol: 0.6 } },
        ],
        NOW,
      ),
      E7,
      'expiry',
      /listed twice/,
    );
    assertRejected(
      VolSurface.build([{ expirySec: E7, smile: { kind: 'flat', vol: 0 } }], NOW),
      E7,
      'parameters',
      /> 0/,
    );
  });
});

describe('VolSurface implied vols', () => {
  const built = VolSurface.build(SSVI_SLICES, NOW);
  assert.ok(built.ok);
  const surface = built.surface;

  it('is sqrt(w(k) / T) with k = ln(K / F)', () => {
    const forward = 50_200;
    for (const strike of [20_000, 45_000, 50_200, 60_000, 120_000]) {
      const k = Math.log(strike / forward);
      const expected = Math.sqrt(sviTotalVariance(ssviSlice(theta(E30)), k) / yearsBetween(NOW, E30));
      assert.equal(surface.impliedVol(E30, strike, forward), expected);
    }
    // At the money, SSVI's total variance is theta: 60% vol.
    assert.ok(Math.abs(surface.impliedVol(E30, 50_200, 50_200) - 0.6) < 1e-15);
  });

  it('has a skew: with rho < 0, low strikes carry more vol than high ones', () => {
    assert.ok(surface.impliedVol(E30, 40_000, 50_000) > surface.impliedVol(E30, 60_000, 50_000));
  });

  it('is flat for a flat smile, whose total variance is vol^2 T', () => {
    const flat = VolSurface.build([{ expirySec: E30, smile: { kind: 'flat', vol: 0.6 } }], NOW);
    assert.ok(flat.ok);
    for (const strike of [1_000, 50_000, 500_000]) assert.equal(flat.surface.impliedVol(E30, strike, 50_000), 0.6);
    assert.ok(Math.abs(flat.surface.totalVariance(E30, 0.3) - 0.36 * (30 / 365)) < 1e-16);
  });

  it('refuses expiries it does not hold and non-positive strikes', () => {
    assert.throws(() => surface.impliedVol(NOW + 5 * DAY, 50_000, 50_000), /no smile for expiry/);
    assert.throws(() => surface.impliedVol(E30, 0, 50_000), RangeError);
  });
});
