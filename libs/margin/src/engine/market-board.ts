import { type MarkPriceCommand, type PriceUpdate, markPriceOf } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { marketUnits } from '@exchange/ledger';
import { DEFAULT_PORTFOLIO_PARAMS, type PortfolioMarginParams } from '../portfolio/params';
import type { VolSurface } from '../pricing/vol-surface';
import { byFirst } from '../state-hash';
import { UnderlyingData, instrumentOf } from './underlying-data';
import type { RiskMarket } from './unit-margin';

/** Margin parameters by underlying: one typed, versioned structure each. */
export type MarginParamsByUnderlying = Readonly<Record<string, PortfolioMarginParams>>;

/**
 * What the risk engine knows of the markets, apart from any account: the listed markets, each
 * underlying's data (index, marks, surface, price range), the marks they give, and the margin
 * parameters in force. Updates that change marks return the underlying they moved, for the engine
 * to revalue whoever holds it; `epoch` grows with every such change.
 */
export class MarketBoard {
  private readonly markets = new Map<string, RiskMarket>();
  private readonly underlyings = new Map<string, UnderlyingData>();
  /** Marks in micro-USDC: perps and futures from prices, options from the volatility surface. */
  private readonly marks = new Map<string, number>();
  private params: MarginParamsByUnderlying;
  /** Per underlying, every parameter version seen and the structure it names. */
  private readonly paramVersions = new Map<string, Map<string, string>>();
  private changes = 0;
  /**
   * The data an update gives, kept from `markCommands` (sent first) for `applyPriceUpdate` (then) so
   * the instruments are repriced once per update; valid only while its base is still current.
   */
  private preview: { readonly base: UnderlyingData; readonly input: object; readonly next: UnderlyingData } | null =
    null;

  constructor(params: MarginParamsByUnderlying = DEFAULT_PORTFOLIO_PARAMS) {
    this.params = params;
  }

  /** Grows with every change of any mark or market data: what cached requirements are checked against. */
  get epoch(): number {
    return this.changes;
  }

  /** Every underlying's parameter version, echoed in every margin state. */
  get paramsVersion(): string {
    return Object.keys(this.params)
      .sort()
      .map((underlying) => `${underlying}:${this.params[underlying].version}`)
      .join(',');
  }

  currentParams(): MarginParamsByUnderlying {
    return this.params;
  }

  /**
   * Staff replaced an underlying's parameters with a new version; a version names one structure for
   * ever, so a result that echoes it can be reproduced. Returns the underlying when it has markets.
   */
  setParams(params: PortfolioMarginParams): string | null {
    const { underlying, version } = params;
    const current = this.params[underlying];
    if (!current) throw new Error(`no margin parameters for ${underlying} to replace`);
    const versions = this.paramVersions.get(underlying) ?? new Map([[current.version, canonicalJson(current)]]);
    const structure = canonicalJson(params);
    const known = versions.get(version);
    if (known !== undefined && known !== structure) {
      throw new Error(`${underlying} margin parameters ${version} already name another structure`);
    }
    versions.set(version, structure);
    this.paramVersions.set(underlying, versions);
    this.params = { ...this.params, [underlying]: params };
    for (const [symbol, market] of this.markets) {
      if (market.spec.underlying === underlying) this.markets.set(symbol, { ...market, params });
    }
    const data = this.underlyings.get(underlying);
    if (!data) return null;
    this.underlyings.set(underlying, data.withParams(params));
    return this.refresh(underlying);
  }

  /** Lists a market; false when it was known already. */
  addMarket(spec: MarketSpec): boolean {
    if (this.markets.has(spec.symbol)) return false;
    const params = this.params[spec.underlying];
    if (!params) throw new Error(`${spec.symbol}: no margin parameters for ${spec.underlying}`);
    instrumentOf(spec);
    this.markets.set(spec.symbol, { spec, units: marketUnits(spec), params });
    const data = this.underlyings.get(spec.underlying) ?? new UnderlyingData(params, new Map());
    this.underlyings.set(spec.underlying, data.withMarket(spec));
    this.refresh(spec.underlying);
    return true;
  }

  has(symbol: string): boolean {
    return this.markets.has(symbol);
  }

  symbols(): string[] {
    return [...this.markets.keys()];
  }

  /** The listed markets of an underlying, by symbol. */
  symbolsOf(underlying: string): string[] {
    return [...(this.underlyings.get(underlying)?.markets.keys() ?? [])];
  }

  market(symbol: string): RiskMarket {
    const market = this.markets.get(symbol);
    if (!market) throw new Error(`market ${symbol} is not known to the risk engine`);
    return market;
  }

  find(symbol: string): RiskMarket | undefined {
    return this.markets.get(symbol);
  }

  data(underlying: string): UnderlyingData {
    const data = this.underlyings.get(underlying);
    if (!data) throw new Error(`no market of ${underlying} is known to the risk engine`);
    return data;
  }

  /** The underlying's index in micro-USDC, or undefined before its first price (or without markets). */
  indexMicro(underlying: string): number | undefined {
    return this.underlyings.get(underlying)?.indexMicro;
  }

  hasMark(symbol: string): boolean {
    return this.marks.has(symbol);
  }

  markPrice(symbol: string): number | undefined {
    return this.marks.get(symbol);
  }

