import { Client } from 'pg';

/**
 * Checks a fresh machine has what the exchange needs and names what is missing, with how to get
 * it, before anything starts.
 */
export async function checkPostgres(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres'; // the target database may not exist yet: migrate creates it
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Postgres is not reachable at ${url.host} (${(error as Error).message}).\n` +
        '  Start it (e.g. `pg_ctlcluster 15 main start`, or `docker compose up -d postgres`) or set DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function checkNode(): void {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Node.js 20.19 or newer is required; this is ${process.versions.node}.`);
  }
}
