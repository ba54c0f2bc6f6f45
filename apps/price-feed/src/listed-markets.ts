import type { MarketSpec } from '@exchange/domain';

/** The dated futures and options the feed marks and keeps surfaces for, from the markets table and listings. */
export class ListedMarkets {
  private readonly dated = new Map<string, MarketSpec>();

  /** True when the market is a future or option the feed did not know yet. */
  add(spec: MarketSpec): boolean {
    if (spec.expiryMs === undefined || (spec.kind !== 'future' && spec.kind !== 'option')) return false;
    if (this.dated.has(spec.symbol)) return false;
    this.dated.set(spec.symbol, spec);
    return true;
  }

  /** The underlying's futures that have not expired at `nowMs`. */
  futures(underlying: string, nowMs: number): MarketSpec[] {
    return this.live(nowMs).filter((spec) => spec.kind === 'future' && spec.underlying === underlying);
  }

  /** The distinct expiries of the underlying's options that have not expired, earliest first. */
  optionExpiries(underlying: string, nowMs: number): number[] {
    const expiries = this.live(nowMs)
      .filter((spec) => spec.kind === 'option' && spec.underlying === underlying)
      .map((spec) => spec.expiryMs as number);
    return [...new Set(expiries)].sort((left, right) => left - right);
  }

  /** Underlyings with options that have not expired. */
  optionUnderlyings(nowMs: number): string[] {
    return [...new Set(this.live(nowMs).flatMap((spec) => (spec.kind === 'option' ? [spec.underlying] : [])))];
  }

  private live(nowMs: number): MarketSpec[] {
    return [...this.dated.values()].filter((spec) => (spec.expiryMs as number) > nowMs);
  }
}
