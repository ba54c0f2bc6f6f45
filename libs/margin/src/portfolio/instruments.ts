import type { OptionType } from '@exchange/domain';
import type { VolSurface } from '../pricing/vol-surface';

export interface PerpetualInstrument {
  readonly kind: 'perpetual';
  readonly symbol: string;
}

export interface FutureInstrument {
  readonly kind: 'future';
  readonly symbol: string;
  readonly expirySec: number;
}

/** A European option on the expiry's forward, settled in USDC. */
export interface OptionInstrument {
  readonly kind: 'option';
  readonly symbol: string;
  readonly expirySec: number;
  readonly strike: number;
  readonly optionType: OptionType;
}

/** Coins of the underlying held as collateral: a long delta inside the risk unit. */
export interface SpotInstrument {
  readonly kind: 'spot';
  readonly symbol: string;
}

export type Instrument = PerpetualInstrument | FutureInstrument | OptionInstrument | SpotInstrument;

/** A position: signed size in coins (negative = short). */
export interface Holding {
  readonly instrument: Instrument;
  readonly size: number;
}

/** An open order: signed size in coins (positive = bid, negative = ask) at a limit price in USD. */
export interface OrderLeg {
  readonly instrument: Instrument;
  readonly size: number;
  readonly price: number;
}

/** Market data of one underlying at one moment. Prices in USD per coin. */
export interface UnitMarket {
  readonly underlying: string;
  /** Epoch seconds the data is valid at; times to expiry are measured from it. */
  readonly nowSec: number;
  /** The index S. */
  readonly index: number;
  readonly perpMark: number;
  /** Forward of each expiry (epoch seconds): index + that expiry's basis; a listed future's mark. */
  readonly forwards: ReadonlyMap<number, number>;
  readonly surface: VolSurface;
  /** Half the bid-ask spread per coin of each traded instrument, by symbol: the cost of closing it. */
  readonly halfSpreads: ReadonlyMap<string, number>;
  /** s_1h, an hourly EWMA volatility of the index (fraction, e.g. 0.006). */
  readonly hourlyVol: number;
  /** The current price range R_t from `PriceRangeState`; the parameters' fixed R when absent. */
  readonly priceRange?: number;
}

/** All positions and open orders of one account in one underlying. */
export interface RiskUnit {
  readonly market: UnitMarket;
  readonly positions: readonly Holding[];
  readonly openOrders?: readonly OrderLeg[];
}

function describe(instrument: Instrument): string {
  return JSON.stringify(instrument, Object.keys(instrument).sort());
}

function bySymbol(left: Instrument, right: Instrument): number {
  return left.symbol < right.symbol ? -1 : left.symbol > right.symbol ? 1 : 0;
}

/** The distinct instruments of positions or orders, sorted by symbol; a symbol naming two different instruments throws. */
export function distinctInstruments(items: readonly { readonly instrument: Instrument }[]): Instrument[] {
  const instruments = new Map<string, Instrument>();
  for (const { instrument } of items) {
    const seen = instruments.get(instrument.symbol);
    if (seen && describe(seen) !== describe(instrument)) {
      throw new Error(`symbol ${instrument.symbol} names two different instruments`);
    }
    instruments.set(instrument.symbol, instrument);
  }
  return [...instruments.values()].sort(bySymbol);
}

/**
 * Positions netted per instrument and sorted by symbol, flat ones dropped: results then never depend
 * on the order positions were listed in (sizes are added in a fixed order too), and an exactly
 * offsetting leg cancels.
 */
export function netHoldings(holdings: readonly Holding[]): Holding[] {
  const sizes = new Map<string, number[]>();
  for (const { instrument, size } of holdings) {
    if (!Number.isFinite(size)) throw new RangeError(`${instrument.symbol}: size ${size} is not finite`);
    sizes.set(instrument.symbol, [...(sizes.get(instrument.symbol) ?? []), size]);
  }
  return distinctInstruments(holdings)
    .map((instrument) => {
      const ofInstrument = (sizes.get(instrument.symbol) ?? []).sort((a, b) => a - b);
      return { instrument, size: ofInstrument.reduce((sum, size) => sum + size, 0) };
    })
    .filter((holding) => holding.size !== 0);
}
