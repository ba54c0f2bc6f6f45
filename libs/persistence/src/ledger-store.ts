import type { ClientBase } from 'pg';
import { accountIdOfLedgerAccount, balanceDeltas, type JournalRecord } from './settlement-batch';

/**
 * Inserts journals with their entries and adds the user entries to `balances`, inside the caller's
 * transaction: a balance always equals the sum of its account's ledger entries. Rejects (throws)
 * unbalanced journals before writing anything. Multi-row statements: two round trips however
 * many journals.
 */
export async function postJournals(client: ClientBase, journals: readonly JournalRecord[]): Promise<void> {
  if (journals.length === 0) return;
  const deltas = balanceDeltas(journals);
  const entries = journals.flatMap((journal) =>
    journal.entries.map((entry) => ({ reference: journal.reference, ...entry })),
  );
  await client.query(
    `WITH journal AS (
       INSERT INTO ledger_journals (reference, kind, market, seq)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       RETURNING id, reference
     )
     INSERT INTO ledger_entries (journal_id, ledger_account, account_id, asset, amount)
     SELECT journal.id, e.ledger_account, e.account_id, e.asset, e.amount
     FROM unnest($5::text[], $6::text[], $7::uuid[], $8::text[], $9::numeric[])
       WITH ORDINALITY AS e(reference, ledger_account, account_id, asset, amount, position)
     JOIN journal USING (reference)
     ORDER BY e.position`,
    [
      journals.map((journal) => journal.reference),
      journals.map((journal) => journal.kind),
      journals.map((journal) => journal.market ?? null),
      journals.map((journal) => journal.seq ?? null),
      entries.map((entry) => entry.reference),
      entries.map((entry) => entry.ledgerAccount),
      entries.map((entry) => accountIdOfLedgerAccount(entry.ledgerAccount)),
      entries.map((entry) => entry.asset),
      entries.map((entry) => entry.amount.toString()),
    ],
  );
  if (deltas.length === 0) return;
  await client.query(
    `INSERT INTO balances (account_id, asset, amount, updated_at)
     SELECT d.account_id, d.asset, d.amount, now()
     FROM unnest($1::uuid[], $2::text[], $3::numeric[]) AS d(account_id, asset, amount)
     ON CONFLICT (account_id, asset)
     DO UPDATE SET amount = balances.amount + EXCLUDED.amount, updated_at = EXCLUDED.updated_at`,
    [
      deltas.map((delta) => delta.accountId),
      deltas.map((delta) => delta.asset),
      deltas.map((delta) => delta.amount.toString()),
    ],
  );
}
