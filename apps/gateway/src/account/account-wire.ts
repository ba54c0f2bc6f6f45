import type { AccountMarginState } from '@exchange/contracts';
import {
  assetSpec,
  decimalsOf,
  formatScaled,
  MarketSpec,
  parseScaled,
  QUOTE_ASSET,
  valuePerTickLot,
} from '@exchange/domain';
import type { StoredBalance, StoredPosition } from '../adapters/store.port';
import { averagePrice, floorDiv, formatMicro, formatSize } from '../markets/market-format';
import type { BalanceView, MarginView, PositionView } from './account.views';

export function toBalanceView(balance: StoredBalance): BalanceView {
  return { asset: balance.asset, amount: formatScaled(balance.amount, assetSpec(balance.asset)?.decimals ?? 0) };
}

/** A position with its entry price and, given a mark price (micro-USDC), its unrealized PnL rounded down. */
export function toPositionView(position: StoredPosition, market: MarketSpec, markMicro?: number): PositionView {
  const view: PositionView = {
    market: position.market,
    size: formatSize(position.sizeLots, market),
    entryPrice: averagePrice(position.costTicksLots, position.sizeLots, market) ?? null,
    realizedPnl: formatMicro(position.realizedPnl),
  };
  if (markMicro === undefined) return view;
  return {
    ...view,
    markPrice: formatMicro(markMicro),
    unrealizedPnl: formatMicro(unrealizedMicro(position, market, markMicro)),
  };
}

/** size x mark - cost, in micro-USDC, rounded toward minus infinity. */
export function unrealizedMicro(position: StoredPosition, market: MarketSpec, markMicro: number): bigint {
  const lotDecimals = decimalsOf(market.lotSize);
  const lot = parseScaled(market.lotSize, lotDecimals);
  if (!lot.ok) throw new Error(`lot size ${market.lotSize} malformed`);
  const markValue = floorDiv(position.sizeLots * BigInt(markMicro) * lot.value, 10n ** BigInt(lotDecimals));
  return markValue - position.costTicksLots * BigInt(valuePerTickLot(market));
}

/**
 * The risk engine's latest margin state; before the first one, the USDC balance stands in for
 * equity and collateral, with no margin requirements.
 */
export function toMarginView(state: AccountMarginState | undefined, balances: readonly StoredBalance[]): MarginView {
  if (state) return marginStateView(state);
  const usdc = formatMicro(balances.find((balance) => balance.asset === QUOTE_ASSET)?.amount ?? 0n);
  return {
    marginMode: null,
    paramsVersion: null,
    equity: usdc,
    maintenanceEquity: usdc,
    initialMargin: '0',
    maintenanceMargin: '0',
    available: usdc,
    collateral: usdc,
    unrealizedPnl: '0',
    marginRatio: null,
    belowMaintenance: false,
    units: [],
    updatedAt: null,
  };
}

/** A margin state from the risk engine as USDC decimals (GET /v1/account and the `account` WebSocket channel). */
export function marginStateView(state: AccountMarginState): MarginView {
  return {
    marginMode: state.marginMode,
    paramsVersion: state.paramsVersion,
    equity: formatMicro(state.equity),
    maintenanceEquity: formatMicro(state.maintenanceEquity),
    initialMargin: formatMicro(state.initialMargin),
    maintenanceMargin: formatMicro(state.maintenanceMargin),
    available: formatMicro(state.available),
    collateral: formatMicro(state.collateral),
    unrealizedPnl: formatMicro(state.unrealizedPnl),
    marginRatio: state.marginRatio,
    belowMaintenance: state.belowMaintenance,
    units: state.units.map((unit) => ({
      unit: unit.unit,
      initialMargin: formatMicro(unit.initialMargin),
      maintenanceMargin: formatMicro(unit.maintenanceMargin),
    })),
    updatedAt: new Date(state.timestampMs).toISOString(),
  };
}
