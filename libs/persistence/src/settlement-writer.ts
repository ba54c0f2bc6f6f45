import type { ClientBase } from 'pg';
import { type Database, inTransaction } from './database';
import { postJournals } from './ledger-store';
import { toSafeNumber } from './values';
import {
  assertWellFormed,
  type FillRecord,
  InvalidBatchError,
  latestByKey,
  type OffsetCommit,
  type OrderState,
  type PositionState,
  type SettlementBatch,
  type StreamProgress,
} from './settlement-batch';

/** The consumer name settlement records its sequences and offsets under (read back by the risk service). */
export const SETTLEMENT_CONSUMER = 'settlement';

/** Microseconds since the epoch as timestamptz, exact (a bigint times an interval). */
const FROM_MICROS = (column: string): string => `'epoch'::timestamptz + ${column} * interval '1 microsecond'`;

/**
 * Writes what a batch of matching events changed (see SettlementBatch) in ONE transaction together
 * with the last applied sequence per stream and the consumer offsets: after a crash, either all of
 * it is in Postgres or none of it, and a replay of an applied batch is recognised and skipped.
 */
export class SettlementWriter {
  constructor(private readonly database: Database) {}

  /**
   * Applies the batch and returns true, or returns false without writing when every stream's
   * applied sequence already reaches the batch's `lastSeq` (a replay). A batch in which some
   * streams are applied and others are not cannot come from a replay of the same events and is
   * refused, as is an unbalanced journal; either way nothing is written.
   */
  async applyBatch(batch: SettlementBatch): Promise<boolean> {
    assertWellFormed(batch);
    return inTransaction(this.database.pool, async (client) => {
      const applied = await lockStreams(client, batch.consumer, batch.streams);
      const pending = batch.streams.filter(({ stream, lastSeq }) => (applied.get(stream) ?? 0) < lastSeq);
      if (pending.length === 0) return false;
      if (pending.length !== batch.streams.length) {
        const done = batch.streams.filter((progress) => !pending.includes(progress)).map((p) => p.stream);
        throw new InvalidBatchError(`streams ${done.join(', ')} are already applied but others are not`);
      }
      await postJournals(client, batch.journals);
      await upsertPositions(client, batch.positions);
      await upsertOrders(client, batch.orders);
      await insertFills(client, batch.fills);
      await recordProgress(client, batch.consumer, batch.streams, batch.offsets);
      return true;
    });
  }
}

/** Creates missing sequence rows and locks all of them, so concurrent writers of a stream queue up. */
async function lockStreams(
  client: ClientBase,
  consumer: string,
  streams: readonly StreamProgress[],
): Promise<Map<string, number>> {
  const result = await client.query<{ stream: string; last_seq: string }>(
    `INSERT INTO applied_sequences (consumer, stream, last_seq)
     SELECT $1, stream, 0 FROM unnest($2::text[]) AS stream ORDER BY stream
     ON CONFLICT (consumer, stream) DO UPDATE SET consumer = EXCLUDED.consumer
     RETURNING stream, last_seq`,
    [consumer, streams.map((progress) => progress.stream)],
  );
  return new Map(result.rows.map((row) => [row.stream, toSafeNumber(row.last_seq)]));
}

