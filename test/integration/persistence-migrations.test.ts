/**
 * Migrations against a real Postgres: they apply to an empty database, a re-run is a no-op, an
 * edited migration is refused, the audit log is append-only, and the database the migrations build
 * is exactly the one schema.prisma describes (Prisma's own SQL for it, applied to a scratch
 * database, compared catalog by catalog).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { DATABASE, readConfig } from '@exchange/config';
import {
  dropDatabase,
  ensureDatabase,
  migrate,
  MigrationError,
  readMigrations,
  withDatabaseName,
} from '@exchange/persistence';

const ROOT = join(__dirname, '..', '..', '..');
const SCHEMA = join(ROOT, 'prisma', 'schema.prisma');
const BASE_URL = readConfig(DATABASE, process.env).DATABASE_URL;
const MIGRATED = withDatabaseName(BASE_URL, 'exchange_test_persistence_migrated');
const FROM_SCHEMA = withDatabaseName(BASE_URL, 'exchange_test_persistence_from_schema');
const SCRATCH = withDatabaseName(BASE_URL, 'exchange_test_persistence_scratch');
const ALL = [MIGRATED, FROM_SCHEMA, SCRATCH];
const MAINTENANCE = withDatabaseName(BASE_URL, 'postgres');
/** Every committed migration, in the order they apply. */
const COMMITTED = readMigrations(join(ROOT, 'prisma', 'migrations')).map((migration) => migration.name);

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQL `prisma migrate diff` writes to create the schema from nothing (WebAssembly engine, offline). */
function prismaSqlFor(schemaPath: string): string {
  const run = spawnSync(
    process.execPath,
    [
      require.resolve('prisma/build/index.js'),
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema-datamodel',
      schemaPath,
      '--script',
    ],
    // prisma.config.ts's adapter connects although an empty-to-schema diff reads nothing: any database will do.
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: MAINTENANCE, CHECKPOINT_DISABLE: '1' } },
  );
  assert.equal(run.status, 0, `prisma migrate diff failed:\n${run.stderr}`);
  return run.stdout;
}

async function applySql(url: string, sql: string): Promise<void> {
  await dropDatabase(url);
  await ensureDatabase(url);
  await withClient(url, (client) => client.query(sql));
}

/**
 * What the schema is made of, from the catalogs: enums, columns (type, nullability, default),
 * indexes and constraints (primary, unique, foreign keys with their actions). Triggers and
 * functions are left out (the hand-written audit-log trigger is not Prisma's to know), and so is
 * the migration command's own `_migrations` table.
 */
async function describeSchema(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const lines = async (sql: string): Promise<string[]> =>
      (await client.query<{ line: string }>(sql)).rows.map((row) => row.line);
    return {
      enums: await lines(`
        SELECT t.typname || ': ' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS line
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
        GROUP BY t.typname ORDER BY 1`),
      columns: await lines(`
        SELECT concat_ws(' ', c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod),
          CASE WHEN a.attnotnull THEN 'NOT NULL' END, 'DEFAULT ' || pg_get_expr(d.adbin, d.adrelid)) AS line
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_migrations'
        ORDER BY 1`),
      indexes: await lines(`
        SELECT indexdef AS line FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_migrations' ORDER BY 1`),
      constraints: await lines(`
        SELECT c.relname || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid) AS line
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE c.relname <> '_migrations' ORDER BY 1`),
    };
  });
}

before(async () => {
  for (const url of ALL) await dropDatabase(url);
});
after(async () => {
  for (const url of ALL) await dropDatabase(url);
});

describe('migrations', () => {
  it('apply to a database that does not exist yet, and a second run is a no-op', async () => {
    assert.equal(COMMITTED[0], '20261125000000_init');
    assert.deepEqual(await migrate(MIGRATED), COMMITTED);
    assert.deepEqual(await migrate(MIGRATED), []);
    const recorded = await withClient(MIGRATED, (client) =>
      client.query('SELECT name FROM "_migrations" ORDER BY name'),
    );
    assert.deepEqual(
      recorded.rows,
      COMMITTED.map((name) => ({ name })),
    );
  });

  it('build exactly the schema in schema.prisma', async () => {
    await migrate(MIGRATED);
    await applySql(FROM_SCHEMA, prismaSqlFor(SCHEMA));
    const migrated = await describeSchema(MIGRATED);
    assert.ok(migrated.columns.includes('balances.amount numeric(38,0) NOT NULL DEFAULT 0'), 'the catalogs were read');
    assert.deepEqual(migrated, await describeSchema(FROM_SCHEMA));
  });

  it('the schema comparison fails when schema.prisma changes without a migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-'));
    try {
      const changed = join(dir, 'schema.prisma');
      const original = readFileSync(SCHEMA, 'utf8');
      const edited = original.replace('  name       String\n', '  name       String\n  nickname   String?\n');
      assert.notEqual(edited, original, 'the Account model still has its name column');
      writeFileSync(changed, edited);
      await applySql(FROM_SCHEMA, prismaSqlFor(changed));
      const migrated = await describeSchema(MIGRATED);
      const fromChanged = await describeSchema(FROM_SCHEMA);
      assert.notDeepEqual(migrated, fromChanged);
      assert.deepEqual(
        fromChanged.columns.filter((line) => !migrated.columns.includes(line)),
        ['accounts.nickname text'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse to run when an applied migration was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      cpSync(join(ROOT, 'prisma', 'migrations'), dir, { recursive: true });
      await migrate(SCRATCH, { migrationsDir: dir });
      const file = join(dir, '20261125000000_init', 'migration.sql');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- an afterthought\n`);
      await assert.rejects(migrate(SCRATCH, { migrationsDir: dir }), (error: Error) => {
        assert.ok(error instanceof MigrationError);
        assert.match(error.message, /20261125000000_init was edited after it was applied/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('roll back a migration that fails, recording nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      cpSync(join(ROOT, 'prisma', 'migrations'), dir, { recursive: true });
      const broken = join(dir, '99991231000000_broken');
      cpSync(join(dir, '20261125000000_init'), broken, { recursive: true });
      writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
      await assert.rejects(migrate(SCRATCH, { migrationsDir: dir }), /99991231000000_broken failed/);
      const state = await withClient(SCRATCH, async (client) => ({
        recorded: (await client.query('SELECT name FROM "_migrations" ORDER BY name')).rows,
        halfDone: (await client.query("SELECT to_regclass('half_done') AS t")).rows[0].t,
      }));
      assert.deepEqual(state, { recorded: COMMITTED.map((name) => ({ name })), halfDone: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit log', () => {
  it('takes inserts and refuses UPDATE, DELETE and TRUNCATE', async () => {
    await migrate(MIGRATED);
    await withClient(MIGRATED, async (client) => {
      await client.query(
        `INSERT INTO audit_log (actor, action, target, details) VALUES ('staff:1', 'market.halt', 'BTC-PERP', '{}')`,
      );
      for (const sql of [
        "UPDATE audit_log SET action = 'market.resume'",
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
      ]) {
        await assert.rejects(client.query(sql), /audit_log is append-only/, sql);
      }
      const rows = await client.query('SELECT actor, action, target FROM audit_log');
      assert.deepEqual(rows.rows, [{ actor: 'staff:1', action: 'market.halt', target: 'BTC-PERP' }]);
    });
  });
});
