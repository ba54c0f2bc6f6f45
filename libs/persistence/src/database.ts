import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * One connection pool per process, shared by both access paths: Prisma (typed reads, no native
 * engine: the WebAssembly query compiler over @prisma/adapter-pg) and plain `pg` (multi-row
 * writes and bulk reads, where hand-written SQL is both clearer and faster).
 */
export interface Database {
  readonly pool: Pool;
  /** Created on first use, so services that only use SQL never load the query compiler. */
  readonly prisma: PrismaClient;
  /** Disconnects Prisma, then ends the pool. Safe to call more than once. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** Shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** An idle connection failed (e.g. the server restarted); the pool has already discarded it. */
  readonly onIdleError?: (error: Error) => void;
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  const pool = new Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName,
    // @prisma/adapter-pg 6.19 reads a timestamptz's wall-clock digits as UTC, dropping the offset:
    // with any other session time zone every Date read through Prisma would be shifted.
    options: '-c TimeZone=UTC',
  });
  // Without a listener, an idle connection's error would crash the process.
  pool.on('error', options.onIdleError ?? (() => undefined));
  let prisma: PrismaClient | undefined;
  let closing: Promise<void> | undefined;
  return {
    pool,
    get prisma(): PrismaClient {
      prisma ??= new PrismaClient({ adapter: new PrismaPg(pool) });
      return prisma;
    },
    close: () =>
      (closing ??= (async () => {
        await prisma?.$disconnect();
        await pool.end();
      })()),
  };
}

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when
 * it throws. A connection whose ROLLBACK failed is destroyed instead of returned to the pool.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  options: { readonly isolation?: IsolationLevel; readonly readOnly?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(
      `BEGIN ISOLATION LEVEL ${options.isolation ?? 'READ COMMITTED'} ${options.readOnly ? 'READ ONLY' : 'READ WRITE'}`,
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
