/**
 * Applies the SQL migrations in prisma/migrations to the database, creating it if missing.
 *
 *   node dist/tools/migrate.js [--database-url URL]     (default: DATABASE_URL, then the built-in default)
 *
 * To change the schema: edit prisma/schema.prisma, then write the SQL that takes the last
 * committed schema to it into a new folder (never edit an applied migration):
 *   git show HEAD:prisma/schema.prisma > /tmp/previous.prisma
 *   mkdir prisma/migrations/<yyyymmddhhmmss>_<name>
 *   npx prisma migrate diff --from-schema-datamodel /tmp/previous.prisma \
 *     --to-schema-datamodel prisma/schema.prisma --script > prisma/migrations/<...>/migration.sql
 * The drift test (test/integration/persistence-migrations.test.ts) fails until migrations and
 * schema agree.
 */
import { DATABASE, readConfig } from '@exchange/config';
import { migrate as migrateDatabase, redact } from '@exchange/persistence';

/** Applies pending migrations and prints each one; returns their names. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const applied = await migrateDatabase(databaseUrl, { log: (line) => console.log(`migrate: ${line}`) });
  if (applied.length === 0) console.log(`migrate: ${redact(databaseUrl)} is up to date`);
  return applied;
}

/** `--database-url URL` if given, else DATABASE_URL, else the default; validated either way. */
export function databaseUrlFromArgs(args: readonly string[]): string {
  const flag = args.indexOf('--database-url');
  if (flag >= 0) {
    const url = args[flag + 1];
    if (!url) throw new Error('--database-url needs a value');
    return readConfig(DATABASE, { DATABASE_URL: url }).DATABASE_URL;
  }
  return readConfig(DATABASE, process.env).DATABASE_URL;
}

if (require.main === module) {
  migrate(databaseUrlFromArgs(process.argv.slice(2))).catch((error: Error) => {
    console.error(`migrate failed: ${error.message}`);
    process.exit(1);
  });
}
