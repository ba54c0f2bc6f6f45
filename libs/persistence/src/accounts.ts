import { MATCHING_EVENTS, type OrderTrigger } from '@exchange/contracts';
import { QUOTE_ASSET, type DoneReason, type PostOnlyMode, type Side } from '@exchange/domain';
import type { Position } from '@exchange/ledger';
import type { PoolClient } from 'pg';
import { type Database, inTransaction } from './database';
import type { Fill, Order } from './generated/prisma/client';
import type { OrderState } from './settlement-batch';
import { isUuid, toBigInt, toSafeNumber } from './values';
import { SETTLEMENT_CONSUMER } from './settlement-writer';

export interface BalanceView {
  readonly asset: string;
  /** Minimal units of the asset. */
  readonly amount: bigint;
}

export interface PositionView {
  readonly market: string;
  readonly sizeLots: number;
  readonly costTicksLots: bigint;
  readonly realizedPnl: bigint;
  readonly updatedSeq: number;
}

export interface OrderView
  extends Omit<OrderState, 'createdAtUs' | 'updatedAtUs' | 'rejectCode' | 'triggeredAtUs' | 'expiresAtUs'> {
  readonly rejectCode: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly trigger: OrderTrigger | null;
  /** Null while a conditional order waits for its trigger, and for plain orders. */
  readonly triggeredAtMs: number | null;
  readonly expiresAtMs: number | null;
  readonly postOnly: PostOnlyMode | null;
  readonly reduceOnly: boolean;
}

export interface FillView {
  readonly tradeId: string;
  readonly liquidity: 'maker' | 'taker';
  readonly market: string;
  readonly orderId: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly sizeLots: number;
  readonly fee: bigint;
  readonly realizedPnl: bigint;
  readonly seq: number;
  readonly createdAtMs: number;
}

export interface RiskOpenOrder {
  readonly orderId: string;
  readonly market: string;
  readonly side: Side;
  /** The limit price; a conditional market order's trigger price (where margin holds it). */
  readonly priceTicks: number;
  /** Total size, filled lots included. */
  readonly sizeLots: number;
  readonly remainingLots: number;
  readonly clientOrderId: string | null;
}

export interface RiskAccount {
  readonly accountId: string;
  readonly marginMode: 'standard' | 'portfolio';
  /** USDC balance in micro-USDC. */
  readonly collateralMicro: bigint;
  /** Other assets held (BTC, ETH), positive balances only, in each asset's minimal units. */
  readonly spot: readonly { readonly asset: string; readonly amount: bigint }[];
  /** Non-flat positions only. */
  readonly positions: readonly { readonly market: string; readonly position: Position }[];
  readonly openOrders: readonly RiskOpenOrder[];
}

/** Account state as settlement last committed it, read in one repeatable-read transaction. */
export interface RiskSnapshot {
  readonly accounts: readonly RiskAccount[];
  /** Settlement's last applied sequence per market. */
  readonly appliedSequences: Readonly<Record<string, number>>;
  /** Next offset per partition of matching.events: replaying from here continues the snapshot exactly. */
  readonly eventOffsets: Readonly<Record<number, string>>;
}

const OPEN_STATUSES = ['open', 'partially_filled'] as const;

/** Reads of one account's state for the API, and the risk service's start-up snapshot. */
export class AccountRepository {
  constructor(private readonly database: Database) {}

  /** Records a sub-account's margin model, as the risk service accepted it; read back at its next start. */
  async setMarginMode(accountId: string, mode: RiskAccount['marginMode']): Promise<void> {
    await this.database.pool.query('UPDATE accounts SET margin_mode = $2::margin_mode WHERE id = $1', [
      accountId,
      mode,
    ]);
  }

  async exists(accountId: string): Promise<boolean> {
    if (!isUuid(accountId)) return false;
    return (await this.database.prisma.account.count({ where: { id: accountId } })) === 1;
  }

  async balances(accountId: string): Promise<BalanceView[]> {
    if (!isUuid(accountId)) return [];
    const rows = await this.database.prisma.balance.findMany({ where: { accountId }, orderBy: { asset: 'asc' } });
    return rows.map((row) => ({ asset: row.asset, amount: toBigInt(row.amount) }));
  }

