/**
 * The representative portfolios of the capital-efficiency table and the safety backtest: names,
 * legs and sizes, all here so anyone can see exactly what is measured. Strikes are moneyness of the
 * index, rounded to the listed strike step (at BTC 50,000: 1.1 -> 55,000); expiries are 7, 30 or 90
 * days from when the book is formed. The backtest forms every book afresh at each window start from
 * the market of that moment, so the same legs are measured in every market state.
 */
import type { OptionType } from '@exchange/domain';
import { type Holding, type Instrument, type UnitMarket, quoteInstrument } from '@exchange/margin';
import { DAY_SEC, type Underlying, UNDERLYINGS, future, option, perpetual } from './market';

type ExpiryDays = 7 | 30 | 90;

export type LegSpec =
  | { readonly kind: 'perpetual'; readonly size: number }
  | { readonly kind: 'future'; readonly days: ExpiryDays; readonly size: number }
  | {
      readonly kind: 'option';
      readonly optionType: OptionType;
      readonly days: ExpiryDays;
      readonly moneyness: number;
      readonly size: number;
    }
  /** A perp position flattening the other legs' delta when the book is formed, rounded to the perp lot. */
  | { readonly kind: 'delta-hedge' };

export interface PortfolioSpec {
  readonly name: string;
  readonly underlying: Underlying;
  readonly legs: readonly LegSpec[];
}

const perp = (size: number): LegSpec => ({ kind: 'perpetual', size });
const fut = (days: ExpiryDays, size: number): LegSpec => ({ kind: 'future', days, size });
const call = (days: ExpiryDays, moneyness: number, size: number): LegSpec => ({
  kind: 'option',
  optionType: 'call',
  days,
  moneyness,
  size,
});
const put = (days: ExpiryDays, moneyness: number, size: number): LegSpec => ({
  kind: 'option',
  optionType: 'put',
  days,
  moneyness,
  size,
});
const DELTA_HEDGE: LegSpec = { kind: 'delta-hedge' };

/** Sizes in coins, negative = short. 10 BTC is about 500,000 USD of notional; 150 ETH about 450,000. */
export const PORTFOLIOS: readonly PortfolioSpec[] = [
  { name: 'Naked perp', underlying: 'BTC', legs: [perp(10)] },
  { name: 'Basis trade', underlying: 'BTC', legs: [fut(90, 10), perp(-10)] },
  { name: 'Covered call', underlying: 'BTC', legs: [perp(10), call(30, 1.1, -10)] },
  { name: 'Bull call spread', underlying: 'BTC', legs: [call(30, 1, 10), call(30, 1.1, -10)] },
  { name: 'Short straddle, delta-hedged', underlying: 'BTC', legs: [call(30, 1, -10), put(30, 1, -10), DELTA_HEDGE] },
  { name: 'Calendar spread', underlying: 'BTC', legs: [call(7, 1, -10), call(90, 1, 10)] },
  {
    name: 'Box spread',
    underlying: 'BTC',
    legs: [call(30, 0.9, 10), call(30, 1.1, -10), put(30, 1.1, 10), put(30, 0.9, -10)],
  },
  { name: 'Risk reversal (ETH)', underlying: 'ETH', legs: [call(30, 1.1, 150), put(30, 0.9, -150)] },
  {
    // Two-way flow leaves a market maker short near-dated options (customers buy them), long
    // longer-dated vega, mixed across the smile; the delta is hedged with the perp.
    name: 'Market maker book',
    underlying: 'BTC',
    legs: [
      put(7, 0.9, -10),
      put(7, 1, -5),
      call(7, 1, -5),
      call(7, 1.1, -10),
      put(30, 0.8, 5),
      put(30, 0.9, -8),
      put(30, 1, 6),
      call(30, 1, 6),
      call(30, 1.1, -8),
      call(30, 1.2, 5),
      put(90, 0.8, -4),
      put(90, 1, 8),
      call(90, 1, 8),
      call(90, 1.2, -4),
      DELTA_HEDGE,
    ],
  },
];

/** The leg's instrument in a book formed at `nowSec` with the index at `index`; null for the delta hedge. */
function legInstrument(underlying: Underlying, leg: LegSpec, index: number, nowSec: number): Instrument | null {
  switch (leg.kind) {
    case 'perpetual':
      return perpetual(underlying);
    case 'future':
      return future(underlying, nowSec + leg.days * DAY_SEC, leg.days);
    case 'option': {
      const step = UNDERLYINGS[underlying].strikeStep;
      const strike = Math.round((leg.moneyness * index) / step) * step;
      return option(underlying, nowSec + leg.days * DAY_SEC, leg.days, strike, leg.optionType);
    }
    case 'delta-hedge':
      return null;
  }
}

/** The instruments a book formed at this moment trades; always includes the perp (the liquidation hedge). */
export function instrumentsOf(spec: PortfolioSpec, index: number, nowSec: number): Instrument[] {
  const legs = spec.legs.map((leg) => legInstrument(spec.underlying, leg, index, nowSec));
  return [perpetual(spec.underlying), ...legs.filter((instrument): instrument is Instrument => instrument !== null)];
}

/** Cash delta of the holdings, sum q delta F, as libs/margin measures it. */
function cashDelta(holdings: readonly Holding[], market: UnitMarket): number {
  return holdings.reduce((sum, { instrument, size }) => {
    const quote = quoteInstrument(instrument, market);
    return sum + size * quote.delta * quote.forward;
  }, 0);
}

/** Perp coins that flatten the holdings' cash delta, rounded to the perp lot. */
export function deltaHedgeSize(holdings: readonly Holding[], market: UnitMarket): number {
  const lot = UNDERLYINGS[market.underlying as Underlying].perpLot;
  return Math.round(-cashDelta(holdings, market) / market.perpMark / lot) * lot;
}

/** The book's positions in a market formed now (the market must quote every instrument of `instrumentsOf`). */
export function holdingsOf(spec: PortfolioSpec, market: UnitMarket): Holding[] {
  const legs: Holding[] = [];
  for (const leg of spec.legs) {
    const instrument = legInstrument(spec.underlying, leg, market.index, market.nowSec);
    if (instrument && leg.kind !== 'delta-hedge') legs.push({ instrument, size: leg.size });
  }
  if (!spec.legs.some((leg) => leg.kind === 'delta-hedge')) return legs;
  return [...legs, { instrument: perpetual(spec.underlying), size: deltaHedgeSize(legs, market) }];
}

/** One line per leg, e.g. "-10 BTC-30D-55000-C", for the report. */
export function describeLegs(holdings: readonly Holding[]): string {
  return holdings
    .map(({ instrument, size }) => `${size > 0 ? '+' : ''}${Number(size.toFixed(3))} ${instrument.symbol}`)
    .join(', ');
}
