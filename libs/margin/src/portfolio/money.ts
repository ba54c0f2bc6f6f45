import { roundUpMicro } from '../standard-margin';

const MICRO_PER_USD = 1_000_000;

/** A requirement in USD as micro-USDC, rounded up (requirements never shrink in rounding). */
export function usdToMicroUp(usd: number): bigint {
  return roundUpMicro(usd * MICRO_PER_USD);
}

/** Relative distance under which a float is taken for the integer next to it, as in `roundUpMicro`. */
const FLOAT_NOISE = 1e-14;

/** An amount of equity in USD (either sign) as micro-USDC, rounded down (equity never grows in rounding). */
export function usdToMicroDown(usd: number): bigint {
  const micro = usd * MICRO_PER_USD;
  if (!Number.isFinite(micro)) throw new RangeError(`amount ${usd} is not finite`);
  const nearest = Math.round(micro);
  if (Math.abs(micro - nearest) <= FLOAT_NOISE * Math.max(1, Math.abs(micro))) return BigInt(nearest);
  return BigInt(Math.floor(micro));
}
