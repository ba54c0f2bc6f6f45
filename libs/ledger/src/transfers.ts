import { SYS_EXTERNAL, userLedgerAccount } from './accounts';
import { type Journal, transfer } from './journal';

function assertPositive(amount: bigint): void {
  if (amount <= 0n) throw new RangeError(`transfer amount must be positive: ${amount}`);
}

/** Money entering the exchange: sys:external -> the user's account. */
export function depositJournal(reference: string, accountId: string, asset: string, amount: bigint): Journal {
  assertPositive(amount);
  return { reference, kind: 'deposit', entries: transfer(SYS_EXTERNAL, userLedgerAccount(accountId), asset, amount) };
}

/** Money leaving the exchange: the user's account -> sys:external. */
export function withdrawalJournal(reference: string, accountId: string, asset: string, amount: bigint): Journal {
  assertPositive(amount);
  return {
    reference,
    kind: 'withdrawal',
    entries: transfer(userLedgerAccount(accountId), SYS_EXTERNAL, asset, amount),
  };
}
