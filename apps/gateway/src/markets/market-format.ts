import { decimalsOf, formatScaled, formatSteps, MarketSpec, parseScaled, PRICE_DECIMALS } from '@exchange/domain';

/**
 * Integers inside, decimal strings on the wire: the conversions of one market's ticks and lots.
 * Averages (fill price, entry price) are not on the tick grid; they keep AVERAGE_EXTRA_DECIMALS
 * more decimals than the tick size, rounded half up.
 */
export const AVERAGE_EXTRA_DECIMALS = 6;

type Steps = Pick<MarketSpec, 'tickSize' | 'lotSize'>;

export const formatPrice = (ticks: number | bigint, market: Steps): string => formatSteps(ticks, market.tickSize);

export const formatSize = (lots: number | bigint, market: Steps): string => formatSteps(lots, market.lotSize);

/** Micro-USDC integer (number, bigint or integer string) as a USDC decimal string. */
export const formatMicro = (micro: number | bigint | string): string => formatScaled(BigInt(micro), PRICE_DECIMALS);

/** Average price of `lots` lots worth `valueTicksLots` (sum of price ticks x lots); undefined for no size. */
export function averagePrice(valueTicksLots: bigint, lots: number | bigint, market: Steps): string | undefined {
  const size = BigInt(lots) < 0n ? -BigInt(lots) : BigInt(lots);
  if (size === 0n) return undefined;
  const value = valueTicksLots < 0n ? -valueTicksLots : valueTicksLots;
  const tickDecimals = decimalsOf(market.tickSize);
  const tick = parseScaled(market.tickSize, tickDecimals);
  if (!tick.ok) throw new Error(`tick size ${market.tickSize} malformed`);
  const scaled = value * tick.value * 10n ** BigInt(AVERAGE_EXTRA_DECIMALS);
  const rounded = (2n * scaled + size) / (2n * size);
  return formatScaled(rounded, tickDecimals + AVERAGE_EXTRA_DECIMALS);
}

/** Division rounding toward minus infinity: losses are never understated. */
export function floorDiv(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator !== 0n && numerator < 0n !== denominator < 0n ? quotient - 1n : quotient;
}
