import type { Database } from './database';
import { hashSecret, type ApiKeyCredentials } from './secrets';

export type ApiKeyRole = 'trader' | 'staff';
export type ApiPermission = 'read' | 'trade' | 'withdraw' | 'admin';

/** What a key may do unless its creator says otherwise. */
export const DEFAULT_PERMISSIONS: Readonly<Record<ApiKeyRole, readonly ApiPermission[]>> = {
  trader: ['read', 'trade', 'withdraw'],
  staff: ['read', 'admin'],
};

export interface ActiveApiKey {
  readonly keyId: string;
  readonly accountId: string;
  readonly role: ApiKeyRole;
  readonly permissions: readonly ApiPermission[];
  /** sha256 hex of the secret: check a presented secret with verifySecret. */
  readonly secretHash: string;
}

export interface NewApiKey extends ApiKeyCredentials {
  readonly accountId: string;
  readonly role: ApiKeyRole;
  readonly permissions?: readonly ApiPermission[];
}

const PERMISSIONS: readonly string[] = ['read', 'trade', 'withdraw', 'admin'] satisfies ApiPermission[];

export class ApiKeyRepository {
  constructor(private readonly database: Database) {}

  /** The key if it exists and is not revoked. Unknown permission names in the row are dropped. */
  async findActive(keyId: string): Promise<ActiveApiKey | null> {
    const key = await this.database.prisma.apiKey.findFirst({ where: { id: keyId, revokedAt: null } });
    if (!key) return null;
    return {
      keyId: key.id,
      accountId: key.accountId,
      role: key.role,
      permissions: key.permissions.filter((p): p is ApiPermission => PERMISSIONS.includes(p)),
      secretHash: key.secretHash,
    };
  }

  /** Stores the key (only the secret's hash). Returns false, changing nothing, if the key id exists. */
  async insert(key: NewApiKey): Promise<boolean> {
    const created = await this.database.prisma.apiKey.createMany({
      data: {
        id: key.keyId,
        accountId: key.accountId,
        secretHash: hashSecret(key.secret),
        role: key.role,
        permissions: [...(key.permissions ?? DEFAULT_PERMISSIONS[key.role])],
      },
      skipDuplicates: true,
    });
    return created.count === 1;
  }

  /** Returns false if the key does not exist or was already revoked. */
  async revoke(keyId: string): Promise<boolean> {
    const revoked = await this.database.prisma.apiKey.updateMany({
      where: { id: keyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return revoked.count === 1;
  }
}
