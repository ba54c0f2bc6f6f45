import type { MarginMode } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { MarketUnits } from '@exchange/ledger';
import { marketRequirement } from '../market-requirement';
import { MarketOrders, type OpenOrder } from '../open-orders';
import type { HedgeFirstResult } from '../portfolio/hedge-first';
import { type HedgeFirstGateState, hedgeFirstGateState } from '../portfolio/hedge-first-gate';
import type { Holding, OrderLeg } from '../portfolio/instruments';
import type { PortfolioMarginParams } from '../portfolio/params';
import { standardInstrumentMargin } from '../portfolio/standard-unit-margin';
import type { MarginRequirement } from '../standard-margin';
import { instrumentOf, type UnderlyingData } from './underlying-data';

/** A listed market as the risk engine margins it. */
export interface RiskMarket {
  readonly spec: MarketSpec;
  readonly units: MarketUnits;
  readonly params: PortfolioMarginParams;
}

/** What one margin unit holds: signed positions in lots, open orders, and coins of the underlying held as collateral. */
export interface UnitHoldings {
  readonly spotCoins?: number;
  readonly positions: readonly { readonly market: RiskMarket; readonly sizeLots: number }[];
  readonly orders: readonly { readonly market: RiskMarket; readonly order: OpenOrder }[];
}

/**
 * The unit a market is margined in: under standard margin each market alone, under portfolio
 * margin every market of its underlying together (a risk unit, margin-model.md section 3).
 */
export function unitKeyOf(mode: MarginMode, spec: MarketSpec): string {
  return mode === 'portfolio' ? spec.underlying : spec.symbol;
}

const coinsPerLot = (units: MarketUnits): number => Number(units.lotNumerator) / Number(units.lotDenominator);

/** An order as a leg of the portfolio models: signed coins at its limit in USD (a market order at the mark). */
function orderLeg(market: RiskMarket, order: OpenOrder, markUsd: number): OrderLeg {
  const coins = order.remainingLots * coinsPerLot(market.units);
  const price = order.priceTicks === null ? markUsd : order.priceTicks * Number(market.spec.tickSize);
  return { instrument: instrumentOf(market.spec), size: order.side === 'buy' ? coins : -coins, price };
}

/** A unit's live holdings as the portfolio models take them (expired markets carry no risk left to price). */
function portfolioLegs(data: UnderlyingData, holdings: UnitHoldings): { positions: Holding[]; orders: OrderLeg[] } {
  const live = (market: RiskMarket) => data.isLive(market.spec);
  const positions = holdings.positions
    .filter(({ market, sizeLots }) => sizeLots !== 0 && live(market))
    .map(({ market, sizeLots }) => ({
      instrument: instrumentOf(market.spec),
      size: sizeLots * coinsPerLot(market.units),
    }));
  const orders = holdings.orders
    .filter(({ market }) => live(market))
    .map(({ market, order }) => openOrderLeg(data, market, order));
  const spot = holdings.spotCoins ?? 0;
  if (spot > 0) positions.push({ instrument: { kind: 'spot', symbol: data.underlying }, size: spot });
  return { positions, orders };
}

/** An open order as a leg of the portfolio models, a market order at the instrument's mark. */
export function openOrderLeg(data: UnderlyingData, market: RiskMarket, order: OpenOrder): OrderLeg {
  return orderLeg(market, order, data.scenarioBook().quote(instrumentOf(market.spec)).mark);
}

/** Hedge-first portfolio margin of one underlying's holdings, with every part of it (for reports). */
export function portfolioUnitMargin(data: UnderlyingData, holdings: UnitHoldings): HedgeFirstResult {
  const { positions, orders } = portfolioLegs(data, holdings);
  return data.scenarioBook().hedgeFirstMargin(positions, orders);
}

/** The same requirement kept in the form the pre-trade check adds an order to in one pass. */
export function portfolioGateState(data: UnderlyingData, holdings: UnitHoldings): HedgeFirstGateState {
  const { positions, orders } = portfolioLegs(data, holdings);
  return hedgeFirstGateState(data.scenarioBook(), positions, orders);
}

/**
 * Standard margin of one market (section 2) with its open orders on their worse side: linear
 * markets in exact integers, options through their quote. An expired market needs none.
 */
export function standardMarketMargin(
  data: UnderlyingData,
  market: RiskMarket,
  positionLots: number,
  orders: readonly OpenOrder[] | MarketOrders,
  markMicro: number,
): MarginRequirement {
  const { spec, units, params } = market;
  if (!data.isLive(spec)) return { initial: 0n, maintenance: 0n };
  const open = orders instanceof MarketOrders ? orders : ordersOf(units, orders);
  if (spec.kind !== 'option') {
    return marketRequirement(positionLots, open.exposureAt(markMicro), markMicro, units, params.linear);
  }
  const book = data.scenarioBook();
  const quote = book.quote(instrumentOf(spec));
  const legs = open.all().map((order) => orderLeg(market, order, quote.mark));
  return standardInstrumentMargin(quote, positionLots * coinsPerLot(units), legs, book.market.index, params);
}

function ordersOf(units: MarketUnits, orders: readonly OpenOrder[]): MarketOrders {
  const open = new MarketOrders(units);
  for (const order of orders) open.set(order);
  return open;
}
