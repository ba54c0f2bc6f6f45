import { depositJournal } from '@exchange/ledger';
import { type Database, inTransaction } from './database';
import { postJournals } from './ledger-store';

export interface Deposit {
  /** Unique per deposit, e.g. "deposit:<chain tx id>"; a second deposit with it is ignored. */
  readonly reference: string;
  readonly accountId: string;
  readonly asset: string;
  /** Minimal units, positive. */
  readonly amount: bigint;
}

/**
 * Credits a deposit: a journal sys:external -> acct:<accountId> and the balance it changes, in one
 * transaction. Returns false, changing nothing, when the reference was already posted.
 */
export async function recordDeposit(database: Database, deposit: Deposit): Promise<boolean> {
  const journal = depositJournal(deposit.reference, deposit.accountId, deposit.asset, deposit.amount);
  return inTransaction(database.pool, async (client) => {
    const existing = await client.query('SELECT 1 FROM ledger_journals WHERE reference = $1', [deposit.reference]);
    if (existing.rowCount) return false;
    await postJournals(client, [journal]);
    return true;
  });
}
