/**
 * SettlementWriter and the reads that follow it, against a real Postgres: a batch is applied once
 * and its replay skipped; balances always equal the sum of their ledger entries; a bad batch leaves
 * no trace; the risk snapshot is one consistent picture even while settlement writes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { DATABASE, readConfig } from '@exchange/config';
import { UnbalancedJournalError } from '@exchange/ledger';
import {
  AccountRepository,
  createDatabase,
  createTestAccount,
  type Database,
  databaseName,
  dropDatabase,
  InvalidBatchError,
  loadSettlementStart,
  migrate,
  type OrderState,
  SETTLEMENT_CONSUMER,
  type SettlementBatch,
  SettlementWriter,
  withDatabaseName,
} from '@exchange/persistence';
import { seed } from '../../tools/seed';

const URL = withDatabaseName(readConfig(DATABASE, process.env).DATABASE_URL, 'exchange_test_persistence_settlement');
const DEPOSIT = 1_000_000_000_000n; // 1,000,000 USDC
const T0_US = 1_764_100_000_123_456;

let database: Database;
let writer: SettlementWriter;
let accounts: AccountRepository;
let alice: string;
let bob: string;

before(async () => {
  await dropDatabase(URL);
  await migrate(URL);
  // A server-side time zone other than UTC must not shift timestamps read through Prisma.
  await withClientOf(URL, (client) =>
    client.query(`ALTER DATABASE ${databaseName(URL)} SET TimeZone = 'Asia/Kolkata'`),
  );
  await seed(URL, { demoAccounts: false, log: () => undefined });
  database = createDatabase(URL);
  writer = new SettlementWriter(database);
  accounts = new AccountRepository(database);
  alice = (await createTestAccount(database, { name: 'alice', depositUsdc: '1000000' })).accountId;
  bob = (await createTestAccount(database, { name: 'bob', depositUsdc: '1000000' })).accountId;
});

after(async () => {
  await database?.close();
  await dropDatabase(URL);
});

/**
 * Alice's resting buy of 10 lots at 100000 ticks (order a-1, seq 1) meets Bob's IOC sell of 4 lots
 * (b-1, seq 2): trade BTC-PERP-3 at seq 3, Alice pays a 100 maker fee, Bob a 250 taker fee.
 */
function firstBatch(): SettlementBatch {
  const order = {
    market: 'BTC-PERP',
    clientOrderId: null,
    type: 'limit',
    doneReason: null,
  } as const;
  return {
    consumer: SETTLEMENT_CONSUMER,
    streams: [{ stream: 'BTC-PERP', lastSeq: 3 }],
    offsets: [{ topic: 'matching.events', partition: 2, nextOffset: '41' }],
    journals: [
      {
        reference: 'fill:BTC-PERP-3',
        kind: 'fill',
        market: 'BTC-PERP',
        seq: 3,
        entries: [
          { ledgerAccount: `acct:${alice}`, asset: 'USDC', amount: -100n },
          { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 100n },
          { ledgerAccount: `acct:${bob}`, asset: 'USDC', amount: -250n },
          { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 250n },
        ],
      },
    ],
    orders: [
      // an earlier state of a-1 in the same batch: the later one must win
      {
        ...order,
        orderId: 'a-1',
        accountId: alice,
        clientOrderId: 'alice-1',
        side: 'buy',
        timeInForce: 'GTC',
        priceTicks: 100_000,
        sizeLots: 10,
        filledLots: 0,
        remainingLots: 10,
        status: 'open',
        createdSeq: 1,
        updatedSeq: 1,
        createdAtUs: T0_US,
        updatedAtUs: T0_US,
      },
      {
        ...order,
        orderId: 'b-1',
        accountId: bob,
        side: 'sell',
        timeInForce: 'IOC',
        priceTicks: 99_000,
        sizeLots: 4,
        filledLots: 4,
        remainingLots: 0,
        status: 'filled',
        doneReason: 'filled',
        createdSeq: 2,
        updatedSeq: 3,
        createdAtUs: T0_US + 500,
        updatedAtUs: T0_US + 1000,
      },
      {
        ...order,
        orderId: 'a-1',
        accountId: alice,
        clientOrderId: 'alice-1',
        side: 'buy',
        timeInForce: 'GTC',
        priceTicks: 100_000,
        sizeLots: 10,
        filledLots: 4,
        remainingLots: 6,
        status: 'partially_filled',
        createdSeq: 1,
        updatedSeq: 3,
        createdAtUs: T0_US,
        updatedAtUs: T0_US + 1000,
      },
    ],
    positions: [
      { accountId: alice, market: 'BTC-PERP', sizeLots: 4, costTicksLots: 400_000n, realizedPnl: 0n, updatedSeq: 3 },
      { accountId: bob, market: 'BTC-PERP', sizeLots: -4, costTicksLots: -400_000n, realizedPnl: 0n, updatedSeq: 3 },
    ],
    fills: [
      {
        tradeId: 'BTC-PERP-3',
        liquidity: 'maker',
        market: 'BTC-PERP',
        accountId: alice,
        orderId: 'a-1',
        side: 'buy',
        priceTicks: 100_000,
        sizeLots: 4,
        fee: 100n,
        realizedPnl: 0n,
        seq: 3,
        timestampUs: T0_US + 1000,
      },
      {
        tradeId: 'BTC-PERP-3',
        liquidity: 'taker',
        market: 'BTC-PERP',
        accountId: bob,
        orderId: 'b-1',
        side: 'sell',
        priceTicks: 100_000,
        sizeLots: 4,
        fee: 250n,
        realizedPnl: 0n,
        seq: 3,
        timestampUs: T0_US + 1000,
      },
    ],
  };
}

