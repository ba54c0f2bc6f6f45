import type { OptionType } from '@exchange/domain';
import {
  type FutureInstrument,
  type Holding,
  type Instrument,
  type OptionInstrument,
  type OrderLeg,
  type PerpetualInstrument,
  type RiskUnit,
  type SpotInstrument,
  type SurfaceSlice,
  type UnitMarket,
  VolSurface,
} from '@exchange/margin';

/** 2023-11-14T22:13:20Z, the fixed "now" of the portfolio tests. */
export const NOW = 1_700_000_000;
export const DAY = 86_400;
export const E7 = NOW + 7 * DAY;
export const E30 = NOW + 30 * DAY;
export const E90 = NOW + 90 * DAY;

/** Builds a surface the test expects to be valid. */
export function surfaceOf(slices: readonly SurfaceSlice[], nowSec = NOW): VolSurface {
  const built = VolSurface.build(slices, nowSec);
  if (!built.ok) throw new Error(built.rejection.reason);
  return built.surface;
}

/** Flat vols 55% / 60% / 65% at 7, 30 and 90 days. */
export const BTC_SURFACE = surfaceOf([
  { expirySec: E7, smile: { kind: 'flat', vol: 0.55 } },
  { expirySec: E30, smile: { kind: 'flat', vol: 0.6 } },
  { expirySec: E90, smile: { kind: 'flat', vol: 0.65 } },
]);

export const PERP: PerpetualInstrument = { kind: 'perpetual', symbol: 'BTC-PERP' };
export const SPOT: SpotInstrument = { kind: 'spot', symbol: 'BTC' };

export function future(expirySec: number): FutureInstrument {
  return { kind: 'future', symbol: `BTC-F${(expirySec - NOW) / DAY}D`, expirySec };
}

export function option(expirySec: number, strike: number, optionType: OptionType): OptionInstrument {
  const type = optionType === 'call' ? 'C' : 'P';
  return { kind: 'option', symbol: `BTC-${(expirySec - NOW) / DAY}D-${strike}-${type}`, expirySec, strike, optionType };
}

/** Half-spreads: 0.5 USD for the perp, 1 for futures, 5 for options, unless listed. */
class HalfSpreads extends Map<string, number> {
  override get(symbol: string): number {
    return super.get(symbol) ?? (symbol === PERP.symbol ? 0.5 : /-F\d+D$/.test(symbol) ? 1 : 5);
  }
}

/** BTC at 50,000: perp 50,010, forwards 50,050 / 50,200 / 50,600, hourly vol 0.6%. */
export function btcMarket(overrides: Partial<UnitMarket> = {}): UnitMarket {
  return {
    underlying: 'BTC',
    nowSec: NOW,
    index: 50_000,
    perpMark: 50_010,
    forwards: new Map([
      [E7, 50_050],
      [E30, 50_200],
      [E90, 50_600],
    ]),
    surface: BTC_SURFACE,
    halfSpreads: new HalfSpreads(),
    hourlyVol: 0.006,
    ...overrides,
  };
}

export function hold(instrument: Instrument, size: number): Holding {
  return { instrument, size };
}

export function order(instrument: Instrument, size: number, price: number): OrderLeg {
  return { instrument, size, price };
}

export function btcUnit(
  positions: readonly Holding[],
  openOrders: readonly OrderLeg[] = [],
  market = btcMarket(),
): RiskUnit {
  return { market, positions, openOrders };
}

/** Micro-USDC to USD, for readable assertions on requirements. */
export function usd(micro: bigint): number {
  return Number(micro) / 1e6;
}

/** A seeded generator (Park-Miller minimal standard), so property tests are reproducible. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}
