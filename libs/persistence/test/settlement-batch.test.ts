import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnbalancedJournalError } from '@exchange/ledger';
import {
  accountIdOfLedgerAccount,
  assertWellFormed,
  balanceDeltas,
  InvalidBatchError,
  latestByKey,
  type SettlementBatch,
} from '../src/settlement-batch';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('ledger account names', () => {
  it('maps user accounts to their id and system accounts to null', () => {
    assert.equal(accountIdOfLedgerAccount(`acct:${A}`), A);
    assert.equal(accountIdOfLedgerAccount(`acct:${A.toUpperCase()}`), A);
    assert.equal(accountIdOfLedgerAccount('sys:fees'), null);
    assert.equal(accountIdOfLedgerAccount('sys:clearing:BTC-PERP'), null);
  });

  for (const name of ['acct:', 'acct:not-a-uuid', 'sys:', 'user:1', A, '']) {
    it(`refuses ${JSON.stringify(name)}`, () => assert.throws(() => accountIdOfLedgerAccount(name), InvalidBatchError));
  }
});

describe('balance deltas of journals', () => {
  it('sums user entries per account and asset, drops zero sums, sorts by account', () => {
    const deltas = balanceDeltas([
      {
        reference: 'fill:1',
        kind: 'fill',
        entries: [
          { ledgerAccount: `acct:${B}`, asset: 'USDC', amount: -30n },
          { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 30n },
          { ledgerAccount: `acct:${A}`, asset: 'USDC', amount: -5n },
          { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 5n },
        ],
      },
      {
        reference: 'fill:2',
        kind: 'fill',
        entries: [
          { ledgerAccount: `acct:${A}`, asset: 'USDC', amount: 5n },
          { ledgerAccount: `acct:${B}`, asset: 'USDC', amount: -7n },
          { ledgerAccount: 'sys:clearing:BTC-PERP', asset: 'USDC', amount: 2n },
          { ledgerAccount: `acct:${B}`, asset: 'BTC', amount: 1n },
          { ledgerAccount: 'sys:external', asset: 'BTC', amount: -1n },
        ],
      },
    ]);
    assert.deepEqual(deltas, [
      { accountId: B, asset: 'BTC', amount: 1n },
      { accountId: B, asset: 'USDC', amount: -37n },
    ]);
  });

  it('refuses a journal that does not sum to zero per asset', () => {
    const unbalanced = {
      reference: 'fill:3',
      kind: 'fill' as const,
      entries: [
        { ledgerAccount: `acct:${A}`, asset: 'USDC', amount: -10n },
        { ledgerAccount: 'sys:fees', asset: 'BTC', amount: 10n },
      ],
    };
    assert.throws(() => balanceDeltas([unbalanced]), UnbalancedJournalError);
  });
});

describe('latest state per key', () => {
  it('keeps the highest sequence per key, the later row on a tie, sorted by key', () => {
    const rows = [
      { id: 'b', seq: 2, v: 1 },
      { id: 'a', seq: 5, v: 2 },
      { id: 'b', seq: 7, v: 3 },
      { id: 'a', seq: 3, v: 4 },
      { id: 'c', seq: 1, v: 5 },
      { id: 'c', seq: 1, v: 6 },
    ];
    const latest = latestByKey(
      rows,
      (row) => row.id,
      (row) => row.seq,
    );
    assert.deepEqual(
      latest.map((row) => row.v),
      [2, 3, 6],
    );
  });
});

describe('batch shape', () => {
  const batch: SettlementBatch = {
    consumer: 'settlement',
    streams: [{ stream: 'BTC-PERP', lastSeq: 3 }],
    offsets: [],
    journals: [],
    orders: [],
    positions: [],
    fills: [],
  };

  it('accepts a batch with distinct streams and references', () => assert.doesNotThrow(() => assertWellFormed(batch)));

  const bad: [string, Partial<SettlementBatch>][] = [
    ['no stream', { streams: [] }],
    [
      'a stream twice',
      {
        streams: [
          { stream: 'BTC-PERP', lastSeq: 3 },
          { stream: 'BTC-PERP', lastSeq: 4 },
        ],
      },
    ],
    ['a sequence of 0', { streams: [{ stream: 'BTC-PERP', lastSeq: 0 }] }],
    ['a fractional sequence', { streams: [{ stream: 'BTC-PERP', lastSeq: 1.5 }] }],
    [
      'a journal reference twice',
      {
        journals: [
          { reference: 'fill:1', kind: 'fill', entries: [] },
          { reference: 'fill:1', kind: 'fill', entries: [] },
        ],
      },
    ],
  ];
  for (const [name, change] of bad) {
    it(`refuses ${name}`, () => assert.throws(() => assertWellFormed({ ...batch, ...change }), InvalidBatchError));
  }
});
