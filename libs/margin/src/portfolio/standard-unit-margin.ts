import type { OptionType } from '@exchange/domain';
import { type MarginRequirement, standardPerpMargin } from '../standard-margin';
import { type OrderLeg, type RiskUnit, distinctInstruments, netHoldings } from './instruments';
import { usdToMicroUp } from './money';
import { immediateLoss } from './order-sides';
import type { PortfolioMarginParams, ShortOptionRates } from './params';
import { type Quote, quoteInstrument } from './quotes';

interface UsdRequirement {
  readonly initial: number;
  readonly maintenance: number;
}

/**
 * Deribit standard margin of an option position (margin-model.md section 2), USD. Long: IM = premium,
 * MM = 0. Short, per coin, OTM = max(K - S, 0) for calls and max(S - K, 0) for puts:
 * call IM = max(0.15 S - OTM, 0.10 S) + mark, MM = 0.075 S + mark;
 * put MM = max(0.075 S, 0.075 mark) + mark, IM = max(max(0.15 S - OTM, 0.10 S) + mark, MM).
 */
export function standardOptionMargin(
  size: number,
  optionType: OptionType,
  strike: number,
  index: number,
  mark: number,
  rates: ShortOptionRates,
): UsdRequirement {
  if (size >= 0) return { initial: size * mark, maintenance: 0 };
  const outOfMoney = optionType === 'call' ? Math.max(strike - index, 0) : Math.max(index - strike, 0);
  const initialPerCoin = Math.max(rates.initialRate * index - outOfMoney, rates.initialFloorRate * index) + mark;
  const maintenancePerCoin =
    optionType === 'call'
      ? rates.maintenanceRate * index + mark
      : Math.max(rates.maintenanceRate * index, rates.maintenanceRate * mark) + mark;
  const coins = -size;
  return {
    initial: coins * (optionType === 'call' ? initialPerCoin : Math.max(initialPerCoin, maintenancePerCoin)),
    maintenance: coins * maintenancePerCoin,
  };
}

/** Standard margin of one position in micro-USDC, rounded up. Spot collateral needs none. */
export function standardPositionMargin(
  quote: Quote,
  size: number,
  index: number,
  params: PortfolioMarginParams,
): MarginRequirement {
  const { instrument } = quote;
  switch (instrument.kind) {
    case 'spot':
      return { initial: 0n, maintenance: 0n };
    case 'perpetual':
    case 'future':
      return standardPerpMargin(size, quote.mark * 1_000_000, params.linear);
    case 'option': {
      const { strike, optionType } = instrument;
      const usd = standardOptionMargin(size, optionType, strike, index, quote.mark, params.shortOption);
      return { initial: usdToMicroUp(usd.initial), maintenance: usdToMicroUp(usd.maintenance) };
    }
  }
}

export interface StandardInstrumentMargin extends MarginRequirement {
  readonly symbol: string;
  readonly size: number;
}

export interface StandardUnitMargin extends MarginRequirement {
  readonly model: 'standard';
  readonly params: PortfolioMarginParams;
  /** Per instrument, open orders included. */
  readonly instruments: readonly StandardInstrumentMargin[];
}

/**
 * One instrument's standard margin with its open orders: IM is the worse of the position with every
 * bid filled or with every ask filled, each adding its orders' immediate loss; MM is the position's.
 */
export function standardInstrumentMargin(
  quote: Quote,
  size: number,
  orders: readonly OrderLeg[],
  index: number,
  params: PortfolioMarginParams,
): MarginRequirement {
  const own = standardPositionMargin(quote, size, index, params);
  let initial = own.initial;
  for (const side of [orders.filter((o) => o.size > 0), orders.filter((o) => o.size < 0)]) {
    if (side.length === 0) continue;
    const filled = side.reduce((sum, leg) => sum + leg.size, size);
    const loss = side.reduce((sum, leg) => sum + immediateLoss(leg, quote), 0);
    const sideInitial = standardPositionMargin(quote, filled, index, params).initial + usdToMicroUp(loss);
    if (sideInitial > initial) initial = sideInitial;
  }
  return { initial, maintenance: own.maintenance };
}

/** Standard margin of a risk unit: per instrument, open orders raising IM only, summed. */
export function standardUnitMargin(unit: RiskUnit, params: PortfolioMarginParams): StandardUnitMargin {
  const { market } = unit;
  const orders = unit.openOrders ?? [];
  const positions = netHoldings(unit.positions);
  const rows = distinctInstruments([...positions, ...orders]).map((instrument): StandardInstrumentMargin => {
    const size = positions.find((position) => position.instrument.symbol === instrument.symbol)?.size ?? 0;
    const own = orders.filter((order) => order.instrument.symbol === instrument.symbol);
    const margin = standardInstrumentMargin(quoteInstrument(instrument, market), size, own, market.index, params);
    return { symbol: instrument.symbol, size, ...margin };
  });
  return {
    model: 'standard',
    params,
    instruments: rows,
    initial: rows.reduce((sum, row) => sum + row.initial, 0n),
    maintenance: rows.reduce((sum, row) => sum + row.maintenance, 0n),
  };
}
