/**
 * The seed command and the repositories the gateway and engines read at start-up, against a real
 * Postgres: demo data lands once, a second run changes nothing, and the documented demo
 * credentials authenticate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE, readConfig } from '@exchange/config';
import {
  AccountRepository,
  ApiKeyRepository,
  AuditLog,
  createDatabase,
  createTestAccount,
  type Database,
  dropDatabase,
  MarketRepository,
  migrate,
  verifySecret,
  withDatabaseName,
} from '@exchange/persistence';
import { DEMO_ACCOUNT_IDS, DEMO_CREDENTIALS, demoMarkets, seed } from '../../tools/seed';

const URL = withDatabaseName(readConfig(DATABASE, process.env).DATABASE_URL, 'exchange_test_persistence_seed');
/** Dated listings are chosen from the seed's time: fixed here (they expire 25 Dec 2026 and 29 Jan 2027). */
const NOW_MS = Date.UTC(2026, 10, 26);
const quiet = { log: (): void => undefined, nowMs: NOW_MS };
const BTC_OPTIONS = ['42500', '45000', '47500', '50000', '52500', '55000', '57500'].flatMap((strike) => [
  `market BTC-25DEC26-${strike}-C`,
  `market BTC-25DEC26-${strike}-P`,
]);

let database: Database;

before(async () => {
  await dropDatabase(URL);
  await migrate(URL);
  database = createDatabase(URL);
});

after(async () => {
  await database?.close();
  await dropDatabase(URL);
});

