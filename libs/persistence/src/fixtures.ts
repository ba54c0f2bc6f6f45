import { assetSpec, parseScaled, QUOTE_ASSET } from '@exchange/domain';
import { ApiKeyRepository, type ApiKeyRole } from './api-keys';
import type { Database } from './database';
import { recordDeposit } from './deposits';
import { newApiKeyCredentials } from './secrets';

const USDC_DECIMALS = assetSpec(QUOTE_ASSET)!.decimals;

export interface TestAccount {
  readonly accountId: string;
  readonly keyId: string;
  readonly secret: string;
}

/**
 * For tests of every tier: a new account holding `depositUsdc` ("1000000", "12.5"; may be "0"),
 * posted as a deposit journal like a real one, and an API key of `role` (default trader) with
 * that role's default permissions. The database needs the USDC asset (tools/seed).
 */
export async function createTestAccount(
  database: Database,
  options: { readonly name: string; readonly depositUsdc: string; readonly role?: ApiKeyRole },
): Promise<TestAccount> {
  const amount = parseScaled(options.depositUsdc, USDC_DECIMALS);
  if (!amount.ok) throw new RangeError(`depositUsdc "${options.depositUsdc}": ${amount.error}`);
  if (amount.value < 0n) throw new RangeError(`depositUsdc "${options.depositUsdc}" is negative`);
  const { id: accountId } = await database.prisma.account.create({
    data: { name: options.name },
    select: { id: true },
  });
  if (amount.value > 0n) {
    await recordDeposit(database, {
      reference: `deposit:test:${accountId}`,
      accountId,
      asset: QUOTE_ASSET,
      amount: amount.value,
    });
  }
  const credentials = newApiKeyCredentials();
  await new ApiKeyRepository(database).insert({ ...credentials, accountId, role: options.role ?? 'trader' });
  return { accountId, ...credentials };
}
