// Prisma CLI configuration. The "js" engine runs the schema engine as WebAssembly over
// @prisma/adapter-pg, so `prisma migrate diff` works without the native engine these machines
// cannot download (the test that keeps migrations and schema.prisma in step relies on it).
// Migrations are applied by tools/migrate.ts, not by `prisma migrate deploy`.
// No workspace imports here: `prisma generate` loads this file before anything is compiled.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/exchange'; // as in libs/config

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
      allowExitOnIdle: true, // or the CLI waits for the idle connection to time out
    }),
});
