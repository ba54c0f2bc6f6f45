/**
 * The standard normal distribution to full double precision, tails included: W. J. Cody's rational
 * Chebyshev approximations (Cody 1969, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23; as in his SPECFUN ANORM, ACM TOMS Algorithm 715). Option prices far out of the
 * money are differences of tiny tail probabilities, so a cruder CDF (e.g. Abramowitz-Stegun 26.2.17,
 * 7.5e-8 absolute) would misprice them by orders of magnitude.
 */

const INV_SQRT_2PI = 0.3989422804014327;
/** |x| below which the central rational approximation is used (N(0.66291) = 0.75). */
const CENTRAL_LIMIT = 0.66291;
/** sqrt(32): beyond it the asymptotic expansion in 1/x^2 is used. */
const MIDDLE_LIMIT = 5.656854248;

/** Cody's coefficients, each written as the shortest decimal that parses to the same double. */
const CENTRAL_NUM = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const CENTRAL_DEN = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const MIDDLE_NUM = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726, 6848.190450536283,
  11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const MIDDLE_DEN = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097, 34900.95272114598,
  38912.00328609327, 19685.429676859992,
];
const TAIL_NUM = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 0.000029112874951168793,
  0.023073441764940174,
];
const TAIL_DEN = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];

/**
 * exp(-x^2 / 2) without the relative error x^2 * eps that squaring a large x in floating point
 * brings: x is split into a part with 4 binary fraction digits, whose square is exact, and the rest.
 */
function gaussianKernel(x: number): number {
  const head = Math.trunc(x * 16) / 16;
  const rest = (x - head) * (x + head);
  return Math.exp(-head * head * 0.5) * Math.exp(-rest * 0.5);
}

/** Standard normal density phi(x). */
export function normPdf(x: number): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? NaN : 0;
  return INV_SQRT_2PI * gaussianKernel(x);
}

/** The tail probability N(-|x|), accurate to a few ulps relative for every |x|. */
function lowerTail(absX: number): number {
  if (absX <= MIDDLE_LIMIT) {
    let numerator = MIDDLE_NUM[8] * absX;
    let denominator = absX;
    for (let i = 0; i < 7; i += 1) {
      numerator = (numerator + MIDDLE_NUM[i]) * absX;
      denominator = (denominator + MIDDLE_DEN[i]) * absX;
    }
    return (gaussianKernel(absX) * (numerator + MIDDLE_NUM[7])) / (denominator + MIDDLE_DEN[7]);
  }
  const inverseSquare = 1 / (absX * absX);
  let numerator = TAIL_NUM[5] * inverseSquare;
  let denominator = inverseSquare;
  for (let i = 0; i < 4; i += 1) {
    numerator = (numerator + TAIL_NUM[i]) * inverseSquare;
    denominator = (denominator + TAIL_DEN[i]) * inverseSquare;
  }
  const series = (inverseSquare * (numerator + TAIL_NUM[4])) / (denominator + TAIL_DEN[4]);
  return (gaussianKernel(absX) * (INV_SQRT_2PI - series)) / absX;
}

/** Standard normal CDF N(x) = P(Z <= x). Relative accuracy ~1e-16 in both tails (use N(-x) for 1 - N(x)). */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
  const absX = Math.abs(x);
  if (absX <= CENTRAL_LIMIT) {
    const square = x * x;
    let numerator = CENTRAL_NUM[4] * square;
    let denominator = square;
    for (let i = 0; i < 3; i += 1) {
      numerator = (numerator + CENTRAL_NUM[i]) * square;
      denominator = (denominator + CENTRAL_DEN[i]) * square;
    }
    return 0.5 + (x * (numerator + CENTRAL_NUM[3])) / (denominator + CENTRAL_DEN[3]);
  }
  const tail = lowerTail(absX);
  return x < 0 ? tail : 1 - tail;
}
