export type JournalKind = 'deposit' | 'withdrawal' | 'fill';

/** One leg of a journal: positive credits the ledger account, negative debits it. */
export interface LedgerEntry {
  readonly ledgerAccount: string;
  readonly asset: string;
  readonly amount: bigint;
}

/** A double-entry posting: its entries sum to zero per asset. */
export interface Journal {
  /** Unique per business event (e.g. `fill:<tradeId>`), so settlement can apply it once. */
  readonly reference: string;
  readonly kind: JournalKind;
  readonly entries: readonly LedgerEntry[];
}

export class UnbalancedJournalError extends Error {}

export function assertBalanced(journal: Journal): void {
  const totals = new Map<string, bigint>();
  for (const entry of journal.entries) totals.set(entry.asset, (totals.get(entry.asset) ?? 0n) + entry.amount);
  for (const [asset, total] of totals) {
    if (total !== 0n) throw new UnbalancedJournalError(`journal ${journal.reference}: ${asset} sums to ${total}`);
  }
}

/** Moves `amount` from one ledger account to another; a zero amount posts nothing. */
export function transfer(from: string, to: string, asset: string, amount: bigint): LedgerEntry[] {
  if (amount === 0n) return [];
  return [
    { ledgerAccount: from, asset, amount: -amount },
    { ledgerAccount: to, asset, amount },
  ];
}
