import type { OptionType } from '@exchange/domain';
import { normCdf, normPdf } from './normal';

/** Years are seconds / (365 x 86,400) (margin-model.md section 1). */
export const SECONDS_PER_YEAR = 365 * 86_400;

/** Years from `fromSec` to `toSec`, 0 once `toSec` has passed. */
export function yearsBetween(fromSec: number, toSec: number): number {
  return Math.max(0, toSec - fromSec) / SECONDS_PER_YEAR;
}

export interface Black76Input {
  /** Forward of the option's expiry (not spot), > 0. */
  readonly forward: number;
  readonly strike: number;
  /** Time to expiry in years, >= 0. */
  readonly years: number;
  /** Annualised implied volatility, >= 0 (0.6 = 60%). */
  readonly vol: number;
  readonly optionType: OptionType;
}

/** Undiscounted (r = 0) Black-76 value and sensitivities, per unit of underlying. */
export interface Black76Result {
  readonly price: number;
  /** dV/dF. */
  readonly delta: number;
  /** d2V/dF2; 0 where it is undefined (no time value left). */
  readonly gamma: number;
  /** dV/dvol, per 1.00 of vol (divide by 100 for one vol point). */
  readonly vega: number;
  /** dV/dt as time passes, per year (negative: value decays). */
  readonly theta: number;
}

function validate({ forward, strike, years, vol }: Black76Input): void {
  const ok = forward > 0 && strike > 0 && years >= 0 && vol >= 0;
  if (!ok || ![forward, strike, years, vol].every(Number.isFinite)) {
    throw new RangeError(`Black-76 needs F, K > 0 and T, vol >= 0 (F ${forward}, K ${strike}, T ${years}, vol ${vol})`);
  }
}

/** No time value left (T = 0 or vol = 0): the option is worth its intrinsic value and its delta is a step. */
function intrinsic({ forward, strike, years, optionType }: Black76Input): Black76Result {
  const callDelta = forward > strike ? 1 : forward < strike ? 0 : 0.5;
  const price = optionType === 'call' ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  // At the money with T > 0 the value still grows with vol from zero: vega = F phi(0) sqrt(T).
  const vega = forward === strike ? forward * normPdf(0) * Math.sqrt(years) : 0;
  return { price, delta: optionType === 'call' ? callDelta : callDelta - 1, gamma: 0, vega, theta: 0 };
}

/**
 * Black-76 with r = 0 (margin-model.md section 1): d1 = (ln(F/K) + s^2 T/2) / (s sqrt T), d2 = d1 - s sqrt T,
 * C = F N(d1) - K N(d2), P = K N(-d2) - F N(-d1). The out-of-the-money side is computed from the formula
 * and the in-the-money side by put-call parity (C - P = F - K), so a deep in-the-money price is its
 * intrinsic value plus an accurately computed small time value, never below intrinsic.
 */
export function black76(input: Black76Input): Black76Result {
  validate(input);
  const { forward, strike, years, vol, optionType } = input;
  const stdDev = vol * Math.sqrt(years);
  if (stdDev === 0) return intrinsic(input);
  const d1 = (Math.log(forward / strike) + (stdDev * stdDev) / 2) / stdDev;
  const d2 = d1 - stdDev;
  const outOfMoneyCall = forward <= strike;
  const timeValue = outOfMoneyCall
    ? forward * normCdf(d1) - strike * normCdf(d2)
    : strike * normCdf(-d2) - forward * normCdf(-d1);
  const otm = Math.max(timeValue, 0);
  const callPrice = outOfMoneyCall ? otm : otm + forward - strike;
  const putPrice = outOfMoneyCall ? otm + strike - forward : otm;
  const density = normPdf(d1);
  return {
    price: optionType === 'call' ? callPrice : putPrice,
    delta: optionType === 'call' ? normCdf(d1) : -normCdf(-d1),
    gamma: density / (forward * stdDev),
    vega: forward * density * Math.sqrt(years),
    theta: -(forward * density * vol) / (2 * Math.sqrt(years)),
  };
}

/** Black-76 value only. */
export function black76Price(input: Black76Input): number {
  return black76(input).price;
}
