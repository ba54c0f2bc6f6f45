import { black76, black76Price, yearsBetween } from '../pricing/black76';
import type { Instrument, UnitMarket } from './instruments';

/** An instrument priced from the unit's market: what the scenarios move and reprice. */
export interface Quote {
  readonly instrument: Instrument;
  /** The price the instrument moves with: perp mark, the expiry's forward, or the index for spot. */
  readonly forward: number;
  /** Years to expiry (0 for perps and spot). */
  readonly years: number;
  /** Implied vol from the surface (options), 0 otherwise. */
  readonly vol: number;
  /** Value per coin now: the price for linear instruments, the Black-76 mark for options. */
  readonly mark: number;
  /** dValue / dForward per coin: 1 for linear instruments. */
  readonly delta: number;
  /** USD per coin to close the position; 0 for spot collateral, whose haircut covers its sale. */
  readonly halfSpread: number;
}

function forwardOf(expirySec: number, market: UnitMarket, symbol: string): number {
  const forward = market.forwards.get(expirySec);
  if (forward === undefined || !(forward > 0)) throw new Error(`${symbol}: no forward for expiry ${expirySec}`);
  return forward;
}

function halfSpreadOf(symbol: string, market: UnitMarket): number {
  const halfSpread = market.halfSpreads.get(symbol);
  if (halfSpread === undefined || !(halfSpread >= 0)) throw new Error(`${symbol}: no half-spread in the market data`);
  return halfSpread;
}

/** Prices an instrument from the market: forwards from the expiry's basis, option vols from the surface. */
export function quoteInstrument(instrument: Instrument, market: UnitMarket): Quote {
  const { symbol } = instrument;
  const linear = (forward: number, years: number, halfSpread: number): Quote => {
    if (!(forward > 0)) throw new Error(`${symbol}: price ${forward} must be > 0`);
    return { instrument, forward, years, vol: 0, mark: forward, delta: 1, halfSpread };
  };
  switch (instrument.kind) {
    case 'spot':
      return linear(market.index, 0, 0);
    case 'perpetual':
      return linear(market.perpMark, 0, halfSpreadOf(symbol, market));
    case 'future': {
      const years = yearsBetween(market.nowSec, instrument.expirySec);
      return linear(forwardOf(instrument.expirySec, market, symbol), years, halfSpreadOf(symbol, market));
    }
    case 'option': {
      const { expirySec, strike, optionType } = instrument;
      const forward = forwardOf(expirySec, market, symbol);
      const years = yearsBetween(market.nowSec, expirySec);
      if (!(years > 0)) throw new Error(`${symbol}: expired`);
      // The surface's vols hold until staff rebuild it; time to expiry is the market's own.
      const vol = market.surface.impliedVol(expirySec, strike, forward);
      const { price, delta } = black76({ forward, strike, years, vol, optionType });
      return { instrument, forward, years, vol, mark: price, delta, halfSpread: halfSpreadOf(symbol, market) };
    }
  }
}

/** Value per coin of the quoted instrument at another forward and vol (sticky strike: same strike, own vol shocked). */
export function valueAt(quote: Quote, forward: number, vol: number): number {
  const { instrument, years } = quote;
  if (instrument.kind !== 'option') return forward;
  return black76Price({ forward, strike: instrument.strike, years, vol, optionType: instrument.optionType });
}
