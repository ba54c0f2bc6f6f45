import { type MarketSpec, type Side, sideSign } from '@exchange/domain';
import { ceilDiv, floorDiv } from './bigint-math';
import { marketUnits } from './market-units';

/** A position in one market. */
export interface Position {
  /** Signed: positive long, negative short. */
  readonly sizeLots: number;
  /** Signed entry cost, sum of price x lots of the open part, same sign as the size. */
  readonly costTicksLots: bigint;
}

export const FLAT: Position = { sizeLots: 0, costTicksLots: 0n };

export interface TradeResult {
  readonly position: Position;
  /** PnL realized by the closed part, in ticks x lots (x valuePerTickLot for micro-USDC). */
  readonly realizedTicksLots: bigint;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer: ${value}`);
}

/**
 * Applies one trade to a position. Increasing adds to the cost; reducing realizes PnL on the closed
 * part at the average entry cost; crossing zero closes everything and opens the rest at `priceTicks`.
 */
export function applyTrade(position: Position, side: Side, priceTicks: number, lots: number): TradeResult {
  assertPositiveInteger('priceTicks', priceTicks);
  assertPositiveInteger('lots', lots);
  const price = BigInt(priceTicks);
  const tradeSign = sideSign(side);
  const sizeLots = position.sizeLots + tradeSign * lots;
  if (position.sizeLots === 0 || Math.sign(position.sizeLots) === tradeSign) {
    return {
      position: { sizeLots, costTicksLots: position.costTicksLots + BigInt(tradeSign * lots) * price },
      realizedTicksLots: 0n,
    };
  }
  const held = Math.abs(position.sizeLots);
  const closed = Math.min(lots, held);
  // Rounded toward +infinity, so a partial close never realizes more than the exact amount; the
  // residual stays in the remaining cost and the final close settles it, exact over the position's life.
  const closedCost =
    closed === held ? position.costTicksLots : ceilDiv(position.costTicksLots * BigInt(closed), BigInt(held));
  const realizedTicksLots = BigInt(-tradeSign * closed) * price - closedCost;
  const openedCost = BigInt(tradeSign * (lots - closed)) * price;
  return { position: { sizeLots, costTicksLots: position.costTicksLots - closedCost + openedCost }, realizedTicksLots };
}

/**
 * Mark-to-market PnL of a position in micro-USDC: size x mark minus the entry cost, rounded toward
 * -infinity so equity is never overstated.
 */
export function unrealizedPnl(
  position: Position,
  markPriceMicro: number,
  market: Pick<MarketSpec, 'tickSize' | 'lotSize'>,
): bigint {
  const units = marketUnits(market);
  const markValue = BigInt(position.sizeLots) * BigInt(markPriceMicro) * units.lotNumerator;
  const costValue = position.costTicksLots * units.valuePerTickLot * units.lotDenominator;
  return floorDiv(markValue - costValue, units.lotDenominator);
}
