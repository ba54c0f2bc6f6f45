import { type InstrumentMark, type PriceUpdate, markPriceOf } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { Instrument, UnitMarket } from '../portfolio/instruments';
import { type DailyCloses, observeIndex, priceRangeOf } from './daily-range';
import type { PortfolioMarginParams } from '../portfolio/params';
import { ScenarioBook } from '../portfolio/scenario-book';
import { black76 } from '../pricing/black76';
import { VolSurface } from '../pricing/vol-surface';

const HOURS_PER_YEAR = 365 * 24;
const MICRO_PER_USD = 1_000_000;

/** The instrument a listed market is, in the margin models' terms. */
export function instrumentOf(spec: MarketSpec): Instrument {
  switch (spec.kind) {
    case 'perpetual':
      return { kind: 'perpetual', symbol: spec.symbol };
    case 'future':
      return { kind: 'future', symbol: spec.symbol, expirySec: expirySecOf(spec) };
    case 'option':
      if (spec.strike === undefined || spec.optionType === undefined) {
        throw new Error(`${spec.symbol}: an option needs a strike and a type`);
      }
      return {
        kind: 'option',
        symbol: spec.symbol,
        expirySec: expirySecOf(spec),
        strike: Number(spec.strike),
        optionType: spec.optionType,
      };
  }
}

function expirySecOf(spec: MarketSpec): number {
  if (spec.expiryMs === undefined) throw new Error(`${spec.symbol}: a ${spec.kind} needs an expiry`);
  return Math.floor(spec.expiryMs / 1000);
}

interface State {
  /** Index in USD; undefined before the first price. */
  readonly index?: number;
  /** Time of the last price or surface, epoch seconds: the clock of every time to expiry. */
  readonly nowSec: number;
  /** Marks of the perpetuals and futures, micro-USDC, from the last price. */
  readonly linearMarks: ReadonlyMap<string, number>;
  readonly surface: VolSurface | null;
  /** The index's daily closes, which R_t follows; null before the first price. */
  readonly closes: DailyCloses | null;
}

/**
 * One underlying's market data as the risk engine uses it: index, perp and futures marks, the
 * volatility surface, and what follows from them (forwards, option marks, the scenario vectors).
 * Immutable: an update returns new data, so the engine can price a price update before taking it.
 * Times come from the updates, never from a clock, so a replay prices the same.
 */
export class UnderlyingData {
  private book: ScenarioBook | null = null;

  constructor(
    readonly params: PortfolioMarginParams,
    /** The listed markets of this underlying, by symbol. */
    readonly markets: ReadonlyMap<string, MarketSpec>,
    private readonly state: State = { nowSec: 0, linearMarks: new Map(), surface: null, closes: null },
  ) {}

  get underlying(): string {
    return this.params.underlying;
  }

  get nowSec(): number {
    return this.state.nowSec;
  }

  /** The index in micro-USDC as the last price gave it; undefined before the first. */
  get indexMicro(): number | undefined {
    return this.state.index === undefined ? undefined : Math.round(this.state.index * MICRO_PER_USD);
  }

  get surface(): VolSurface | null {
    return this.state.surface;
  }

  withParams(params: PortfolioMarginParams): UnderlyingData {
    return new UnderlyingData(params, this.markets, this.state);
  }

  withMarket(spec: MarketSpec): UnderlyingData {
    return new UnderlyingData(this.params, new Map([...this.markets, [spec.symbol, spec]]), this.state);
  }

  /** Takes a price update whose marks the caller has checked (positive integers of micro-USDC). */
  withPrice(update: PriceUpdate): UnderlyingData {
    const linearMarks = new Map<string, number>();
    for (const spec of this.markets.values()) {
      if (spec.kind !== 'option') linearMarks.set(spec.symbol, markPriceOf(update, spec.symbol));
    }
    const nowSec = Math.max(this.state.nowSec, Math.floor(update.timestampMs / 1000));
    const index = update.indexPrice / MICRO_PER_USD;
    return new UnderlyingData(this.params, this.markets, {
      ...this.state,
      index,
      nowSec,
      linearMarks,
      closes: observeIndex(this.state.closes, index, nowSec),
    });
  }

  /** One linear market's mark (micro-USDC), taken as the index too while there is none. */
  withLinearMark(symbol: string, markMicro: number): UnderlyingData {
    const linearMarks = new Map([...this.state.linearMarks, [symbol, markMicro]]);
    const index = this.state.index ?? markMicro / MICRO_PER_USD;
    return new UnderlyingData(this.params, this.markets, { ...this.state, index, linearMarks });
  }

  withSurface(surface: VolSurface): UnderlyingData {
    const nowSec = Math.max(this.state.nowSec, surface.nowSec);
    return new UnderlyingData(this.params, this.markets, { ...this.state, nowSec, surface });
  }

