import type { MarketUnits } from '@exchange/ledger';
import { ceilDiv } from '@exchange/ledger';
import type { OrderExposure, SideExposure } from './open-orders';
import type { PerpMarginParams } from './params';
import { type MarginRequirement, standardPerpMargin } from './standard-margin';

/**
 * Standard margin of one market for a position and its open orders: every bid filled, or every
 * ask filled, whichever needs more (margin-model.md section 5), each side adding the immediate loss
 * of its orders priced through the mark.
 */
export function marketRequirement(
  positionLots: number,
  orders: OrderExposure,
  markMicro: number,
  units: MarketUnits,
  params: PerpMarginParams,
): MarginRequirement {
  const coinsPerLot = Number(units.lotNumerator) / Number(units.lotDenominator);
  const ifFilled = (sizeLots: number, side: SideExposure): MarginRequirement => {
    const margin = standardPerpMargin(sizeLots * coinsPerLot, markMicro, params);
    const loss = ceilDiv(side.lossScaled, units.lotDenominator);
    return { initial: margin.initial + loss, maintenance: margin.maintenance + loss };
  };
  const allBids = ifFilled(positionLots + orders.buy.lots, orders.buy);
  const allAsks = ifFilled(positionLots - orders.sell.lots, orders.sell);
  return {
    initial: allBids.initial > allAsks.initial ? allBids.initial : allAsks.initial,
    maintenance: allBids.maintenance > allAsks.maintenance ? allBids.maintenance : allAsks.maintenance,
  };
}
