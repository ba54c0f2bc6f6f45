/**
 * Seeded random numbers for the margin benchmarks: the same seed gives the same paths and books on
 * every machine. sfc32 (Chris Doty-Humphrey's Small Fast Counter generator, PractRand-clean) seeded
 * through splitmix32.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private counter = 1;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    for (let i = 0; i < 12; i += 1) this.uniform();
  }

  /** Uniform in (0, 1): never exactly 0, so logarithms are safe. */
  uniform(): number {
    const t = (((this.a + this.b) | 0) + this.counter) | 0;
    this.counter = (this.counter + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296;
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /**
   * Student-t with `degrees` degrees of freedom, scaled to unit variance. `degrees` must be an even
   * integer > 2: the chi-square is then exactly -2 ln of a product of degrees / 2 uniforms.
   */
  studentT(degrees: number): number {
    if (!(degrees > 2 && degrees % 2 === 0)) throw new RangeError(`Student-t degrees ${degrees} must be even and > 2`);
    let product = 1;
    for (let i = 0; i < degrees / 2; i += 1) product *= this.uniform();
    const chiSquare = -2 * Math.log(product);
    return this.normal() * Math.sqrt((degrees - 2) / chiSquare);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniform());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