/** A row count of every table settlement writes: what a skipped or rolled-back batch must not change. */
async function footprint(): Promise<Record<string, unknown>> {
  const { rows } = await database.pool.query(`
    SELECT (SELECT count(*) FROM ledger_journals) AS journals, (SELECT count(*) FROM ledger_entries) AS entries,
      (SELECT count(*) FROM fills) AS fills, (SELECT count(*) FROM orders) AS orders,
      (SELECT json_agg(p ORDER BY p.account_id) FROM positions p) AS positions,
      (SELECT json_agg(b ORDER BY b.account_id, b.asset) FROM (SELECT account_id, asset, amount FROM balances) b) AS balances,
      (SELECT json_agg(s ORDER BY s.stream) FROM (SELECT stream, last_seq FROM applied_sequences) s) AS sequences,
      (SELECT json_agg(o ORDER BY o.partition) FROM consumer_offsets o) AS offsets`);
  return rows[0] as Record<string, unknown>;
}

/** Every balance equals the sum of its account's ledger entries, and every asset sums to zero overall. */
async function assertLedgerReconciles(): Promise<void> {
  const { rows } = await database.pool.query(`
    SELECT coalesce(b.account_id, e.account_id) AS account_id, coalesce(b.asset, e.asset) AS asset,
      b.amount AS balance, e.total AS entries
    FROM balances b
    FULL JOIN (SELECT account_id, asset, sum(amount) AS total FROM ledger_entries
               WHERE account_id IS NOT NULL GROUP BY account_id, asset) e
      ON e.account_id = b.account_id AND e.asset = b.asset
    WHERE b.amount IS DISTINCT FROM e.total`);
  assert.deepEqual(rows, [], 'balances that differ from their ledger entries');
  const totals = await database.pool.query(
    'SELECT asset, sum(amount)::text AS total FROM ledger_entries GROUP BY asset',
  );
  assert.deepEqual(totals.rows, [{ asset: 'USDC', total: '0' }]);
}

