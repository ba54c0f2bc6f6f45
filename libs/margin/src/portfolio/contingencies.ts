import type { PortfolioMarginParams } from './params';
import type { RiskProfile } from './risk-profile';

/**
 * Roll (basis) shock, section 3: sum over expiries of |delta_e| S max(floor, e^(a T_e) - 1); the
 * perpetual's bucket (T = 0) pays the floor.
 */
export function rollShock(profile: RiskProfile, params: PortfolioMarginParams): number {
  const { floor, annualRate } = params.roll;
  return profile.expiryDeltas.reduce(
    (sum, { years, cashDelta }) => sum + Math.abs(cashDelta) * Math.max(floor, Math.expm1(annualRate * years)),
    0,
  );
}

/**
 * Delta shock for very large books, section 3: nothing while |net delta| S stays within the
 * threshold (20M USD); above it, rate (10%) of the excess, so it never exceeds 10% of the delta notional.
 */
export function deltaShock(profile: RiskProfile, params: PortfolioMarginParams): number {
  const { thresholdUsd, rate } = params.deltaShock;
  return rate * Math.max(0, Math.abs(profile.cashDelta) - thresholdUsd);
}

/** Section 4: 0.3% S per net short option per (expiry, strike), calls and puts netted (Deribit's per-strike rule). */
export function shortOptionContingency(profile: RiskProfile, params: PortfolioMarginParams): number {
  return params.hedgeFirst.shortOptionRate * profile.index * profile.nakedShortOptions;
}
