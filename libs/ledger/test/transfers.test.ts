import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnbalancedJournalError, assertBalanced, depositJournal, withdrawalJournal } from '@exchange/ledger';

describe('deposits and withdrawals', () => {
  it('a deposit moves money from sys:external to the user', () => {
    const journal = depositJournal('dep-1', 'A', 'USDC', 1_500_000n);
    assert.deepEqual(journal, {
      reference: 'dep-1',
      kind: 'deposit',
      entries: [
        { ledgerAccount: 'sys:external', asset: 'USDC', amount: -1_500_000n },
        { ledgerAccount: 'acct:A', asset: 'USDC', amount: 1_500_000n },
      ],
    });
    assertBalanced(journal);
  });

  it('a withdrawal moves money from the user to sys:external', () => {
    const journal = withdrawalJournal('wd-1', 'A', 'BTC', 25n);
    assert.deepEqual(journal, {
      reference: 'wd-1',
      kind: 'withdrawal',
      entries: [
        { ledgerAccount: 'acct:A', asset: 'BTC', amount: -25n },
        { ledgerAccount: 'sys:external', asset: 'BTC', amount: 25n },
      ],
    });
    assertBalanced(journal);
  });

  it('refuses zero and negative amounts', () => {
    assert.throws(() => depositJournal('d', 'A', 'USDC', 0n), RangeError);
    assert.throws(() => withdrawalJournal('w', 'A', 'USDC', -1n), RangeError);
  });
});

describe('assertBalanced', () => {
  it('checks each asset separately', () => {
    const crossAsset = {
      reference: 'bad',
      kind: 'deposit' as const,
      entries: [
        { ledgerAccount: 'acct:A', asset: 'USDC', amount: 5n },
        { ledgerAccount: 'acct:B', asset: 'BTC', amount: -5n },
      ],
    };
    assert.throws(() => assertBalanced(crossAsset), UnbalancedJournalError);
  });
});