describe('SettlementWriter', () => {
  it('applies a batch: ledger, balances, orders, positions, fills, sequence and offsets', async () => {
    assert.equal(await writer.applyBatch(firstBatch()), true);
    assert.deepEqual(await accounts.balances(alice), [{ asset: 'USDC', amount: DEPOSIT - 100n }]);
    assert.deepEqual(await accounts.balances(bob), [{ asset: 'USDC', amount: DEPOSIT - 250n }]);
    assert.deepEqual(await accounts.positions(bob), [
      { market: 'BTC-PERP', sizeLots: -4, costTicksLots: -400_000n, realizedPnl: 0n, updatedSeq: 3 },
    ]);
    const open = await accounts.openOrders(alice);
    assert.deepEqual(
      open.map((o) => [
        o.orderId,
        o.clientOrderId,
        o.status,
        o.filledLots,
        o.remainingLots,
        o.createdSeq,
        o.updatedSeq,
      ]),
      [['a-1', 'alice-1', 'partially_filled', 4, 6, 1, 3]],
    );
    assert.equal(open[0].createdAtMs, Math.floor(T0_US / 1000), 'created at the first state, not the latest');
    assert.equal(open[0].updatedAtMs, Math.floor((T0_US + 1000) / 1000));
    assert.deepEqual(await accounts.openOrders(alice, 'ETH-PERP'), []);
    assert.deepEqual(await accounts.openOrders(bob), []);
    const bobsOrder = await accounts.order(bob, 'b-1');
    assert.deepEqual(
      bobsOrder && [bobsOrder.status, bobsOrder.doneReason, bobsOrder.timeInForce, bobsOrder.remainingLots],
      ['filled', 'filled', 'IOC', 0],
    );
    assert.equal(await accounts.order(alice, 'b-1'), null, "another account's order is not found");
    assert.deepEqual(await accounts.fills(alice, { limit: 10 }), [
      {
        tradeId: 'BTC-PERP-3',
        liquidity: 'maker',
        market: 'BTC-PERP',
        orderId: 'a-1',
        side: 'buy',
        priceTicks: 100_000,
        sizeLots: 4,
        fee: 100n,
        realizedPnl: 0n,
        seq: 3,
        createdAtMs: Math.floor((T0_US + 1000) / 1000),
      },
    ]);
    const exact = await database.pool.query(
      `SELECT created_at = 'epoch'::timestamptz + $1::bigint * interval '1 microsecond' AS exact FROM orders WHERE id = 'a-1'`,
      [T0_US],
    );
    assert.equal(exact.rows[0].exact, true, 'engine time is stored to the microsecond');
    const entry = await database.pool.query(
      `SELECT j.kind, j.market, j.seq, e.account_id FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
       WHERE j.reference = 'fill:BTC-PERP-3' ORDER BY e.id LIMIT 2`,
    );
    assert.deepEqual(entry.rows, [
      { kind: 'fill', market: 'BTC-PERP', seq: '3', account_id: alice },
      { kind: 'fill', market: 'BTC-PERP', seq: '3', account_id: null },
    ]);
    await assertLedgerReconciles();
  });

  it('skips a replay of an applied batch and changes nothing', async () => {
    const before = await footprint();
    assert.equal(await writer.applyBatch(firstBatch()), false);
    assert.deepEqual(await footprint(), before);
  });

  it('rolls back the whole batch when a journal is unbalanced', async () => {
    const before = await footprint();
    const batch = secondBatch();
    const unbalanced = {
      reference: 'fill:BTC-PERP-5',
      kind: 'fill' as const,
      entries: [
        { ledgerAccount: `acct:${alice}`, asset: 'USDC', amount: -1n },
        { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 2n },
      ],
    };
    await assert.rejects(
      writer.applyBatch({ ...batch, journals: [...batch.journals, unbalanced] }),
      UnbalancedJournalError,
    );
    assert.deepEqual(await footprint(), before);
  });

  it('rolls back journals, balances and positions already written when a later statement fails', async () => {
    const before = await footprint();
    const batch = secondBatch();
    const orphanFill = { ...batch.fills[0], tradeId: 'BTC-PERP-6', orderId: 'no-such-order' };
    await assert.rejects(writer.applyBatch({ ...batch, fills: [orphanFill] }), /fills_order_id_fkey/);
    assert.deepEqual(await footprint(), before);
    await assertLedgerReconciles();
  });

  it('refuses a batch in which some streams are applied and others are not', async () => {
    const before = await footprint();
    const batch = {
      ...secondBatch(),
      streams: [
        { stream: 'BTC-PERP', lastSeq: 3 },
        { stream: 'ETH-PERP', lastSeq: 1 },
      ],
    };
    await assert.rejects(writer.applyBatch(batch), InvalidBatchError);
    assert.deepEqual(await footprint(), before);
  });

  it('applies a batch once when several writers race with it', async () => {
    const batch: SettlementBatch = {
      consumer: 'race-test',
      streams: [{ stream: 'BTC-PERP', lastSeq: 1 }],
      offsets: [{ topic: 'matching.events', partition: 1, nextOffset: '1' }],
      journals: [
        {
          reference: 'race:1',
          kind: 'fill',
          entries: [
            { ledgerAccount: 'sys:insurance', asset: 'USDC', amount: -1n },
            { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 1n },
          ],
        },
      ],
      orders: [],
      positions: [],
      fills: [],
    };
    const results = await Promise.all([1, 2, 3].map(() => writer.applyBatch(batch)));
    assert.deepEqual(results.sort(), [false, false, true]);
    const journals = await database.pool.query(
      "SELECT count(*)::int AS n FROM ledger_journals WHERE reference = 'race:1'",
    );
    assert.equal(journals.rows[0].n, 1);
  });

  it('applies the next batch on top: order state replaced, balances accumulated', async () => {
    assert.equal(await writer.applyBatch(secondBatch()), true);
    assert.deepEqual(await accounts.balances(alice), [{ asset: 'USDC', amount: DEPOSIT - 100n - 1_000n + 2_000n }]);
    assert.deepEqual(await accounts.openOrders(alice), []);
    const order = await accounts.order(alice, 'a-1');
    assert.deepEqual(order && [order.status, order.doneReason, order.remainingLots, order.updatedSeq], [
      'cancelled',
      'cancelled',
      0,
      5,
    ]);
    assert.deepEqual(await footprintSequences(), {
      sequences: [{ stream: 'BTC-PERP', last_seq: '5' }],
      offsets: [['matching.events', 2, '42']],
    });
    await assertLedgerReconciles();
  });
});

