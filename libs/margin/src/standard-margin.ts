import type { PerpMarginParams } from './params';

/** Margin requirements in micro-USDC. */
export interface MarginRequirement {
  readonly initial: bigint;
  readonly maintenance: bigint;
}

/**
 * Relative distance below which a float is taken for the integer next to it: a few float operations
 * err by ~1e-16 relative, so 1002.5 USDC computed as 1002500000.0000001 micro stays 1002500000
 * instead of being rounded up to 1002500001.
 */
const FLOAT_NOISE = 1e-14;

/** Rounds a non-negative float amount of micro-USDC up to a whole micro-USDC (requirements never shrink). */
export function roundUpMicro(value: number): bigint {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`requirement ${value} is not a finite amount`);
  const nearest = Math.round(value);
  if (Math.abs(value - nearest) <= FLOAT_NOISE * Math.max(1, value)) return BigInt(nearest);
  return BigInt(Math.ceil(value));
}

/**
 * Standard margin of a perpetual or future position of `sizeCoins` (either sign) at `priceMicro`
 * micro-USDC per coin: IM = (initialRate + incrementPerCoin |q|) |q| S, MM likewise with
 * maintenanceRate (margin-model.md section 2).
 */
export function standardPerpMargin(sizeCoins: number, priceMicro: number, params: PerpMarginParams): MarginRequirement {
  const size = Math.abs(sizeCoins);
  const notional = size * priceMicro;
  const increment = params.incrementPerCoin * size;
  return {
    initial: roundUpMicro((params.initialRate + increment) * notional),
    maintenance: roundUpMicro((params.maintenanceRate + increment) * notional),
  };
}
