/**
 * Ledger account names. A trader's money lives under `acct:<accountId>`; the exchange's own
 * accounts under `sys:`. Names are plain strings so settlement can store them as they are.
 */

/** Trading fees collected. */
export const SYS_FEES = 'sys:fees';

/** The insurance fund. */
export const SYS_INSURANCE = 'sys:insurance';

/** The world outside the exchange: counterparty of deposits and withdrawals. */
export const SYS_EXTERNAL = 'sys:external';

export function userLedgerAccount(accountId: string): string {
  return `acct:${accountId}`;
}

/**
 * Counterparty of realized PnL in one market. It holds minus the realized PnL of all the market's
 * traders, which returns to exactly 0 when everybody is flat.
 */
export function clearingLedgerAccount(market: string): string {
  return `sys:clearing:${market}`;
}
