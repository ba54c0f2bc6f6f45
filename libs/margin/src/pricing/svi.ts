/**
 * Raw SVI smile in total implied variance (Gatheral 2004; Gatheral & Jacquier 2014, "Arbitrage-free
 * SVI volatility surfaces", Quantitative Finance 14(1)): w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)),
 * k = ln(K / F).
 */
export interface SviParams {
  readonly a: number;
  readonly b: number;
  readonly rho: number;
  readonly m: number;
  readonly sigma: number;
}

/** w(k) and its first two derivatives in k. */
export interface SviPoint {
  readonly w: number;
  readonly dw: number;
  readonly d2w: number;
}

export function sviPoint({ a, b, rho, m, sigma }: SviParams, k: number): SviPoint {
  const x = k - m;
  const root = Math.sqrt(x * x + sigma * sigma);
  return {
    w: a + b * (rho * x + root),
    dw: b * (rho + x / root),
    d2w: (b * sigma * sigma) / (root * root * root),
  };
}

export function sviTotalVariance(params: SviParams, k: number): number {
  return sviPoint(params, k).w;
}

/**
 * Why the parameters are not an SVI slice, or null: b >= 0, |rho| < 1, sigma > 0 and
 * a + b sigma sqrt(1 - rho^2) >= 0 (the minimum of w, so total variance is never negative).
 */
export function sviParameterViolation({ a, b, rho, m, sigma }: SviParams): string | null {
  if (![a, b, rho, m, sigma].every(Number.isFinite)) return 'parameters must be finite numbers';
  if (b < 0) return `b = ${b} must be >= 0`;
  if (!(Math.abs(rho) < 1)) return `|rho| = ${Math.abs(rho)} must be < 1`;
  if (!(sigma > 0)) return `sigma = ${sigma} must be > 0`;
  const minimum = a + b * sigma * Math.sqrt(1 - rho * rho);
  if (minimum < 0) return `a + b sigma sqrt(1 - rho^2) = ${minimum} must be >= 0`;
  return null;
}

/**
 * Gatheral's density factor g(k) = (1 - k w'/(2w))^2 - (w'^2/4)(1/w + 1/4) + w''/2: the risk-neutral
 * density is phi(d2) g / sqrt(w), so a slice is free of butterfly arbitrage where g >= 0
 * (Gatheral & Jacquier 2014, Lemma 2.2).
 */
export function butterflyFactor(params: SviParams, k: number): number {
  const { w, dw, d2w } = sviPoint(params, k);
  const skew = 1 - (k * dw) / (2 * w);
  return skew * skew - ((dw * dw) / 4) * (1 / w + 1 / 4) + d2w / 2;
}

/**
 * g(k) as |k| grows: w tends to slope b (1 +- rho), so g tends to 1/4 - b^2 (1 +- rho)^2 / 16, which is
 * >= 0 exactly when the wings satisfy Roger Lee's moment bound b (1 + |rho|) <= 2 (Lee 2004).
 */
export function wingButterflyFactor({ b, rho }: SviParams): number {
  const steepest = b * (1 + Math.abs(rho));
  return 0.25 - (steepest * steepest) / 16;
}
