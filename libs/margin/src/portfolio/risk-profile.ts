import { definedRiskMaxLoss } from './defined-risk';
import { type Holding, netHoldings } from './instruments';
import type { UnitPricer } from './pricer';
import type { Quote } from './quotes';
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
  // Expiry -> strike -> net size, numeric keys: this runs on every pre-trade check.
  const netByStrike = new Map<number, Map<number, number>>();
  for (const { quote, size } of holdings) {
    const { instrument } = quote;
    if (instrument.kind !== 'option') continue;
    let strikes = netByStrike.get(instrument.expirySec);
    if (!strikes) netByStrike.set(instrument.expirySec, (strikes = new Map()));
    strikes.set(instrument.strike, (strikes.get(instrument.strike) ?? 0) + size);
  }
  let naked = 0;
  for (const strikes of netByStrike.values()) for (const net of strikes.values()) naked += Math.max(0, -net);
  return naked;
}

/** Nets the holdings per instrument, quotes them and measures them with the pricer's scenarios. */
export function riskProfile(pricer: UnitPricer, positions: readonly Holding[]): RiskProfile {
  const holdings = netHoldings(positions).map(({ instrument, size }) => ({ quote: pricer.quote(instrument), size }));
  return profileOf(holdings, pricer.market.index, pricer.scenarioPnl(holdings));
}

/**
 * The profile with `size` coins more of one instrument, whose PnL per coin in each scenario is
 * `vector`: the scenario PnL moves by size x vector in one pass, and every sum moves by the change
 * of that one holding, without repricing or remeasuring the rest. What the pre-trade check adds an
 * order with. Sums may differ from a from-scratch profile in their last bits.
 */
export function withPosition(profile: RiskProfile, quote: Quote, vector: ArrayLike<number>, size: number): RiskProfile {
  const { holdings, index } = profile;
  const at = insertionPoint(holdings, quote.instrument.symbol);
  const held = holdings[at]?.quote.instrument.symbol === quote.instrument.symbol ? holdings[at] : undefined;
  const oldSize = held?.size ?? 0;
  const newSize = oldSize + size;
  const next = [...holdings];
  if (held && newSize === 0) next.splice(at, 1);
  else if (held) next[at] = { quote, size: newSize };
  else next.splice(at, 0, { quote, size: newSize });

  const before = contribution(quote, oldSize);
  const after = contribution(quote, newSize);
  const pnl = new Float64Array(profile.pnl.length);
  for (let j = 0; j < pnl.length; j += 1) pnl[j] = profile.pnl[j] + size * vector[j];
  return {
    holdings: next,
    index,
    pnl,
    cashDelta: profile.cashDelta - before.cashDelta + after.cashDelta,
    longCashDelta: profile.longCashDelta - Math.max(0, before.cashDelta) + Math.max(0, after.cashDelta),
    shortCashDelta: profile.shortCashDelta - Math.max(0, -before.cashDelta) + Math.max(0, -after.cashDelta),
    expiryDeltas: withExpiryDelta(profile.expiryDeltas, quote, after.cashDelta - before.cashDelta),
    nakedShortOptions: profile.nakedShortOptions + nakedShortChange(holdings, quote, oldSize, newSize),
    liquidationCost: profile.liquidationCost - before.liquidationCost + after.liquidationCost,
    optionValue: profile.optionValue - before.optionValue + after.optionValue,
    longOptionsOnly:
      next.length > 0 && next.every(({ quote: held, size: coins }) => held.instrument.kind === 'option' && coins > 0),
    definedRiskMaxLoss: definedRiskMaxLoss(next),
  };
}

/** Where a symbol is, or would go, in holdings sorted by symbol. */
function insertionPoint(holdings: readonly PricedHolding[], symbol: string): number {
  let low = 0;
  let high = holdings.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holdings[middle].quote.instrument.symbol < symbol) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One holding's share of the profile's sums. */
function contribution(quote: Quote, size: number) {
  return {
    cashDelta: size * quote.delta * quote.forward,
    liquidationCost: Math.abs(size) * quote.halfSpread,
    optionValue: quote.instrument.kind === 'option' ? size * quote.mark : 0,
  };
}

function withExpiryDelta(buckets: readonly ExpiryDelta[], quote: Quote, change: number): readonly ExpiryDelta[] {
  const { instrument } = quote;
  if (instrument.kind === 'spot') return buckets;
  const expirySec = instrument.kind === 'perpetual' ? null : instrument.expirySec;
  const at = buckets.findIndex((bucket) => bucket.expirySec === expirySec);
  if (at >= 0) {
    const next = [...buckets];
    next[at] = { ...buckets[at], cashDelta: buckets[at].cashDelta + change };
    return next;
  }
  return [...buckets, { expirySec, years: quote.years, cashDelta: change }].sort(
    (left, right) => (left.expirySec ?? -Infinity) - (right.expirySec ?? -Infinity),
  );
}

/** How the netted short options of the instrument's (expiry, strike) change when its size does. */
function nakedShortChange(holdings: readonly PricedHolding[], quote: Quote, oldSize: number, newSize: number): number {
  const { instrument } = quote;
  if (instrument.kind !== 'option') return 0;
  let others = 0;
  for (const { quote: held, size } of holdings) {
    const other = held.instrument;
    if (other.kind === 'option' && other.symbol !== instrument.symbol && other.expirySec === instrument.expirySec) {
      if (other.strike === instrument.strike) others += size;
    }
  }
  return Math.max(0, -(others + newSize)) - Math.max(0, -(others + oldSize));
}

/** Everything but the scenario PnL, measured from netted, quoted holdings. */
function profileOf(holdings: readonly PricedHolding[], index: number, pnl: Float64Array): RiskProfile {
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
    index,
    pnl,
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