  /** False for a dated market at or past its expiry: it has no risk left to price, only a settlement. */
  isLive(spec: MarketSpec): boolean {
    return spec.expiryMs === undefined || Math.floor(spec.expiryMs / 1000) > this.state.nowSec;
  }

  /**
   * The mark of a market in micro-USDC (an option's rounded to the nearest), or undefined while it
   * cannot be priced: no price yet, or an option that has expired or has no smile for its expiry.
   */
  markMicro(spec: MarketSpec): number | undefined {
    if (spec.kind !== 'option') return this.state.linearMarks.get(spec.symbol);
    if (!this.isLive(spec) || !this.state.surface?.expiries().includes(expirySecOf(spec))) return undefined;
    if (this.state.index === undefined) return undefined;
    return Math.round(this.scenarioBook().quote(instrumentOf(spec)).mark * MICRO_PER_USD);
  }

  /**
   * Market data for the margin models, or null before the first price. Forwards: a listed future's
   * mark for its expiry, the index for an expiry without one (no basis known). Half-spreads: half a
   * tick, the least that closing a position costs.
   */
  unitMarket(): UnitMarket | null {
    const { index, nowSec, linearMarks, surface } = this.state;
    if (index === undefined) return null;
    const forwards = new Map<number, number>();
    const halfSpreads = new Map<string, number>();
    let perpMark = index;
    for (const spec of this.markets.values()) {
      halfSpreads.set(spec.symbol, Number(spec.tickSize) / 2);
      const linearMark = linearMarks.get(spec.symbol);
      const markUsd = linearMark === undefined ? undefined : linearMark / MICRO_PER_USD;
      if (spec.kind === 'perpetual') perpMark = markUsd ?? index;
      if (spec.expiryMs === undefined) continue;
      const expirySec = expirySecOf(spec);
      const futureMark = spec.kind === 'future' ? markUsd : undefined;
      if (futureMark !== undefined) forwards.set(expirySec, futureMark);
      else if (!forwards.has(expirySec)) forwards.set(expirySec, index);
    }
    return {
      underlying: this.underlying,
      nowSec,
      index,
      perpMark,
      forwards,
      surface: surface ?? emptySurface(nowSec),
      halfSpreads,
      hourlyVol: this.hourlyVol(),
      ...(this.state.closes && { priceRange: priceRangeOf(this.state.closes, this.params).range }),
    };
  }

  /** The per-instrument scenario vectors at this data, built on first use. */
  scenarioBook(): ScenarioBook {
    if (this.book) return this.book;
    const market = this.unitMarket();
    if (!market) throw new Error(`no price for ${this.underlying} yet`);
    this.book = new ScenarioBook(this.params, market);
    return this.book;
  }

  /** s_1h from the nearest expiry's at-the-money vol (annual vol / sqrt(hours a year)); 0 without a surface. */
  private hourlyVol(): number {
    const { surface, index } = this.state;
    const nearest = surface?.expiries().find((expirySec) => expirySec > this.state.nowSec);
    if (!surface || nearest === undefined || index === undefined) return 0;
    return surface.impliedVol(nearest, index, index) / Math.sqrt(HOURS_PER_YEAR);
  }
}

/** The surface of an underlying staff have not set one for: no smiles, so pricing an option there fails. */
function emptySurface(nowSec: number): VolSurface {
  const build = VolSurface.build([], nowSec);
  if (!build.ok) throw new Error(build.rejection.reason);
  return build.surface;
}

/**
 * A market's mark with what priced it. An expired market (kept at its last mark) has no quote left:
 * it shows its mark alone.
 */
export function instrumentMarkOf(
  data: UnderlyingData,
  spec: MarketSpec,
  markMicro: number,
  indexMicro: number,
): InstrumentMark {
  const base = { market: spec.symbol, markPrice: String(markMicro), indexPrice: String(indexMicro) };
  if (!data.isLive(spec))
    return { ...base, forward: markMicro / MICRO_PER_USD, yearsToExpiry: 0, impliedVol: null, greeks: null };
  const instrument = instrumentOf(spec);
  const quote = data.scenarioBook().quote(instrument);
  const { forward, years } = quote;
  if (instrument.kind !== 'option') return { ...base, forward, yearsToExpiry: years, impliedVol: null, greeks: null };
  const { delta, gamma, vega, theta } = black76({
    forward,
    strike: instrument.strike,
    years,
    vol: quote.vol,
    optionType: instrument.optionType,
  });
  return { ...base, forward, yearsToExpiry: years, impliedVol: quote.vol, greeks: { delta, gamma, vega, theta } };
}