async function footprintSequences(): Promise<unknown> {
  const sequences = await database.pool.query('SELECT stream, last_seq FROM applied_sequences WHERE consumer = $1', [
    SETTLEMENT_CONSUMER,
  ]);
  const offsets = await database.pool.query(
    'SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer = $1',
    [SETTLEMENT_CONSUMER],
  );
  return { sequences: sequences.rows, offsets: offsets.rows.map((row) => [row.topic, row.partition, row.next_offset]) };
}

/** Seq 4: a transfer of realized PnL to Alice (2000) with a fee (1000); seq 5: a-1 cancelled. */
function secondBatch(): SettlementBatch {
  const first = firstBatch();
  const aliceOrder = first.orders[2];
  return {
    consumer: SETTLEMENT_CONSUMER,
    streams: [{ stream: 'BTC-PERP', lastSeq: 5 }],
    offsets: [{ topic: 'matching.events', partition: 2, nextOffset: '42' }],
    journals: [
      {
        reference: 'fill:BTC-PERP-4',
        kind: 'fill',
        entries: [
          { ledgerAccount: 'sys:clearing:BTC-PERP', asset: 'USDC', amount: -2_000n },
          { ledgerAccount: `acct:${alice}`, asset: 'USDC', amount: 2_000n },
          { ledgerAccount: `acct:${alice}`, asset: 'USDC', amount: -1_000n },
          { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 1_000n },
        ],
      },
    ],
    orders: [
      {
        ...aliceOrder,
        status: 'cancelled',
        doneReason: 'cancelled',
        remainingLots: 0,
        updatedSeq: 5,
        updatedAtUs: T0_US + 5000,
      },
    ],
    positions: [{ ...first.positions[0], realizedPnl: 2_000n, updatedSeq: 4 }],
    fills: [{ ...first.fills[0], tradeId: 'BTC-PERP-4', fee: 1_000n, realizedPnl: 2_000n, seq: 4 }],
  };
}

