/**
 * A seeded random walk of index prices for demos: geometric steps with occasional jumps, so
 * margin and marks move like a market without an outside feed. Same seed, same path.
 */
export interface WalkSpec {
  readonly underlying: string;
  /** Starting price in micro-USDC. */
  readonly startPrice: number;
  /** Standard deviation of one step's log return, e.g. 0.0005 per second. */
  readonly stepVolatility: number;
}

/** mulberry32: a small, fast, seedable generator; good enough for demo prices. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RandomWalk {
  private readonly uniform: () => number;
  private readonly prices: Map<string, number>;

  constructor(
    private readonly specs: readonly WalkSpec[],
    seed: number,
  ) {
    this.uniform = seededUniform(seed);
    this.prices = new Map(specs.map((spec) => [spec.underlying, spec.startPrice]));
  }

  /** Advances every underlying one step; returns the new prices in micro-USDC (whole numbers). */
  step(): Map<string, number> {
    for (const spec of this.specs) {
      const previous = this.prices.get(spec.underlying) ?? spec.startPrice;
      const jump = this.uniform() < 0.01 ? 5 : 1; // one step in a hundred moves five times as far
      const logReturn = this.gaussian() * spec.stepVolatility * jump;
      this.prices.set(spec.underlying, Math.max(1, Math.round(previous * Math.exp(logReturn))));
    }
    return new Map(this.prices);
  }

  /** Box-Muller transform of two uniforms. */
  private gaussian(): number {
    const u = Math.max(this.uniform(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
}
