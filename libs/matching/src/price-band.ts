/** Default width of the band around the mark price: 5% either side. */
export const DEFAULT_PRICE_BAND_BPS = 500;

const BPS = 10_000n;

/**
 * The prices a market accepts around its mark: limit prices must lie inside, and market orders trade
 * no further than its edge (a market buy never fills above mark x (1 + band)), so an order cannot
 * sweep a thin book to absurd prices. Before the first mark there is no band. Integer arithmetic:
 * the edges round inwards.
 */
export class PriceBand {
  private mark: number | null = null;
  private lower = 0;
  private upper = 0;

  constructor(readonly bps: number) {
    if (!Number.isSafeInteger(bps) || bps < 0 || bps >= 10_000) {
      throw new RangeError(`price band ${bps} bps is not an integer in 0..9999`);
    }
  }

  get markTicks(): number | null {
    return this.mark;
  }

  setMark(markTicks: number): void {
    const mark = BigInt(markTicks);
    const width = BigInt(this.bps);
    this.mark = markTicks;
    this.lower = Number((mark * (BPS - width) + BPS - 1n) / BPS);
    this.upper = Number((mark * (BPS + width)) / BPS);
  }

  contains(priceTicks: number): boolean {
    return this.mark === null || (priceTicks >= this.lower && priceTicks <= this.upper);
  }

  /** The worst price a market order may trade at: the band's upper edge for buys, lower for sells; null without a mark. */
  marketLimit(side: 'buy' | 'sell'): number | null {
    if (this.mark === null) return null;
    return side === 'buy' ? this.upper : this.lower;
  }
}
