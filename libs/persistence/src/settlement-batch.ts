import type { OrderTrigger } from '@exchange/contracts';
import type { DoneReason, OrderStatus, OrderType, PostOnlyMode, Side, TimeInForce } from '@exchange/domain';
import { assertBalanced, type Journal } from '@exchange/ledger';
import { isUuid } from './values';

/**
 * The input of SettlementWriter.applyBatch: plain data (strings, numbers, bigints) describing what
 * one Kafka batch of matching events changed, written in one transaction. Lots, ticks and sequences
 * are numbers (the engines keep them below 2^53); money is bigint in minimal units; Kafka offsets
 * are decimal strings, as kafkajs reports them.
 */

/** A ledger journal as @exchange/ledger builds it, optionally tagged with the market event behind it. */
export interface JournalRecord extends Journal {
  readonly market?: string | null;
  readonly seq?: number | null;
}

/** An order's absolute state after the batch. Inserted if new, otherwise its mutable fields are replaced. */
export interface OrderState {
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  readonly filledLots: number;
  readonly remainingLots: number;
  /** Orders reach the database once the matching engine accepted them: never 'pending'. */
  readonly status: Exclude<OrderStatus, 'pending'>;
  readonly doneReason: DoneReason | null;
  readonly rejectCode?: string | null;
  readonly createdSeq: number;
  readonly updatedSeq: number;
  /** Engine times (microseconds since the epoch) of the events at createdSeq and updatedSeq. */
  readonly createdAtUs: number;
  readonly updatedAtUs: number;
  /**
   * The order's options; absent or null on a plain order. A conditional order (with `trigger`)
   * waits off the book, status 'open', until `triggeredAtUs` is set.
   */
  readonly trigger?: OrderTrigger | null;
  readonly triggeredAtUs?: number | null;
  /** GTD orders: the engine time they expire at. */
  readonly expiresAtUs?: number | null;
  readonly postOnly?: PostOnlyMode | null;
  readonly reduceOnly?: boolean;
}

/** An account's absolute position in a market after the batch. */
export interface PositionState {
  readonly accountId: string;
  readonly market: string;
  /** Signed: positive long, negative short. */
  readonly sizeLots: number;
  /** Signed entry cost of the open size, ticks x lots. */
  readonly costTicksLots: bigint;
  /** Realized PnL over the position's life, micro-USDC. */
  readonly realizedPnl: bigint;
  readonly updatedSeq: number;
}

/** One side of one trade. */
export interface FillRecord {
  readonly tradeId: string;
  readonly liquidity: 'maker' | 'taker';
  readonly market: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly sizeLots: number;
  readonly fee: bigint;
  readonly realizedPnl: bigint;
  readonly seq: number;
  readonly timestampUs: number;
}

/** The highest event sequence of one input stream (a market) that the batch covers. */
export interface StreamProgress {
  readonly stream: string;
  readonly lastSeq: number;
}

/** Where the consumer resumes reading a partition once the batch is committed. */
export interface OffsetCommit {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

export interface SettlementBatch {
  /** Consumer name the sequences and offsets are recorded under, e.g. 'settlement'. */
  readonly consumer: string;
  /** One entry per stream the batch read; the batch is skipped when every one is already applied. */
  readonly streams: readonly StreamProgress[];
  readonly offsets: readonly OffsetCommit[];
  readonly journals: readonly JournalRecord[];
  readonly orders: readonly OrderState[];
  readonly positions: readonly PositionState[];
  readonly fills: readonly FillRecord[];
}

export class InvalidBatchError extends Error {}

/**
 * The account a ledger account belongs to: `acct:<uuid>` is a user's, `sys:<name>` the exchange's
 * (null). Anything else is refused rather than stored under a name nobody reconciles.
 */
export function accountIdOfLedgerAccount(ledgerAccount: string): string | null {
  if (ledgerAccount.startsWith('sys:') && ledgerAccount.length > 4) return null;
  const accountId = ledgerAccount.startsWith('acct:') ? ledgerAccount.slice(5) : '';
  if (!isUuid(accountId)) throw new InvalidBatchError(`ledger account ${JSON.stringify(ledgerAccount)} is malformed`);
  return accountId.toLowerCase();
}

export interface BalanceDelta {
  readonly accountId: string;
  readonly asset: string;
  readonly amount: bigint;
}

/**
 * Checks every journal balances per asset and names valid ledger accounts, then sums the user
 * entries into one balance change per account and asset (zero sums dropped), sorted so that
 * concurrent writers lock balance rows in the same order.
 */
export function balanceDeltas(journals: readonly JournalRecord[]): BalanceDelta[] {
  const totals = new Map<string, BalanceDelta>();
  for (const journal of journals) {
    assertBalanced(journal);
    for (const entry of journal.entries) {
      const accountId = accountIdOfLedgerAccount(entry.ledgerAccount);
      if (accountId === null) continue;
      const key = `${accountId}|${entry.asset}`;
      const amount = (totals.get(key)?.amount ?? 0n) + entry.amount;
      totals.set(key, { accountId, asset: entry.asset, amount });
    }
  }
  return [...totals.entries()]
    .filter(([, delta]) => delta.amount !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta);
}

/**
 * One state per key, the one with the highest sequence (the later one on a tie), sorted by key:
 * a multi-row upsert may touch each row once only, and a fixed order avoids deadlocks.
 */
export function latestByKey<T>(rows: readonly T[], keyOf: (row: T) => string, seqOf: (row: T) => number): T[] {
  const latest = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const current = latest.get(key);
    if (current === undefined || seqOf(row) >= seqOf(current)) latest.set(key, row);
  }
  return [...latest.keys()].sort().map((key) => latest.get(key) as T);
}

/** Rejects batches the idempotency check could not guard. */
export function assertWellFormed(batch: SettlementBatch): void {
  if (batch.streams.length === 0) throw new InvalidBatchError('a batch names at least one stream');
  const names = new Set(batch.streams.map((progress) => progress.stream));
  if (names.size !== batch.streams.length) throw new InvalidBatchError('a stream appears twice in one batch');
  for (const { stream, lastSeq } of batch.streams) {
    if (!Number.isSafeInteger(lastSeq) || lastSeq < 1) throw new InvalidBatchError(`${stream}: lastSeq ${lastSeq}`);
  }
  const references = new Set(batch.journals.map((journal) => journal.reference));
  if (references.size !== batch.journals.length) throw new InvalidBatchError('a journal reference appears twice');
}
