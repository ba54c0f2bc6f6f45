/**
 * Demo data for a fresh database (run tools/migrate first): assets, the BTC-PERP and ETH-PERP
 * markets, BTC dated futures and options, and demo accounts with 1,000,000 USDC each and fixed API
 * keys. Idempotent: whatever already exists is left as it is, so a second run changes nothing (in
 * a later month it adds that month's dated listings).
 *
 *   node dist/tools/seed.js [--database-url URL] [--btc-reference-price USDC]
 *
 * The BTC listings: futures on the last Fridays (08:00 UTC) of the next two months (BTC-25DEC26)
 * and, on the nearer expiry, calls and puts at 5% strike steps around the reference price (default
 * the price feed's BTC start price).
 *
 * Demo credentials (documented, NOT secret; never seed a production database):
 *   alice  ak_demo_alice / demo-alice-secret-change-me   (trader)
 *   bob    ak_demo_bob   / demo-bob-secret-change-me     (trader)
 *   staff  ak_demo_staff / demo-staff-secret-change-me   (staff)
 */
import {
  ASSETS,
  assetSpec,
  BTC_PERP,
  ETH_PERP,
  formatScaled,
  futureSpec,
  monthlyExpiriesAfter,
  optionSeriesSpecs,
  parseScaled,
  PRICE_DECIMALS,
  QUOTE_ASSET,
  strikeLadder,
  type MarketSpec,
} from '@exchange/domain';
import {
  ApiKeyRepository,
  type ApiKeyCredentials,
  type ApiKeyRole,
  createDatabase,
  type Database,
  MarketRepository,
  recordDeposit,
  redact,
} from '@exchange/persistence';
import { DEMO_WALKS } from '../apps/price-feed/src/demo-underlyings';
import { databaseUrlFromArgs } from './migrate';

/** The price the demo BTC option strikes centre on: where the price feed starts BTC (micro-USDC). */
export const DEFAULT_BTC_REFERENCE_PRICE = DEMO_WALKS.find((walk) => walk.underlying === 'BTC')!.startPrice;

const DEMO_PERPETUALS: readonly MarketSpec[] = [BTC_PERP, ETH_PERP];
const BTC_FUTURE_SIZES = { tickSize: '0.5', lotSize: '0.001', minSizeLots: 1 };
/** 5 USDC ticks on 0.01 BTC lots: one tick on one lot is 50,000 micro-USDC. */
const BTC_OPTION_SIZES = { tickSize: '5', lotSize: '0.01', minSizeLots: 1 };
const STRIKE_STEP_BPS = 500;
const STRIKES_EACH_SIDE = 3;

/**
 * The demo markets as of `nowMs`: the perpetuals, BTC futures on the next two monthly expiries,
 * and a BTC option series (calls and puts, 5% strike steps) on the nearer one. By symbol.
 */
export function demoMarkets(nowMs: number, btcReferencePrice = DEFAULT_BTC_REFERENCE_PRICE): MarketSpec[] {
  const expiries = monthlyExpiriesAfter(nowMs, 2);
  const futures = expiries.map((expiryMs) => futureSpec({ underlying: 'BTC', expiryMs, ...BTC_FUTURE_SIZES }));
  const options = optionSeriesSpecs({
    underlying: 'BTC',
    expiryMs: expiries[0],
    strikes: strikeLadder(btcReferencePrice, STRIKE_STEP_BPS, STRIKES_EACH_SIDE),
    ...BTC_OPTION_SIZES,
  });
  return [...DEMO_PERPETUALS, ...futures, ...options].sort((left, right) => (left.symbol < right.symbol ? -1 : 1));
}

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
  /** false seeds the perpetuals only, no dated futures or options (tests that list their own). Default true. */
  readonly demoListings?: boolean;
  /** The time the dated listings are chosen from. Default now. */
  readonly nowMs?: number;
  /** Micro-USDC the BTC option strikes centre on. Default DEFAULT_BTC_REFERENCE_PRICE. */
  readonly btcReferencePrice?: number;
  readonly log?: (line: string) => void;
}

/** Inserts whatever demo data is missing and prints it; returns one line per thing created (none on a re-run). */
export async function seed(databaseUrl: string, options: SeedOptions = {}): Promise<string[]> {
  const log = options.log ?? console.log;
  const database = createDatabase(databaseUrl);
  const created: string[] = [];
  try {
    const markets =
      options.demoListings === false
        ? DEMO_PERPETUALS
        : demoMarkets(options.nowMs ?? Date.now(), options.btcReferencePrice);
    created.push(...(await seedAssetsAndMarkets(database, markets)));
    const accounts: readonly DemoAccount[] = options.demoAccounts === false ? [] : Object.values(DEMO_ACCOUNTS);
    for (const account of accounts) created.push(...(await seedDemoAccount(database, account)));
  } finally {
    await database.close();
  }
  if (created.length === 0) log(`seed: ${redact(databaseUrl)} already has the demo data`);
  for (const line of created) log(`seed: created ${line}`);
  return created;
}

async function seedAssetsAndMarkets(database: Database, markets: readonly MarketSpec[]): Promise<string[]> {
  const created: string[] = [];
  const assets = await database.prisma.asset.createMany({ data: [...ASSETS], skipDuplicates: true });
  if (assets.count > 0) created.push(`${assets.count} assets (${ASSETS.map((asset) => asset.symbol).join(', ')})`);
  const listed = await new MarketRepository(database).createMissing(markets);
  created.push(...listed.map((symbol) => `market ${symbol}`));
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

/** `--btc-reference-price 60000` (USDC) as micro-USDC, or undefined without the flag. */
function btcReferencePriceFromArgs(args: readonly string[]): number | undefined {
  const flag = args.indexOf('--btc-reference-price');
  if (flag < 0) return undefined;
  const parsed = parseScaled(args[flag + 1] ?? '', PRICE_DECIMALS);
  if (!parsed.ok || parsed.value <= 0n) throw new Error('--btc-reference-price needs a positive price in USDC');
  return Number(parsed.value);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  Promise.resolve()
    .then(() => seed(databaseUrlFromArgs(args), { btcReferencePrice: btcReferencePriceFromArgs(args) }))
    .catch((error: Error) => {
      console.error(`seed failed: ${error.message}`);
      process.exit(1);
    });
}