  /** Every market the account ever traded, flat ones included (they carry realized PnL). */
  async positions(accountId: string): Promise<PositionView[]> {
    if (!isUuid(accountId)) return [];
    const rows = await this.database.prisma.position.findMany({ where: { accountId }, orderBy: { market: 'asc' } });
    return rows.map((row) => ({
      market: row.market,
      sizeLots: toSafeNumber(row.sizeLots),
      costTicksLots: toBigInt(row.costTicksLots),
      realizedPnl: toBigInt(row.realizedPnl),
      updatedSeq: toSafeNumber(row.updatedSeq),
    }));
  }

  /** Open and partially filled orders, oldest first. */
  async openOrders(accountId: string, market?: string): Promise<OrderView[]> {
    if (!isUuid(accountId)) return [];
    const rows = await this.database.prisma.order.findMany({
      where: { accountId, status: { in: [...OPEN_STATUSES] }, ...(market !== undefined && { market }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toOrderView);
  }

  /** The order if it belongs to the account, whatever its status. */
  async order(accountId: string, orderId: string): Promise<OrderView | null> {
    if (!isUuid(accountId)) return null;
    const row = await this.database.prisma.order.findFirst({ where: { id: orderId, accountId } });
    return row && toOrderView(row);
  }

  /** Most recent first. */
  async fills(accountId: string, query: { readonly market?: string; readonly limit: number }): Promise<FillView[]> {
    if (!isUuid(accountId)) return [];
    const rows = await this.database.prisma.fill.findMany({
      where: { accountId, ...(query.market !== undefined && { market: query.market }) },
      orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }, { liquidity: 'asc' }],
      take: query.limit,
    });
    return rows.map(toFillView);
  }

  /**
   * All accounts with their USDC balance, non-flat positions and open orders, plus settlement's
   * applied sequences and matching.events offsets, in ONE repeatable-read transaction: settlement
   * commits all of these together, so the snapshot is exactly the state after those offsets.
   */
  async loadRiskSnapshot(): Promise<RiskSnapshot> {
    return inTransaction(
      this.database.pool,
      async (client) => {
        const accounts = await riskAccounts(client, null);
        const sequences = await client.query<{ stream: string; last_seq: string }>(
          'SELECT stream, last_seq FROM applied_sequences WHERE consumer = $1 ORDER BY stream',
          [SETTLEMENT_CONSUMER],
        );
        const offsets = await client.query<{ partition: number; next_offset: string }>(
          `SELECT partition, next_offset FROM consumer_offsets
           WHERE consumer = $1 AND topic = $2 ORDER BY partition`,
          [SETTLEMENT_CONSUMER, MATCHING_EVENTS.name],
        );
        return {
          accounts,
          appliedSequences: Object.fromEntries(sequences.rows.map((row) => [row.stream, toSafeNumber(row.last_seq)])),
          eventOffsets: Object.fromEntries(offsets.rows.map((row) => [row.partition, row.next_offset])),
        };
      },
      { isolation: 'REPEATABLE READ', readOnly: true },
    );
  }

  /**
   * One account as the risk service starts it, for an account created after the service started
   * (it has traded nothing yet, so no matching event is missing from it); null when there is none.
   */
  async loadRiskAccount(accountId: string): Promise<RiskAccount | null> {
    if (!isUuid(accountId)) return null;
    const accounts = await inTransaction(this.database.pool, (client) => riskAccounts(client, accountId), {
      isolation: 'REPEATABLE READ',
      readOnly: true,
    });
    return accounts[0] ?? null;
  }
}

function toOrderView(row: Order): OrderView {
  return {
    orderId: row.id,
    accountId: row.accountId,
    clientOrderId: row.clientOrderId,
    market: row.market,
    side: row.side,
    type: row.type,
    timeInForce: row.timeInForce,
    priceTicks: row.priceTicks === null ? null : toSafeNumber(row.priceTicks),
    sizeLots: toSafeNumber(row.sizeLots),
    filledLots: toSafeNumber(row.filledLots),
    remainingLots: toSafeNumber(row.remainingLots),
    status: row.status,
    doneReason: row.doneReason as DoneReason | null,
    rejectCode: row.rejectCode,
    createdSeq: toSafeNumber(row.createdSeq),
    updatedSeq: toSafeNumber(row.updatedSeq),
    createdAtMs: row.createdAt.getTime(),
    updatedAtMs: row.updatedAt.getTime(),
    trigger:
      row.triggerKind === null || row.triggerReference === null || row.triggerPriceTicks === null
        ? null
        : { kind: row.triggerKind, reference: row.triggerReference, priceTicks: toSafeNumber(row.triggerPriceTicks) },
    triggeredAtMs: row.triggeredAt?.getTime() ?? null,
    expiresAtMs: row.expiresAt?.getTime() ?? null,
    postOnly: row.postOnly,
    reduceOnly: row.reduceOnly,
  };
}

function toFillView(row: Fill): FillView {
  return {
    tradeId: row.tradeId,
    liquidity: row.liquidity,
    market: row.market,
    orderId: row.orderId,
    side: row.side,
    priceTicks: toSafeNumber(row.priceTicks),
    sizeLots: toSafeNumber(row.sizeLots),
    fee: toBigInt(row.fee),
    realizedPnl: toBigInt(row.realizedPnl),
    seq: toSafeNumber(row.seq),
    createdAtMs: row.createdAt.getTime(),
  };
}

/** Accounts as the risk engine loads them (all, or only `only`), through one client: one transaction covers them. */
async function riskAccounts(client: PoolClient, only: string | null): Promise<RiskAccount[]> {
  const accounts = await client.query<{ id: string; margin_mode: RiskAccount['marginMode']; usdc: string }>(
    `SELECT a.id, a.margin_mode, coalesce(b.amount, 0) AS usdc
     FROM accounts a LEFT JOIN balances b ON b.account_id = a.id AND b.asset = $1
     WHERE $2::uuid IS NULL OR a.id = $2 ORDER BY a.id`,
    [QUOTE_ASSET, only],
  );
  const spot = await client.query<{ account_id: string; asset: string; amount: string }>(
    `SELECT account_id, asset, amount FROM balances
     WHERE asset <> $1 AND amount > 0 AND ($2::uuid IS NULL OR account_id = $2) ORDER BY account_id, asset`,
    [QUOTE_ASSET, only],
  );
  const positions = await client.query<{
    account_id: string;
    market: string;
    size_lots: string;
    cost_ticks_lots: string;
  }>(
    `SELECT account_id, market, size_lots, cost_ticks_lots FROM positions
     WHERE size_lots <> 0 AND ($1::uuid IS NULL OR account_id = $1) ORDER BY account_id, market`,
    [only],
  );
  const orders = await client.query<{
    id: string;
    account_id: string;
    market: string;
    side: Side;
    price_ticks: string | null;
    size_lots: string;
    remaining_lots: string;
    client_order_id: string | null;
  }>(
    `SELECT id, account_id, market, side, coalesce(price_ticks, trigger_price_ticks) AS price_ticks, size_lots,
            remaining_lots, client_order_id
     FROM orders WHERE status = ANY($1::order_status[]) AND ($2::uuid IS NULL OR account_id = $2)
     ORDER BY account_id, market, created_seq`,
    [OPEN_STATUSES, only],
  );
  const byAccount = new Map(
    accounts.rows.map((row) => [
      row.id,
      {
        accountId: row.id,
        marginMode: row.margin_mode,
        collateralMicro: toBigInt(row.usdc),
        spot: [] as RiskAccount['spot'][number][],
        positions: [] as RiskAccount['positions'][number][],
        openOrders: [] as RiskOpenOrder[],
      },
    ]),
  );
  for (const row of spot.rows) {
    byAccount.get(row.account_id)?.spot.push({ asset: row.asset, amount: toBigInt(row.amount) });
  }
  for (const row of positions.rows) {
    byAccount.get(row.account_id)?.positions.push({
      market: row.market,
      position: { sizeLots: toSafeNumber(row.size_lots), costTicksLots: toBigInt(row.cost_ticks_lots) },
    });
  }
  for (const row of orders.rows) {
    if (row.price_ticks === null) throw new Error(`open order ${row.id} has no price`);
    byAccount.get(row.account_id)?.openOrders.push({
      orderId: row.id,
      market: row.market,
      side: row.side,
      priceTicks: toSafeNumber(row.price_ticks),
      sizeLots: toSafeNumber(row.size_lots),
      remainingLots: toSafeNumber(row.remaining_lots),
      clientOrderId: row.client_order_id,
    });
  }
  return [...byAccount.values()];
}