/** Every row of every table seed writes, as text: equal dumps mean nothing changed. */
async function dump(): Promise<string> {
  const tables = ['assets', 'markets', 'accounts', 'api_keys', 'balances', 'ledger_journals', 'ledger_entries'];
  const parts = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await database.pool.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`);
      return `${table}: ${rows.map((row) => row.row).join('\n')}`;
    }),
  );
  return parts.join('\n');
}

describe('seed', () => {
  it('creates assets, markets, demo accounts with 1,000,000 USDC and their keys, once', async () => {
    const created = await seed(URL, quiet);
    assert.deepEqual(created, [
      '3 assets (USDC, BTC, ETH)',
      'market BTC-25DEC26',
      ...BTC_OPTIONS,
      'market BTC-29JAN27',
      'market BTC-PERP',
      'market ETH-PERP',
      `account demo-alice ${DEMO_ACCOUNT_IDS.alice}`,
      'deposit of 1000000 USDC to demo-alice',
      'trader key ak_demo_alice for demo-alice',
      `account demo-bob ${DEMO_ACCOUNT_IDS.bob}`,
      'deposit of 1000000 USDC to demo-bob',
      'trader key ak_demo_bob for demo-bob',
      `account demo-staff ${DEMO_ACCOUNT_IDS.staff}`,
      'staff key ak_demo_staff for demo-staff',
    ]);
    const accounts = new AccountRepository(database);
    assert.deepEqual(await accounts.balances(DEMO_ACCOUNT_IDS.alice), [{ asset: 'USDC', amount: 1_000_000_000_000n }]);
    assert.deepEqual(await accounts.balances(DEMO_ACCOUNT_IDS.staff), []);
  });

  it('changes nothing when run again', async () => {
    const before = await dump();
    const lines: string[] = [];
    assert.deepEqual(await seed(URL, { ...quiet, log: (line) => lines.push(line) }), []);
    assert.equal(await dump(), before);
    assert.match(lines.join('\n'), /already has the demo data/);
  });

  it('lists the demo markets as MarketSpecs, dated ones with expiry, strike and type', async () => {
    const bySymbol = (markets: readonly { symbol: string }[]) =>
      [...markets].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    const listed = await new MarketRepository(database).list();
    assert.deepEqual(bySymbol(listed), bySymbol(demoMarkets(NOW_MS)));
    assert.deepEqual(
      listed.find((market) => market.symbol === 'BTC-25DEC26-50000-C'),
      {
        symbol: 'BTC-25DEC26-50000-C',
        kind: 'option',
        underlying: 'BTC',
        quoteAsset: 'USDC',
        tickSize: '5',
        lotSize: '0.01',
        minSizeLots: 1,
        status: 'active',
        expiryMs: Date.UTC(2026, 11, 25, 8),
        strike: '50000',
        optionType: 'call',
      },
    );
  });

  it('stores demo keys that authenticate with the documented secrets', async () => {
    const keys = new ApiKeyRepository(database);
    const alice = await keys.findActive(DEMO_CREDENTIALS.alice.keyId);
    assert.deepEqual(alice && { ...alice, secretHash: undefined }, {
      keyId: 'ak_demo_alice',
      accountId: DEMO_ACCOUNT_IDS.alice,
      role: 'trader',
      permissions: ['read', 'trade', 'withdraw'],
      secretHash: undefined,
    });
    assert.equal(verifySecret('demo-alice-secret-change-me', alice?.secretHash ?? ''), true);
    assert.equal(verifySecret('demo-bob-secret-change-me', alice?.secretHash ?? ''), false);
    const staff = await keys.findActive('ak_demo_staff');
    assert.deepEqual([staff?.role, staff?.permissions], ['staff', ['read', 'admin']]);
    assert.equal(verifySecret(DEMO_CREDENTIALS.staff.secret, staff?.secretHash ?? ''), true);
  });
});

describe('repositories', () => {
  it('a revoked or unknown key is not active', async () => {
    const keys = new ApiKeyRepository(database);
    const account = await createTestAccount(database, { name: 'revokes', depositUsdc: '0' });
    assert.notEqual(await keys.findActive(account.keyId), null);
    assert.equal(await keys.revoke(account.keyId), true);
    assert.equal(await keys.revoke(account.keyId), false);
    assert.equal(await keys.findActive(account.keyId), null);
    assert.equal(await keys.findActive('ak_unknown'), null);
  });

  it('test accounts get their deposit as a journal, and a working key of their role', async () => {
    const account = await createTestAccount(database, { name: 'staffer', depositUsdc: '1234.5', role: 'staff' });
    const accounts = new AccountRepository(database);
    assert.equal(await accounts.exists(account.accountId), true);
    assert.equal(await accounts.exists('00000000-0000-4000-8000-000000000000'), false);
    assert.equal(await accounts.exists('not-a-uuid'), false);
    assert.deepEqual(await accounts.balances(account.accountId), [{ asset: 'USDC', amount: 1_234_500_000n }]);
    const journal = await database.pool.query(
      `SELECT j.kind, e.ledger_account, e.amount::text FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
       WHERE j.reference = $1 ORDER BY e.id`,
      [`deposit:test:${account.accountId}`],
    );
    assert.deepEqual(journal.rows, [
      { kind: 'deposit', ledger_account: 'sys:external', amount: '-1234500000' },
      { kind: 'deposit', ledger_account: `acct:${account.accountId}`, amount: '1234500000' },
    ]);
    const key = await new ApiKeyRepository(database).findActive(account.keyId);
    assert.equal(key?.role, 'staff');
    assert.equal(verifySecret(account.secret, key?.secretHash ?? ''), true);
    await assert.rejects(createTestAccount(database, { name: 'bad', depositUsdc: '0.0000001' }), /TOO_MANY_DECIMALS/);
  });

  it('the audit log appends entries, bigints as strings', async () => {
    const audit = new AuditLog(database);
    const id = await audit.append('staff:ak_demo_staff', 'deposit.credit', `account:${DEMO_ACCOUNT_IDS.bob}`, {
      amount: 5_000_000n,
      asset: 'USDC',
    });
    const { rows } = await database.pool.query('SELECT actor, action, target, details FROM audit_log WHERE id = $1', [
      id,
    ]);
    assert.deepEqual(rows, [
      {
        actor: 'staff:ak_demo_staff',
        action: 'deposit.credit',
        target: `account:${DEMO_ACCOUNT_IDS.bob}`,
        details: { amount: '5000000', asset: 'USDC' },
      },
    ]);
  });
});
