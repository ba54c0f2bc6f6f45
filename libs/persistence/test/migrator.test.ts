import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Migration, MigrationError, migrationChecksum, pendingMigrations, readMigrations } from '../src/migrator';

describe('migration files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, sql: string): void => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  };
  write('20260102000000_second', 'SELECT 2;\n');
  write('20260101000000_first', 'SELECT 1;\r\n');
  mkdirSync(join(dir, '20260103000000_no_sql_yet'));
  writeFileSync(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');

  it('reads folders that hold a migration.sql, in name order', () => {
    assert.deepEqual(
      readMigrations(dir).map((migration) => migration.name),
      ['20260101000000_first', '20260102000000_second'],
    );
  });

  it('checksums are sha256 hex with CRLF line endings normalised', () => {
    // printf 'SELECT 1;\n' | sha256sum
    assert.equal(migrationChecksum('SELECT 1;\n'), 'b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
    assert.equal(migrationChecksum('SELECT 1;\r\n'), migrationChecksum('SELECT 1;\n'));
    assert.equal(readMigrations(dir)[0].checksum, migrationChecksum('SELECT 1;\n'));
    assert.notEqual(migrationChecksum('SELECT 1;\n'), migrationChecksum('SELECT 2;\n'));
  });
});

describe('pending migrations', () => {
  const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: migrationChecksum(sql) });
  const first = migration('20260101000000_first', 'SELECT 1;');
  const second = migration('20260102000000_second', 'SELECT 2;');

  it('are the files not yet applied, in order', () => {
    assert.deepEqual(pendingMigrations([first, second], []), [first, second]);
    assert.deepEqual(pendingMigrations([first, second], [first]), [second]);
    assert.deepEqual(pendingMigrations([first, second], [first, second]), []);
  });

  it('refuse an applied migration whose file changed', () => {
    const edited = { name: first.name, checksum: migrationChecksum('SELECT 42;') };
    assert.throws(
      () => pendingMigrations([first, second], [edited]),
      (error: Error) => {
        assert.ok(error instanceof MigrationError);
        assert.match(error.message, /migration 20260101000000_first was edited after it was applied/);
        return true;
      },
    );
  });

  it('refuse an applied migration missing from the checkout', () => {
    assert.throws(() => pendingMigrations([second], [first]), /20260101000000_first is applied but missing/);
  });
});
