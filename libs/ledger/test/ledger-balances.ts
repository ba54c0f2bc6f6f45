import type { Journal } from '@exchange/ledger';

/** Running balances per ledger account and asset, folded from journals the way settlement posts them. */
export class LedgerBalances {
  private readonly balances = new Map<string, bigint>();

  post(journal: Journal): void {
    for (const entry of journal.entries) {
      const key = `${entry.ledgerAccount}|${entry.asset}`;
      this.balances.set(key, this.balance(entry.ledgerAccount, entry.asset) + entry.amount);
    }
  }

  balance(ledgerAccount: string, asset: string): bigint {
    return this.balances.get(`${ledgerAccount}|${asset}`) ?? 0n;
  }

  /** Sum over the ledger accounts whose name passes `include`. */
  total(asset: string, include: (ledgerAccount: string) => boolean = () => true): bigint {
    let total = 0n;
    for (const [key, amount] of this.balances) {
      const [ledgerAccount, keyAsset] = key.split('|');
      if (keyAsset === asset && include(ledgerAccount)) total += amount;
    }
    return total;
  }
}
