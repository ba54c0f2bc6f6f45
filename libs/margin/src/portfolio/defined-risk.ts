import type { OptionType } from '@exchange/domain';
import type { PricedHolding } from './scenario-pnl';

export interface PayoffLeg {
  readonly strike: number;
  readonly optionType: OptionType;
  /** Signed size in coins. */
  readonly size: number;
}

/** Expiry payoff of the legs at underlying price `price`. */
export function payoffAt(legs: readonly PayoffLeg[], price: number): number {
  return legs.reduce(
    (sum, { strike, optionType, size }) =>
      sum + size * (optionType === 'call' ? Math.max(price - strike, 0) : Math.max(strike - price, 0)),
    0,
  );
}

/**
 * The lowest expiry payoff over all prices >= 0, exactly: the payoff is piecewise linear with kinks
 * only at the strikes, so its minimum is at 0, at a strike, or -Infinity when it falls for ever
 * beyond the last strike (net short calls).
 */
export function minimumPayoff(legs: readonly PayoffLeg[]): number {
  const slopeBeyondStrikes = legs.reduce((sum, leg) => sum + (leg.optionType === 'call' ? leg.size : 0), 0);
  if (slopeBeyondStrikes < 0) return -Infinity;
  return Math.min(payoffAt(legs, 0), ...legs.map((leg) => payoffAt(legs, leg.strike)));
}

/**
 * The defined-risk cap of section 4: when a unit holds only options of one expiry and is not net short
 * calls, its exact maximum loss, mark-to-market minus the minimum payoff (never below 0); otherwise null.
 */
export function definedRiskMaxLoss(holdings: readonly PricedHolding[]): number | null {
  const legs: PayoffLeg[] = [];
  const expiries = new Set<number>();
  let markToMarket = 0;
  for (const { quote, size } of holdings) {
    const { instrument } = quote;
    if (instrument.kind !== 'option') return null;
    expiries.add(instrument.expirySec);
    legs.push({ strike: instrument.strike, optionType: instrument.optionType, size });
    markToMarket += size * quote.mark;
  }
  if (expiries.size !== 1) return null;
  const floor = minimumPayoff(legs);
  return floor === -Infinity ? null : Math.max(0, markToMarket - floor);
}