async function upsertPositions(client: ClientBase, positions: readonly PositionState[]): Promise<void> {
  const rows = latestByKey(
    positions,
    (p) => `${p.accountId}|${p.market}`,
    (p) => p.updatedSeq,
  );
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO positions (account_id, market, size_lots, cost_ticks_lots, realized_pnl, updated_seq)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::numeric[], $5::numeric[], $6::bigint[])
     ON CONFLICT (account_id, market) DO UPDATE SET
       size_lots = EXCLUDED.size_lots,
       cost_ticks_lots = EXCLUDED.cost_ticks_lots,
       realized_pnl = EXCLUDED.realized_pnl,
       updated_seq = EXCLUDED.updated_seq`,
    [
      rows.map((p) => p.accountId),
      rows.map((p) => p.market),
      rows.map((p) => p.sizeLots),
      rows.map((p) => p.costTicksLots.toString()),
      rows.map((p) => p.realizedPnl.toString()),
      rows.map((p) => p.updatedSeq),
    ],
  );
}

async function upsertOrders(client: ClientBase, orders: readonly OrderState[]): Promise<void> {
  const rows = latestByKey(
    orders,
    (o) => o.orderId,
    (o) => o.updatedSeq,
  );
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO orders (id, account_id, client_order_id, market, side, type, time_in_force, price_ticks,
       size_lots, filled_lots, remaining_lots, status, done_reason, reject_code, created_seq, updated_seq,
       created_at, updated_at, trigger_kind, trigger_reference, trigger_price_ticks, triggered_at, expires_at,
       post_only, reduce_only)
     SELECT o.id, o.account_id, o.client_order_id, o.market, o.side, o.type, o.time_in_force, o.price_ticks,
       o.size_lots, o.filled_lots, o.remaining_lots, o.status, o.done_reason, o.reject_code, o.created_seq,
       o.updated_seq, ${FROM_MICROS('o.created_at_us')}, ${FROM_MICROS('o.updated_at_us')}, o.trigger_kind,
       o.trigger_reference, o.trigger_price_ticks, ${FROM_MICROS('o.triggered_at_us')},
       ${FROM_MICROS('o.expires_at_us')}, o.post_only, o.reduce_only
     FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::side[], $6::order_type[],
       $7::time_in_force[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::order_status[],
       $13::text[], $14::text[], $15::bigint[], $16::bigint[], $17::bigint[], $18::bigint[], $19::trigger_kind[],
       $20::trigger_reference[], $21::bigint[], $22::bigint[], $23::bigint[], $24::post_only_mode[], $25::boolean[])
       AS o(id, account_id, client_order_id, market, side, type, time_in_force, price_ticks, size_lots,
         filled_lots, remaining_lots, status, done_reason, reject_code, created_seq, updated_seq, created_at_us,
         updated_at_us, trigger_kind, trigger_reference, trigger_price_ticks, triggered_at_us, expires_at_us,
         post_only, reduce_only)
     ON CONFLICT (id) DO UPDATE SET
       price_ticks = EXCLUDED.price_ticks,
       size_lots = EXCLUDED.size_lots,
       filled_lots = EXCLUDED.filled_lots,
       remaining_lots = EXCLUDED.remaining_lots,
       status = EXCLUDED.status,
       done_reason = EXCLUDED.done_reason,
       reject_code = EXCLUDED.reject_code,
       updated_seq = EXCLUDED.updated_seq,
       updated_at = EXCLUDED.updated_at,
       triggered_at = EXCLUDED.triggered_at`,
    [
      rows.map((o) => o.orderId),
      rows.map((o) => o.accountId),
      rows.map((o) => o.clientOrderId),
      rows.map((o) => o.market),
      rows.map((o) => o.side),
      rows.map((o) => o.type),
      rows.map((o) => o.timeInForce),
      rows.map((o) => o.priceTicks),
      rows.map((o) => o.sizeLots),
      rows.map((o) => o.filledLots),
      rows.map((o) => o.remainingLots),
      rows.map((o) => o.status),
      rows.map((o) => o.doneReason),
      rows.map((o) => o.rejectCode ?? null),
      rows.map((o) => o.createdSeq),
      rows.map((o) => o.updatedSeq),
      rows.map((o) => o.createdAtUs),
      rows.map((o) => o.updatedAtUs),
      rows.map((o) => o.trigger?.kind ?? null),
      rows.map((o) => o.trigger?.reference ?? null),
      rows.map((o) => o.trigger?.priceTicks ?? null),
      rows.map((o) => o.triggeredAtUs ?? null),
      rows.map((o) => o.expiresAtUs ?? null),
      rows.map((o) => o.postOnly ?? null),
      rows.map((o) => o.reduceOnly ?? false),
    ],
  );
}

async function insertFills(client: ClientBase, fills: readonly FillRecord[]): Promise<void> {
  if (fills.length === 0) return;
  await client.query(
    `INSERT INTO fills (trade_id, liquidity, market, account_id, order_id, side, price_ticks, size_lots, fee,
       realized_pnl, seq, created_at)
     SELECT f.trade_id, f.liquidity, f.market, f.account_id, f.order_id, f.side, f.price_ticks, f.size_lots,
       f.fee, f.realized_pnl, f.seq, ${FROM_MICROS('f.timestamp_us')}
     FROM unnest($1::text[], $2::liquidity[], $3::text[], $4::uuid[], $5::text[], $6::side[], $7::bigint[],
       $8::bigint[], $9::numeric[], $10::numeric[], $11::bigint[], $12::bigint[])
       AS f(trade_id, liquidity, market, account_id, order_id, side, price_ticks, size_lots, fee, realized_pnl,
         seq, timestamp_us)`,
    [
      fills.map((f) => f.tradeId),
      fills.map((f) => f.liquidity),
      fills.map((f) => f.market),
      fills.map((f) => f.accountId),
      fills.map((f) => f.orderId),
      fills.map((f) => f.side),
      fills.map((f) => f.priceTicks),
      fills.map((f) => f.sizeLots),
      fills.map((f) => f.fee.toString()),
      fills.map((f) => f.realizedPnl.toString()),
      fills.map((f) => f.seq),
      fills.map((f) => f.timestampUs),
    ],
  );
}

async function recordProgress(
  client: ClientBase,
  consumer: string,
  streams: readonly StreamProgress[],
  offsets: readonly OffsetCommit[],
): Promise<void> {
  await client.query(
    `UPDATE applied_sequences AS applied SET last_seq = s.last_seq, updated_at = now()
     FROM unnest($2::text[], $3::bigint[]) AS s(stream, last_seq)
     WHERE applied.consumer = $1 AND applied.stream = s.stream`,
    [consumer, streams.map((s) => s.stream), streams.map((s) => s.lastSeq)],
  );
  const rows = latestByKey(
    offsets,
    (o) => `${o.topic}|${o.partition}`,
    () => 0,
  ); // the later one wins
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO consumer_offsets (consumer, topic, partition, next_offset)
     SELECT $1, o.topic, o.partition, o.next_offset
     FROM unnest($2::text[], $3::int[], $4::bigint[]) AS o(topic, partition, next_offset)
     ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
    [consumer, rows.map((o) => o.topic), rows.map((o) => o.partition), rows.map((o) => o.nextOffset)],
  );
}
