import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from './admin';

/**
 * Applies the committed SQL migrations in prisma/migrations (Prisma's folder format,
 * `<timestamp>_<name>/migration.sql`) with plain `pg`: Prisma's own `migrate deploy` needs a
 * native engine these machines cannot download. Each migration runs in its own transaction and is
 * recorded in `_migrations` with a checksum; an applied migration whose file changed afterwards
 * stops the run, since the database no longer matches what the file says.
 */

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {}

/** Any constant shared by all migrators: one at a time per database. */
const MIGRATION_LOCK_KEY = 72_410_001;

/** sha256 of the SQL with line endings normalised, so a Windows checkout does not count as an edit. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** The repository's prisma/migrations, found upwards from here (works from src/ and dist/). */
export function defaultMigrationsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
  }
  throw new MigrationError(`no prisma/migrations folder above ${__dirname}`);
}

/** Migration folders in name (= timestamp) order. */
export function readMigrations(migrationsDir: string): Migration[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}

/** Refuses when the database holds a migration that is gone or edited since it was applied. */
export function pendingMigrations(
  available: readonly Migration[],
  applied: readonly { readonly name: string; readonly checksum: string }[],
): Migration[] {
  const byName = new Map(available.map((migration) => [migration.name, migration]));
  for (const record of applied) {
    const migration = byName.get(record.name);
    if (!migration) {
      throw new MigrationError(`migration ${record.name} is applied but missing from this checkout (newer code?)`);
    }
    if (migration.checksum !== record.checksum) {
      throw new MigrationError(
        `migration ${record.name} was edited after it was applied (checksum ${record.checksum} in the database, ` +
          `${migration.checksum} on disk): add a new migration instead of changing an applied one`,
      );
    }
  }
  const appliedNames = new Set(applied.map((record) => record.name));
  return available.filter((migration) => !appliedNames.has(migration.name));
}

export interface MigrateOptions {
  readonly migrationsDir?: string;
  readonly log?: (line: string) => void;
}

/** Creates the database if missing and applies pending migrations. Returns the names applied. */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  const available = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const log = options.log ?? (() => undefined);
  if (await ensureDatabase(databaseUrl)) log('created database');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS "_migrations" (
        "name" TEXT PRIMARY KEY,
        "checksum" TEXT NOT NULL,
        "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    const applied = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM "_migrations" ORDER BY name',
    );
    const pending = pendingMigrations(available, applied.rows);
    for (const migration of pending) {
      await applyOne(client, migration);
      log(`applied ${migration.name}`);
    }
    return pending.map((migration) => migration.name);
  } finally {
    await client.end(); // ending the session releases the advisory lock
  }
}

async function applyOne(client: Client, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO "_migrations" (name, checksum) VALUES ($1, $2)', [
      migration.name,
      migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
