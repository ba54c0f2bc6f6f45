import { assetSpec, parseScaled, QUOTE_ASSET } from '@exchange/domain';
import { ApiKeyRepository, type ApiKeyRole } from './api-keys';
import type { Database } from './database';
import { recordDeposit } from './deposits';
import { newApiKeyCredentials } from './secrets';

export interface TestAccount {
  readonly accountId: string;
  readonly keyId: string;
  readonly secret: string;
}

/**
 * For tests of every tier: a new account holding `depositUsdc` ("1000000", "12.5"; may be "0") and
 * any `coins` ({BTC: "1"}), each posted as a deposit journal like a real one, and an API key of
 * `role` (default trader) with that role's default permissions. The database needs the assets
 * (tools/seed).
 */
export async function createTestAccount(
  database: Database,
  options: {
    readonly name: string;
    readonly depositUsdc: string;
    readonly coins?: Readonly<Record<string, string>>;
    readonly role?: ApiKeyRole;
  },
): Promise<TestAccount> {
  const deposits = Object.entries({ ...options.coins, [QUOTE_ASSET]: options.depositUsdc }).map(([asset, text]) => {
    const decimals = assetSpec(asset)?.decimals;
    if (decimals === undefined) throw new RangeError(`unknown asset ${asset}`);
    const amount = parseScaled(text, decimals);
    if (!amount.ok) throw new RangeError(`${asset} deposit "${text}": ${amount.error}`);
    if (amount.value < 0n) throw new RangeError(`${asset} deposit "${text}" is negative`);
    return { asset, amount: amount.value };
  });
  const { id: accountId } = await database.prisma.account.create({
    data: { name: options.name },
    select: { id: true },
  });
  for (const { asset, amount } of deposits) {
    if (amount === 0n) continue;
    const reference = asset === QUOTE_ASSET ? `deposit:test:${accountId}` : `deposit:test:${accountId}:${asset}`;
    await recordDeposit(database, { reference, accountId, asset, amount });
  }
  const credentials = newApiKeyCredentials();
  await new ApiKeyRepository(database).insert({ ...credentials, accountId, role: options.role ?? 'trader' });
  return { accountId, ...credentials };
}
