import type { MarginMode, MarginSimulationRequest, MarginSimulationResult, SimulatedUnit } from '@exchange/contracts';
import { RejectCode } from '@exchange/domain';
import type { AccountBook } from '../account-book';
import type { OpenOrder } from '../open-orders';
import type { PortfolioMarginParams } from '../portfolio/params';
import { spotCoins } from './spot-collateral';
import type { UnderlyingData } from './underlying-data';
import { type RiskMarket, portfolioUnitMargin, standardMarketMargin, unitKeyOf } from './unit-margin';

export type SimulationRequest = MarginSimulationRequest;

export type SimulationAnswer =
  | { readonly ok: true; readonly result: MarginSimulationResult }
  | { readonly ok: false; readonly code: RejectCode; readonly message: string };

/** What the simulation reads of the engine, without changing it. */
export interface SimulationContext {
  account(accountId: string): AccountBook | undefined;
  market(symbol: string): RiskMarket | undefined;
  /** Micro-USDC; undefined while the market has no mark. */
  mark(symbol: string): number | undefined;
  data(underlying: string): UnderlyingData;
  /** True once the underlying has an index to value coins of it at. */
  hasPrice(underlying: string): boolean;
  readonly paramsVersion: string;
}

const refuse = (code: RejectCode, message: string): SimulationAnswer => ({ ok: false, code, message });

/**
 * The what-if calculator (Deribit's "margin simulator"): hypothetical positions, on top of the
 * account's own positions and open orders when asked, margined under the account's model or the
 * one asked for, with each unit's charges and scenario matrix and the parameters used.
 */
export function simulateMargin(request: SimulationRequest, context: SimulationContext): SimulationAnswer {
  const account = context.account(request.accountId);
  if (!account && (request.includeAccount || request.model === undefined)) {
    return refuse(RejectCode.UNKNOWN_ACCOUNT, `account ${request.accountId} is not known to the risk engine`);
  }
  const mode: MarginMode = request.model ?? (account as AccountBook).marginMode;
  const positions = new Map<string, number>();
  const orders: OpenOrder[] = request.includeAccount && account ? account.allOrders() : [];
  if (request.includeAccount && account) {
    for (const symbol of account.markets()) positions.set(symbol, account.position(symbol).sizeLots);
  }
  for (const { market, sizeLots } of request.positions) {
    if (!context.market(market)) return refuse(RejectCode.UNKNOWN_MARKET, `market ${market} is not listed`);
    if (!Number.isSafeInteger(sizeLots)) return refuse(RejectCode.INVALID_SIZE, `size ${sizeLots} is not whole lots`);
    positions.set(market, (positions.get(market) ?? 0) + sizeLots);
  }
  const symbols = [...new Set([...positions.keys(), ...orders.map((order) => order.market)])].sort();
  const unmarked = symbols.find((symbol) => context.mark(symbol) === undefined);
  if (unmarked !== undefined) return refuse(RejectCode.NO_MARK_PRICE, `no mark price for ${unmarked} yet`);

  const markets = symbols.map((symbol) => context.market(symbol) as RiskMarket);
  // Coins held as collateral are a long delta in their risk unit under portfolio margin.
  const spot = new Map(
    mode === 'portfolio' && request.includeAccount && account
      ? [...account.spotBalances()].filter(([asset]) => context.hasPrice(asset))
      : [],
  );
  const unitKeys = [...new Set([...markets.map(({ spec }) => unitKeyOf(mode, spec)), ...spot.keys()])].sort();
  const units = unitKeys.map((unit) => {
    const inUnit = markets.filter(({ spec }) => unitKeyOf(mode, spec) === unit);
    const coins = spot.get(unit);
    const holdings = {
      spotCoins: coins === undefined ? 0 : spotCoins(unit, coins),
      positions: inUnit.map((market) => ({ market, sizeLots: positions.get(market.spec.symbol) ?? 0 })),
      orders: orders.flatMap((order) => {
        const market = inUnit.find(({ spec }) => spec.symbol === order.market);
        return market ? [{ market, order }] : [];
      }),
    };
    return mode === 'portfolio'
      ? portfolioUnit(unit, context.data(unit), holdings)
      : standardUnit(unit, context, holdings);
  });
  const params: Record<string, PortfolioMarginParams> = {};
  for (const unit of mode === 'portfolio' ? unitKeys : markets.map(({ spec }) => spec.underlying)) {
    params[unit] = context.data(unit).params;
  }
  return {
    ok: true,
    result: {
      model: mode,
      paramsVersion: context.paramsVersion,
      params,
      initialMargin: sum(units.map((unit) => BigInt(unit.initialMargin))),
      maintenanceMargin: sum(units.map((unit) => BigInt(unit.maintenanceMargin))),
      units,
    },
  };
}

type Holdings = Parameters<typeof portfolioUnitMargin>[1];

function portfolioUnit(unit: string, data: UnderlyingData, holdings: Holdings): SimulatedUnit {
  const result = portfolioUnitMargin(data, holdings);
  return {
    unit,
    initialMargin: result.initial.toString(),
    maintenanceMargin: result.maintenance.toString(),
    charges: { ...result.charges, openOrders: result.openOrders, range: result.range, hourlyVol: result.hourlyVol },
    scenarios: result.scenarios.map(({ move, volShock, extended, pnl, charged }) => ({
      move,
      volShock,
      extended,
      pnl,
      charged,
    })),
  };
}

function standardUnit(unit: string, context: SimulationContext, holdings: Holdings): SimulatedUnit {
  const [{ market, sizeLots }] = holdings.positions;
  const orders = holdings.orders.map(({ order }) => order);
  const mark = context.mark(market.spec.symbol) as number;
  const requirement = standardMarketMargin(context.data(market.spec.underlying), market, sizeLots, orders, mark);
  return {
    unit,
    initialMargin: requirement.initial.toString(),
    maintenanceMargin: requirement.maintenance.toString(),
    charges: {},
    scenarios: [],
  };
}

const sum = (values: readonly bigint[]): string => values.reduce((total, value) => total + value, 0n).toString();
