import type { FillEvent } from '@exchange/contracts';
import { type MarketSpec, type Side, opposite } from '@exchange/domain';
import { SYS_FEES, clearingLedgerAccount, userLedgerAccount } from './accounts';
import { DEFAULT_FEE_SCHEDULE, type FeeSchedule, notionalMicro, tradingFee } from './fees';
import { type Journal, type LedgerEntry, transfer } from './journal';
import { marketUnits } from './market-units';
import { type Position, applyTrade } from './position';

/** What a fill did to one side's account. Amounts in micro-USDC. */
export interface SettledSide {
  readonly position: Position;
  readonly realizedPnl: bigint;
  readonly fee: bigint;
  /** Change of the account's cash balance: realizedPnl - fee. */
  readonly cashDelta: bigint;
}

export interface FillSettlement {
  readonly maker: SettledSide;
  readonly taker: SettledSide;
  readonly journal: Journal;
}

function settleSide(position: Position, side: Side, fill: FillEvent, market: MarketSpec, fee: bigint): SettledSide {
  const trade = applyTrade(position, side, fill.priceTicks, fill.sizeLots);
  const realizedPnl = trade.realizedTicksLots * marketUnits(market).valuePerTickLot;
  return { position: trade.position, realizedPnl, fee, cashDelta: realizedPnl - fee };
}

function sideEntries(accountId: string, market: MarketSpec, settled: SettledSide): LedgerEntry[] {
  const user = userLedgerAccount(accountId);
  return [
    ...transfer(user, SYS_FEES, market.quoteAsset, settled.fee),
    ...transfer(clearingLedgerAccount(market.symbol), user, market.quoteAsset, settled.realizedPnl),
  ];
}

/**
 * Settles one trade: both sides' positions, realized PnL and fees, and the journal that posts them
 * (reference `fill:<tradeId>`).
 */
export function settleFill(
  fill: FillEvent,
  market: MarketSpec,
  makerPosition: Position,
  takerPosition: Position,
  fees: FeeSchedule = DEFAULT_FEE_SCHEDULE,
): FillSettlement {
  const notional = notionalMicro(fill.priceTicks, fill.sizeLots, market);
  const maker = settleSide(makerPosition, opposite(fill.takerSide), fill, market, tradingFee(notional, fees.makerBps));
  // Should one account ever trade with itself, both legs apply to its one position, in order.
  const takerStart = fill.maker.accountId === fill.taker.accountId ? maker.position : takerPosition;
  const taker = settleSide(takerStart, fill.takerSide, fill, market, tradingFee(notional, fees.takerBps));
  return {
    maker,
    taker,
    journal: {
      reference: `fill:${fill.tradeId}`,
      kind: 'fill',
      entries: [
        ...sideEntries(fill.maker.accountId, market, maker),
        ...sideEntries(fill.taker.accountId, market, taker),
      ],
    },
  };
}
