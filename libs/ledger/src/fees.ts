import { type MarketSpec, parseScaled } from '@exchange/domain';
import { ceilDiv } from './bigint-math';
import { marketUnits } from './market-units';

/** Fee rates in basis points of notional; a negative rate is a rebate. */
export interface FeeSchedule {
  readonly makerBps: number;
  readonly takerBps: number;
}

export const DEFAULT_FEE_SCHEDULE: FeeSchedule = { makerBps: 2, takerBps: 5 };

/** Fee rates may carry up to this many decimals of a basis point (0.000001 bp). */
const BPS_DECIMALS = 6;
const BPS_DENOMINATOR = 10_000n * 10n ** BigInt(BPS_DECIMALS);

/** Notional of a trade in micro-USDC: price x size x valuePerTickLot. */
export function notionalMicro(
  priceTicks: number,
  sizeLots: number,
  market: Pick<MarketSpec, 'tickSize' | 'lotSize'>,
): bigint {
  return BigInt(priceTicks) * BigInt(sizeLots) * marketUnits(market).valuePerTickLot;
}

/** Fee on a notional, rounded up to the micro-USDC: the exchange never undercharges. */
export function tradingFee(notional: bigint, bps: number): bigint {
  const rate = parseScaled(String(bps), BPS_DECIMALS);
  if (!rate.ok) throw new RangeError(`fee rate ${bps} bps is not a decimal with at most ${BPS_DECIMALS} places`);
  return ceilDiv(notional * rate.value, BPS_DENOMINATOR);
}
