import { MATCHING_EVENTS } from '@exchange/contracts';
import type {
  DoneReason,
  OrderType,
  PostOnlyMode,
  Side,
  TimeInForce,
  TriggerKind,
  TriggerReference,
} from '@exchange/domain';
import { type Database, inTransaction } from './database';
import type { OrderState, PositionState } from './settlement-batch';
import { SETTLEMENT_CONSUMER } from './settlement-writer';
import { toBigInt, toSafeNumber } from './values';

/** What settlement resumes from: its own last committed state, read in one snapshot. */
export interface SettlementStart {
  readonly openOrders: readonly OrderState[];
  readonly positions: readonly PositionState[];
  readonly appliedSequences: Readonly<Record<string, number>>;
  /** Next offset per partition of matching.events. */
  readonly nextOffsets: Readonly<Record<number, string>>;
}

interface OrderRow {
  id: string;
  account_id: string;
  client_order_id: string | null;
  market: string;
  side: Side;
  type: OrderType;
  time_in_force: TimeInForce;
  price_ticks: string | null;
  size_lots: string;
  filled_lots: string;
  remaining_lots: string;
  status: OrderState['status'];
  done_reason: DoneReason | null;
  created_seq: string;
  updated_seq: string;
  created_at_us: string;
  updated_at_us: string;
  trigger_kind: TriggerKind | null;
  trigger_reference: TriggerReference | null;
  trigger_price_ticks: string | null;
  triggered_at_us: string | null;
  expires_at_us: string | null;
  post_only: PostOnlyMode | null;
  reduce_only: boolean;
}

/** Microseconds since the epoch of a timestamptz column, exact, as `<name>_us`. */
const MICROS = (column: string): string => `(extract(epoch FROM ${column}) * 1000000)::bigint AS ${column}_us`;
const nullableNumber = (value: string | null): number | null => (value === null ? null : toSafeNumber(value));

function orderState(row: OrderRow): OrderState {
  return {
    orderId: row.id,
    accountId: row.account_id,
    clientOrderId: row.client_order_id,
    market: row.market,
    side: row.side,
    type: row.type,
    timeInForce: row.time_in_force,
    priceTicks: nullableNumber(row.price_ticks),
    sizeLots: toSafeNumber(row.size_lots),
    filledLots: toSafeNumber(row.filled_lots),
    remainingLots: toSafeNumber(row.remaining_lots),
    status: row.status,
    doneReason: row.done_reason,
    createdSeq: toSafeNumber(row.created_seq),
    updatedSeq: toSafeNumber(row.updated_seq),
    createdAtUs: toSafeNumber(row.created_at_us),
    updatedAtUs: toSafeNumber(row.updated_at_us),
    trigger:
      row.trigger_kind === null || row.trigger_reference === null || row.trigger_price_ticks === null
        ? null
        : {
            kind: row.trigger_kind,
            reference: row.trigger_reference,
            priceTicks: toSafeNumber(row.trigger_price_ticks),
          },
    triggeredAtUs: nullableNumber(row.triggered_at_us),
    expiresAtUs: nullableNumber(row.expires_at_us),
    postOnly: row.post_only,
    reduceOnly: row.reduce_only,
  };
}

export async function loadSettlementStart(database: Database): Promise<SettlementStart> {
  return inTransaction(
    database.pool,
    async (client) => {
      const orders = await client.query<OrderRow>(
        `SELECT id, account_id, client_order_id, market, side, type, time_in_force, price_ticks, size_lots,
                filled_lots, remaining_lots, status, done_reason, created_seq, updated_seq, ${MICROS('created_at')},
                ${MICROS('updated_at')}, trigger_kind, trigger_reference, trigger_price_ticks, ${MICROS('triggered_at')},
                ${MICROS('expires_at')}, post_only, reduce_only
           FROM orders WHERE status IN ('open', 'partially_filled') ORDER BY created_seq`,
      );
      const positions = await client.query<{
        account_id: string;
        market: string;
        size_lots: string;
        cost_ticks_lots: string;
        realized_pnl: string;
        updated_seq: string;
      }>('SELECT account_id, market, size_lots, cost_ticks_lots, realized_pnl, updated_seq FROM positions');
      const sequences = await client.query<{ stream: string; last_seq: string }>(
        'SELECT stream, last_seq FROM applied_sequences WHERE consumer = $1',
        [SETTLEMENT_CONSUMER],
      );
      const offsets = await client.query<{ partition: number; next_offset: string }>(
        'SELECT partition, next_offset FROM consumer_offsets WHERE consumer = $1 AND topic = $2',
        [SETTLEMENT_CONSUMER, MATCHING_EVENTS.name],
      );
      return {
        openOrders: orders.rows.map(orderState),
        positions: positions.rows.map((row) => ({
          accountId: row.account_id,
          market: row.market,
          sizeLots: toSafeNumber(row.size_lots),
          costTicksLots: toBigInt(row.cost_ticks_lots),
          realizedPnl: toBigInt(row.realized_pnl),
          updatedSeq: toSafeNumber(row.updated_seq),
        })),
        appliedSequences: Object.fromEntries(sequences.rows.map((row) => [row.stream, toSafeNumber(row.last_seq)])),
        nextOffsets: Object.fromEntries(offsets.rows.map((row) => [row.partition, row.next_offset])),
      };
    },
    { isolation: 'REPEATABLE READ', readOnly: true },
  );
}
