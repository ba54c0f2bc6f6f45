/**
 * Demo data for a fresh database (run tools/migrate first): assets, the BTC-PERP and ETH-PERP
 * markets, and demo accounts with 1,000,000 USDC each and fixed API keys. Idempotent: whatever
 * already exists is left as it is, so a second run changes nothing.
 *
 *   node dist/tools/seed.js [--database-url URL]
 *
 * Demo credentials (documented, NOT secret; never seed a production database):
 *   alice  ak_demo_alice / demo-alice-secret-change-me   (trader)
 *   bob    ak_demo_bob   / demo-bob-secret-change-me     (trader)
 *   staff  ak_demo_staff / demo-staff-secret-change-me   (staff)
 */
import { ASSETS, assetSpec, BTC_PERP, ETH_PERP, formatScaled, QUOTE_ASSET, type MarketSpec } from '@exchange/domain';
import {
  ApiKeyRepository,
  type ApiKeyCredentials,
  type ApiKeyRole,
  createDatabase,
  type Database,
  recordDeposit,
  redact,
} from '@exchange/persistence';
import { databaseUrlFromArgs } from './migrate';

export const DEMO_MARKETS: readonly MarketSpec[] = [BTC_PERP, ETH_PERP];

interface DemoAccount {
  readonly accountId: string;
  readonly name: string;
  readonly role: ApiKeyRole;
  readonly credentials: ApiKeyCredentials;
  /** Micro-USDC deposited at seed time. */
  readonly depositMicroUsdc: bigint;
}

const USDC_DECIMALS = assetSpec(QUOTE_ASSET)!.decimals;
const ONE_MILLION_USDC = 1_000_000n * 10n ** BigInt(USDC_DECIMALS);

/** Fixed ids, so the demo accounts are the same on every machine and a re-run finds them. */
const DEMO_ACCOUNTS = {
  alice: {
    accountId: 'd0000000-0000-4000-8000-00000000a11c',
    name: 'demo-alice',
    role: 'trader',
    credentials: { keyId: 'ak_demo_alice', secret: 'demo-alice-secret-change-me' },
    depositMicroUsdc: ONE_MILLION_USDC,
  },
  bob: {
    accountId: 'd0000000-0000-4000-8000-000000000b0b',
    name: 'demo-bob',
    role: 'trader',
    credentials: { keyId: 'ak_demo_bob', secret: 'demo-bob-secret-change-me' },
    depositMicroUsdc: ONE_MILLION_USDC,
  },
  staff: {
    accountId: 'd0000000-0000-4000-8000-00000000057a',
    name: 'demo-staff',
    role: 'staff',
    credentials: { keyId: 'ak_demo_staff', secret: 'demo-staff-secret-change-me' },
    depositMicroUsdc: 0n,
  },
} as const satisfies Record<string, DemoAccount>;

export const DEMO_CREDENTIALS: Readonly<Record<keyof typeof DEMO_ACCOUNTS, ApiKeyCredentials>> = {
  alice: DEMO_ACCOUNTS.alice.credentials,
  bob: DEMO_ACCOUNTS.bob.credentials,
  staff: DEMO_ACCOUNTS.staff.credentials,
};

export const DEMO_ACCOUNT_IDS: Readonly<Record<keyof typeof DEMO_ACCOUNTS, string>> = {
  alice: DEMO_ACCOUNTS.alice.accountId,
  bob: DEMO_ACCOUNTS.bob.accountId,
  staff: DEMO_ACCOUNTS.staff.accountId,
};

export interface SeedOptions {
  /** false seeds only assets and markets (tests create their own accounts). Default true. */
  readonly demoAccounts?: boolean;
  readonly log?: (line: string) => void;
}

/** Inserts whatever demo data is missing and prints it; returns one line per thing created (none on a re-run). */
export async function seed(databaseUrl: string, options: SeedOptions = {}): Promise<string[]> {
  const log = options.log ?? console.log;
  const database = createDatabase(databaseUrl);
  const created: string[] = [];
  try {
    created.push(...(await seedAssetsAndMarkets(database)));
    const accounts: readonly DemoAccount[] = options.demoAccounts === false ? [] : Object.values(DEMO_ACCOUNTS);
    for (const account of accounts) created.push(...(await seedDemoAccount(database, account)));
  } finally {
    await database.close();
  }
  if (created.length === 0) log(`seed: ${redact(databaseUrl)} already has the demo data`);
  for (const line of created) log(`seed: created ${line}`);
  return created;
}

async function seedAssetsAndMarkets({ prisma }: Database): Promise<string[]> {
  const created: string[] = [];
  const assets = await prisma.asset.createMany({ data: [...ASSETS], skipDuplicates: true });
  if (assets.count > 0) created.push(`${assets.count} assets (${ASSETS.map((asset) => asset.symbol).join(', ')})`);
  for (const market of DEMO_MARKETS) {
    const { count } = await prisma.market.createMany({
      data: {
        symbol: market.symbol,
        kind: market.kind,
        underlying: market.underlying,
        quoteAsset: market.quoteAsset,
        tickSize: market.tickSize,
        lotSize: market.lotSize,
        minSizeLots: BigInt(market.minSizeLots),
        status: market.status,
      },
      skipDuplicates: true,
    });
    if (count > 0) created.push(`market ${market.symbol}`);
  }
  return created;
}

async function seedDemoAccount(database: Database, account: DemoAccount): Promise<string[]> {
  const created: string[] = [];
  const { count } = await database.prisma.account.createMany({
    data: { id: account.accountId, name: account.name },
    skipDuplicates: true,
  });
  if (count > 0) created.push(`account ${account.name} ${account.accountId}`);
  const deposit = {
    reference: `deposit:seed:${account.name}`,
    accountId: account.accountId,
    asset: QUOTE_ASSET,
    amount: account.depositMicroUsdc,
  };
  if (deposit.amount > 0n && (await recordDeposit(database, deposit))) {
    created.push(`deposit of ${formatScaled(deposit.amount, USDC_DECIMALS)} ${QUOTE_ASSET} to ${account.name}`);
  }
  const key = { ...account.credentials, accountId: account.accountId, role: account.role };
  if (await new ApiKeyRepository(database).insert(key)) {
    created.push(`${account.role} key ${key.keyId} for ${account.name}`);
  }
  return created;
}

if (require.main === module) {
  seed(databaseUrlFromArgs(process.argv.slice(2))).catch((error: Error) => {
    console.error(`seed failed: ${error.message}`);
    process.exit(1);
  });
}