describe('risk snapshot', () => {
  it('holds every account with its collateral (coins included), open positions and open orders, and settlement progress', async () => {
    const carol = (await createTestAccount(database, { name: 'carol', depositUsdc: '0.5', coins: { BTC: '0.25' } }))
      .accountId;
    const batch: SettlementBatch = {
      consumer: SETTLEMENT_CONSUMER,
      streams: [{ stream: 'ETH-PERP', lastSeq: 1 }],
      offsets: [{ topic: 'matching.events', partition: 0, nextOffset: '7' }],
      journals: [],
      positions: [],
      fills: [],
      orders: [
        {
          orderId: 'c-1',
          accountId: carol,
          clientOrderId: 'mine',
          market: 'ETH-PERP',
          side: 'sell',
          type: 'limit',
          timeInForce: 'GTC',
          priceTicks: 70_000,
          sizeLots: 3,
          filledLots: 0,
          remainingLots: 3,
          status: 'open',
          doneReason: null,
          createdSeq: 1,
          updatedSeq: 1,
          createdAtUs: T0_US,
          updatedAtUs: T0_US,
        },
      ],
    };
    assert.equal(await writer.applyBatch(batch), true);
    const snapshot = await accounts.loadRiskSnapshot();
    const byId = new Map(snapshot.accounts.map((account) => [account.accountId, account]));
    assert.deepEqual(byId.get(alice), {
      accountId: alice,
      marginMode: 'standard',
      collateralMicro: DEPOSIT + 900n,
      spot: [],
      positions: [{ market: 'BTC-PERP', position: { sizeLots: 4, costTicksLots: 400_000n } }],
      openOrders: [],
    });
    assert.deepEqual(byId.get(carol), {
      accountId: carol,
      marginMode: 'standard',
      collateralMicro: 500_000n,
      spot: [{ asset: 'BTC', amount: 25_000_000n }],
      positions: [],
      openOrders: [
        {
          orderId: 'c-1',
          market: 'ETH-PERP',
          side: 'sell',
          priceTicks: 70_000,
          sizeLots: 3,
          remainingLots: 3,
          clientOrderId: 'mine',
        },
      ],
    });
    assert.equal(byId.get(bob)?.collateralMicro, DEPOSIT - 250n);
    assert.equal(snapshot.accounts.length, 3);
    assert.deepEqual(snapshot.appliedSequences, { 'BTC-PERP': 5, 'ETH-PERP': 1 });
    assert.deepEqual(snapshot.eventOffsets, { 0: '7', 2: '42' });
    // One account alone, as the risk service reads one created after it started.
    assert.deepEqual(await accounts.loadRiskAccount(carol), byId.get(carol));
    assert.equal(await accounts.loadRiskAccount('00000000-0000-4000-8000-000000000000'), null);
    assert.equal(await accounts.loadRiskAccount('not-a-uuid'), null);
  });

  it('reads all tables in one snapshot, even when settlement commits in the middle of it', async () => {
    const expected = await accounts.loadRiskSnapshot();
    // The snapshot reads accounts and balances first, then positions: a lock on positions stops it
    // after its first read, which is when a repeatable-read transaction takes its snapshot.
    const blocker = new Client({ connectionString: URL });
    const settler = new Client({ connectionString: URL });
    await blocker.connect();
    await settler.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE positions IN ACCESS EXCLUSIVE MODE');
      const snapshot = accounts.loadRiskSnapshot();
      await waitUntilBlocked(blocker);
      // Meanwhile a settlement-like transaction commits to the tables the snapshot has yet to read.
      await settler.query('BEGIN');
      await settler.query(`UPDATE orders SET remaining_lots = 2 WHERE id = 'c-1'`);
      await settler.query('UPDATE applied_sequences SET last_seq = last_seq + 1');
      await settler.query('UPDATE consumer_offsets SET next_offset = next_offset + 1');
      await settler.query('COMMIT');
      await blocker.query('ROLLBACK');
      assert.deepEqual(await snapshot, expected);
      const later = await accounts.loadRiskSnapshot();
      assert.deepEqual(later.appliedSequences, { 'BTC-PERP': 6, 'ETH-PERP': 2 }, 'the commit did happen');
      assert.deepEqual(later.eventOffsets, { 0: '8', 2: '43' });
    } finally {
      await blocker.end();
      await settler.end();
    }
  });
});