  mark(symbol: string): number {
    const mark = this.marks.get(symbol);
    if (mark === undefined) throw new Error(`no mark price for ${symbol} yet`);
    return mark;
  }

  /** Marks in symbol order, for the engine's state hash. */
  sortedMarks(): [string, number][] {
    return [...this.marks].sort(byFirst);
  }

  /** Sets a perpetual's or future's mark (micro-USDC); returns its underlying. */
  setMarkPrice(symbol: string, priceMicro: number): string {
    const { spec } = this.market(symbol);
    if (spec.kind === 'option') throw new Error(`${symbol}: an option's mark comes from the volatility surface`);
    this.underlyings.set(
      spec.underlying,
      this.data(spec.underlying).withLinearMark(symbol, checkedMark(symbol, priceMicro)),
    );
    return this.refresh(spec.underlying);
  }

  /** Takes an index and marks update; returns its underlying, or null for one without markets here. */
  applyPriceUpdate(update: PriceUpdate): string | null {
    const next = this.priced(update);
    if (!next) return null;
    this.underlyings.set(update.underlying, next);
    return this.refresh(update.underlying);
  }

  /**
   * The mark commands that tell the books of the update's underlying its marks (in ticks, to the
   * nearest tick), so their price bands and mark triggers move with the marks margin uses. Changes
   * nothing: the caller sends them before applying the update.
   */
  markCommands(update: PriceUpdate): MarkPriceCommand[] {
    const next = this.priced(update);
    return next ? this.markCommandsAt(next) : [];
  }

  /** Takes a new volatility surface: options are marked and margined from it. Returns the underlying. */
  applySurface(underlying: string, surface: VolSurface): string {
    this.underlyings.set(
      underlying,
      this.previewed(underlying, surface, (data) => data.withSurface(surface)),
    );
    return this.refresh(underlying);
  }

  /** The option marks a new surface gives, as commands for the books; changes nothing. */
  surfaceMarkCommands(underlying: string, surface: VolSurface): MarkPriceCommand[] {
    return this.markCommandsAt(
      this.previewed(underlying, surface, (data) => data.withSurface(surface)),
      'option',
    );
  }

  /** A mark command for every market with a mark, in symbol order (what a restarted service re-sends once). */
  currentMarkCommands(): MarkPriceCommand[] {
    return this.sortedMarks().flatMap(([symbol, priceMicro]) => markCommand(this.market(symbol), priceMicro));
  }

  /** The underlying's data with the update's prices, or null for an underlying without markets here. */
  private priced(update: PriceUpdate): UnderlyingData | null {
    if (!this.underlyings.has(update.underlying)) return null;
    return this.previewed(update.underlying, update, (data) => {
      if (!(Number.isSafeInteger(update.indexPrice) && update.indexPrice > 0)) {
        throw new RangeError(
          `${update.underlying}: index ${update.indexPrice} is not a positive integer of micro-USDC`,
        );
      }
      for (const spec of data.markets.values()) {
        if (spec.kind !== 'option') checkedMark(spec.symbol, markPriceOf(update, spec.symbol));
      }
      return data.withPrice(update);
    });
  }

  /** The data `input` gives the underlying's current data: the one already previewed, or made now. */
  private previewed(underlying: string, input: object, make: (data: UnderlyingData) => UnderlyingData): UnderlyingData {
    const base = this.data(underlying);
    if (this.preview?.base === base && this.preview.input === input) return this.preview.next;
    const next = make(base);
    this.preview = { base, input, next };
    return next;
  }

  /**
   * Re-marks every market of the underlying from its data. An expired market keeps its last mark
   * until it is settled; a live option without a smile loses its mark.
   */
  private refresh(underlying: string): string {
    this.changes += 1;
    const data = this.data(underlying);
    for (const spec of data.markets.values()) {
      const mark = data.markMicro(spec);
      if (mark !== undefined) this.marks.set(spec.symbol, mark);
      else if (data.isLive(spec)) this.marks.delete(spec.symbol);
    }
    return underlying;
  }

  private markCommandsAt(data: UnderlyingData, only?: MarketSpec['kind']): MarkPriceCommand[] {
    return [...data.markets.values()]
      .filter((spec) => only === undefined || spec.kind === only)
      .flatMap((spec) => {
        const mark = data.markMicro(spec);
        return mark === undefined ? [] : markCommand(this.market(spec.symbol), mark);
      });
  }
}

/** JSON with keys sorted at every level: equal structures give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(byFirst))
      : inner,
  );
}

function checkedMark(market: string, priceMicro: number): number {
  if (!Number.isSafeInteger(priceMicro) || priceMicro <= 0) {
    throw new RangeError(`${market}: mark ${priceMicro} is not a positive integer of micro-USDC`);
  }
  return priceMicro;
}

/** The mark in whole ticks, half a tick rounding up; none for a mark under half a tick (a book takes no 0). */
function markCommand({ spec, units }: RiskMarket, priceMicro: number): MarkPriceCommand[] {
  const priceTicks = Number((2n * BigInt(priceMicro) + units.microPerTick) / (2n * units.microPerTick));
  return priceTicks > 0 ? [{ kind: 'mark', market: spec.symbol, priceTicks }] : [];
}
