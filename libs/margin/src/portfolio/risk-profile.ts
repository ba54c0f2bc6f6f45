import { definedRiskMaxLoss } from './defined-risk';
import { type Holding, netHoldings } from './instruments';
import type { UnitPricer } from './pricer';
import type { PricedHolding } from './scenario-pnl';

/** Net cash delta of one expiry bucket, for the roll shock. Perpetuals form a bucket of T = 0. */
export interface ExpiryDelta {
  /** Epoch seconds, or null for the perpetual. */
  readonly expirySec: number | null;
  readonly years: number;
  readonly cashDelta: number;
}

/**
 * Everything the margin models need to know about one risk unit's holdings, in USD. Deltas are cash
 * deltas, sum of q delta F: the PnL per unit relative move of every price, so that a delta hedge of
 * cashDelta / S coins of the index cancels the grid's first-order PnL exactly (it equals coin delta
 * x S when the forwards equal the index).
 */
export interface RiskProfile {
  readonly holdings: readonly PricedHolding[];
  readonly index: number;
  /** PnL of the holdings in each scenario of the pricer's grid. */
  readonly pnl: Float64Array;
  readonly cashDelta: number;
  /** Sums of the positive and (as a positive number) the negative per-position cash deltas. */
  readonly longCashDelta: number;
  readonly shortCashDelta: number;
  /** By expiry, perpetual first then increasing expiry; spot collateral has no basis and is left out. */
  readonly expiryDeltas: readonly ExpiryDelta[];
  /** Sum over (expiry, strike) of the net short option size there, calls and puts together (coins). */
  readonly nakedShortOptions: number;
  /** Sum of |q| halfSpread: what closing every position costs. */
  readonly liquidationCost: number;
  /** Mark-to-market of the options (premium of a long-only book). */
  readonly optionValue: number;
  /** True when the unit holds something and every holding is a long option. */
  readonly longOptionsOnly: boolean;
  /** Exact maximum loss of a single-expiry, not net short calls option unit; null when not such a unit. */
  readonly definedRiskMaxLoss: number | null;
}

function expiryDeltas(holdings: readonly PricedHolding[]): ExpiryDelta[] {
  const buckets = new Map<number | null, ExpiryDelta>();
  for (const { quote, size } of holdings) {
    const { instrument } = quote;
    if (instrument.kind === 'spot') continue;
    const expirySec = instrument.kind === 'perpetual' ? null : instrument.expirySec;
    const cashDelta = (buckets.get(expirySec)?.cashDelta ?? 0) + size * quote.delta * quote.forward;
    buckets.set(expirySec, { expirySec, years: quote.years, cashDelta });
  }
  return [...buckets.values()].sort((left, right) => (left.expirySec ?? -Infinity) - (right.expirySec ?? -Infinity));
}

function nakedShortOptions(holdings: readonly PricedHolding[]): number {
  const netByStrike = new Map<string, number>();
  for (const { quote, size } of holdings) {
    const { instrument } = quote;
    if (instrument.kind !== 'option') continue;
    const key = `${instrument.expirySec}:${instrument.strike}`;
    netByStrike.set(key, (netByStrike.get(key) ?? 0) + size);
  }
  return [...netByStrike.values()].reduce((sum, net) => sum + Math.max(0, -net), 0);
}

/** Nets the holdings per instrument, quotes them and measures them with the pricer's scenarios. */
export function riskProfile(pricer: UnitPricer, positions: readonly Holding[]): RiskProfile {
  const holdings = netHoldings(positions).map(({ instrument, size }) => ({ quote: pricer.quote(instrument), size }));
  let cashDelta = 0;
  let longCashDelta = 0;
  let shortCashDelta = 0;
  let liquidationCost = 0;
  let optionValue = 0;
  for (const { quote, size } of holdings) {
    const positionDelta = size * quote.delta * quote.forward;
    cashDelta += positionDelta;
    if (positionDelta > 0) longCashDelta += positionDelta;
    else shortCashDelta -= positionDelta;
    liquidationCost += Math.abs(size) * quote.halfSpread;
    if (quote.instrument.kind === 'option') optionValue += size * quote.mark;
  }
  return {
    holdings,
    index: pricer.market.index,
    pnl: pricer.scenarioPnl(holdings),
    cashDelta,
    longCashDelta,
    shortCashDelta,
    expiryDeltas: expiryDeltas(holdings),
    nakedShortOptions: nakedShortOptions(holdings),
    liquidationCost,
    optionValue,
    longOptionsOnly:
      holdings.length > 0 && holdings.every(({ quote, size }) => quote.instrument.kind === 'option' && size > 0),
    definedRiskMaxLoss: definedRiskMaxLoss(holdings),
  };
}

/**
 * A long option can lose no more than its mark, and the mark already counts in equity: a unit of
 * long options only never needs more than its premium (section 4, applied to the grid as well).
 */
export function capAtPremium(profile: RiskProfile, requirement: number): number {
  return profile.longOptionsOnly ? Math.min(requirement, profile.optionValue) : requirement;
}