describe('order options', () => {
  /** Alice's waiting stop-market sell (s-1) and resting GTD post-only reduce-only buy (g-1) in ETH-PERP. */
  const stop: OrderState = {
    orderId: 's-1',
    accountId: '',
    clientOrderId: 'stop-loss',
    market: 'ETH-PERP',
    side: 'sell',
    type: 'market',
    timeInForce: 'IOC',
    priceTicks: null,
    sizeLots: 5,
    filledLots: 0,
    remainingLots: 5,
    status: 'open',
    doneReason: null,
    createdSeq: 10,
    updatedSeq: 10,
    createdAtUs: T0_US,
    updatedAtUs: T0_US,
    trigger: { kind: 'stop', reference: 'mark', priceTicks: 55_000 },
    triggeredAtUs: null,
    expiresAtUs: null,
    postOnly: null,
    reduceOnly: true,
  };
  const gtd: OrderState = {
    ...stop,
    orderId: 'g-1',
    clientOrderId: null,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTD',
    priceTicks: 59_000,
    createdSeq: 11,
    updatedSeq: 11,
    trigger: null,
    expiresAtUs: T0_US + 5_000_123,
    postOnly: 'reprice',
    reduceOnly: false,
  };
  const optionsBatch = (lastSeq: number, nextOffset: string, orders: OrderState[]): SettlementBatch => ({
    consumer: SETTLEMENT_CONSUMER,
    streams: [{ stream: 'ETH-PERP', lastSeq }],
    offsets: [{ topic: 'matching.events', partition: 3, nextOffset }],
    journals: [],
    positions: [],
    fills: [],
    orders: orders.map((order) => ({ ...order, accountId: alice })),
  });

  it("round-trip exactly through settlement's start-up state, and a waiting stop is held at its trigger", async () => {
    assert.equal(await writer.applyBatch(optionsBatch(11, '2', [stop, gtd])), true);
    const start = await loadSettlementStart(database);
    const open = start.openOrders.filter((order) => order.market === 'ETH-PERP' && order.accountId === alice);
    assert.deepEqual(open, [
      { ...stop, accountId: alice },
      { ...gtd, accountId: alice },
    ]);
    const risk = (await accounts.loadRiskSnapshot()).accounts.find((account) => account.accountId === alice);
    assert.deepEqual(
      risk?.openOrders.map((order) => [order.orderId, order.priceTicks, order.sizeLots, order.remainingLots]),
      [
        ['s-1', 55_000, 5, 5],
        ['g-1', 59_000, 5, 5],
      ],
    );
    const view = await accounts.order(alice, 'g-1');
    assert.deepEqual(
      view && [view.trigger, view.expiresAtMs, view.triggeredAtMs, view.postOnly, view.reduceOnly, view.timeInForce],
      [null, Math.floor((T0_US + 5_000_123) / 1000), null, 'reprice', false, 'GTD'],
    );
  });

  it('records when a trigger fired and a fill-or-kill done unfilled', async () => {
    const fired = { ...stop, triggeredAtUs: T0_US + 7, updatedSeq: 12, sizeLots: 4, remainingLots: 4 };
    const fok: OrderState = {
      ...gtd,
      orderId: 'f-1',
      timeInForce: 'FOK',
      postOnly: null,
      expiresAtUs: null,
      status: 'cancelled',
      doneReason: 'unfilled_fok',
      remainingLots: 0,
      createdSeq: 13,
      updatedSeq: 14,
    };
    assert.equal(await writer.applyBatch(optionsBatch(14, '3', [fired, fok])), true);
    const view = await accounts.order(alice, 's-1');
    assert.deepEqual(view && [view.trigger, view.triggeredAtMs, view.sizeLots, view.remainingLots, view.reduceOnly], [
      stop.trigger,
      Math.floor((T0_US + 7) / 1000),
      4,
      4,
      true,
    ]);
    const killed = await accounts.order(alice, 'f-1');
    assert.deepEqual(killed && [killed.timeInForce, killed.status, killed.doneReason], [
      'FOK',
      'cancelled',
      'unfilled_fok',
    ]);
  });
});

async function withClientOf<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Waits until another session waits for a lock the blocker holds. */
async function waitUntilBlocked(blocker: Client): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await blocker.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the snapshot never reached the locked table');
}
