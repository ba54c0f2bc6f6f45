import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normCdf, normPdf } from '@exchange/margin';

// Reference values: N(x) = erfc(-x / sqrt 2) / 2 and phi(x), computed with mpmath 1.3 at 40 significant digits
// (mp.ncdf, mp.npdf) and written as the nearest double; the |x| <= 5 rows agree with Abramowitz & Stegun, Handbook of
// Mathematical Functions, Table 26.1 (e.g. N(-1) = 0.158655253931457, N(-3) = 0.001349898031630).
const REFERENCE: readonly [number, number, number][] = [
  [-37, 5.725571222524577e-300, 2.1200065515246056e-298],
  [-35, 1.1249107064724062e-268, 3.940396277136024e-267],
  [-30, 4.906713927148187e-198, 1.4736461348785476e-196],
  [-25, 3.056696706382561e-138, 7.653929736419392e-137],
  [-20, 2.7536241186062337e-89, 5.520948362159764e-88],
  [-15, 3.670966199312751e-51, 5.530709549844416e-50],
  [-10, 7.619853024160525e-24, 7.694598626706419e-23],
  [-8, 6.220960574271784e-16, 5.052271083536892e-15],
  [-7, 1.279812543885835e-12, 9.134720408364594e-12],
  [-6, 9.86587645037698e-10, 6.075882849823285e-9],
  [-5.5, 1.8989562465887718e-8, 1.0769760042543276e-7],
  [-5, 2.866515718791939e-7, 0.0000014867195147342977],
  [-4.5, 0.0000033976731247300603, 0.000015983741106905475],
  [-4, 0.000031671241833119924, 0.00013383022576488534],
  [-3, 0.0013498980316300946, 0.0044318484119380075],
  [-2, 0.02275013194817921, 0.05399096651318805],
  [-1.5, 0.06680720126885807, 0.12951759566589174],
  [-1, 0.15865525393145705, 0.24197072451914334],
  [-0.75, 0.2266273523768682, 0.3011374321548044],
  [-0.5, 0.3085375387259869, 0.35206532676429947],
  [-0.25, 0.4012936743170763, 0.38666811680284924],
  [0, 0.5, 0.3989422804014327],
  [0.25, 0.5987063256829237, 0.38666811680284924],
  [0.5, 0.6914624612740131, 0.35206532676429947],
  [1, 0.8413447460685429, 0.24197072451914334],
  [2, 0.9772498680518208, 0.05399096651318805],
  [3, 0.9986501019683699, 0.0044318484119380075],
  [5, 0.9999997133484281, 0.0000014867195147342977],
];

function assertRelative(actual: number, expected: number, tolerance: number, label: string): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= tolerance, `${label}: ${actual} vs ${expected} (relative error ${error})`);
}

describe('normCdf', () => {
  it('is accurate to 1e-15 relative against 40-digit references, far tails included', () => {
    for (const [x, cdf] of REFERENCE) assertRelative(normCdf(x), cdf, 1e-15, `N(${x})`);
  });

  it('is symmetric: N(x) + N(-x) = 1 to the last bit', () => {
    for (const [x] of REFERENCE) assert.ok(Math.abs(normCdf(x) + normCdf(-x) - 1) <= Number.EPSILON, `x = ${x}`);
  });

  it('is exactly 1/2 at 0, increasing, and within [0, 1]', () => {
    assert.equal(normCdf(0), 0.5);
    let previous = 0;
    for (let x = -38; x <= 9; x += 0.01) {
      const value = normCdf(x);
      assert.ok(value >= previous && value <= 1, `N(${x}) = ${value} after ${previous}`);
      previous = value;
    }
  });

  it('handles infinities, NaN and underflow', () => {
    assert.equal(normCdf(-Infinity), 0);
    assert.equal(normCdf(Infinity), 1);
    assert.ok(Number.isNaN(normCdf(NaN)));
    assert.equal(normCdf(-40), 0); // N(-40) = 3.7e-350 is below the smallest double
    assert.equal(normCdf(40), 1);
    assert.ok(normCdf(-38) > 0); // 2.9e-316, a subnormal, still resolved
  });
});

describe('normPdf', () => {
  it('is accurate to 1e-15 relative against 40-digit references', () => {
    for (const [x, , pdf] of REFERENCE) assertRelative(normPdf(x), pdf, 1e-15, `phi(${x})`);
  });

  it('is symmetric, 0 at infinity and NaN for NaN', () => {
    for (const [x] of REFERENCE) assert.equal(normPdf(x), normPdf(-x));
    assert.equal(normPdf(Infinity), 0);
    assert.equal(normPdf(-Infinity), 0);
    assert.ok(Number.isNaN(normPdf(NaN)));
  });

  it('is the derivative of normCdf (central differences)', () => {
    for (let x = -6; x <= 1; x += 0.37) {
      const h = 1e-5;
      const slope = (normCdf(x + h) - normCdf(x - h)) / (2 * h);
      assertRelative(slope, normPdf(x), 1e-8, `N'(${x})`);
    }
  });
});
