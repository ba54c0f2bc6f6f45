import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@exchange/observability';
import type { ApiKeyRecord, GatewayStore } from '../adapters/store.port';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { ApiError, ErrorCode } from '../http/api-error';
import { CLOCK, LOGGER, SETTINGS, STORE } from '../tokens';
import { parseCredentials } from './credentials';
import type { Principal } from './principal';

/** Beyond this many cached keys the cache is emptied rather than grown. */
const MAX_CACHED_KEYS = 100_000;

/**
 * Checks API keys against Postgres. Successful lookups are kept for `apiKeyCacheMs`, so the hot
 * path does not query Postgres per request; a revoked key therefore stops working within that
 * time. The secret itself is verified on every request.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { readonly record: ApiKeyRecord; readonly expiresAtMs: number }>();
  private readonly lookups = new Map<string, Promise<ApiKeyRecord | null>>();

  constructor(
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const credentials = parseCredentials(authorization);
    if (credentials.kind === 'missing') {
      throw new ApiError(401, ErrorCode.UNAUTHENTICATED, 'send Authorization: Bearer <keyId>.<secret>', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (credentials.kind === 'malformed') throw invalidKey();
    const record = await this.find(credentials.keyId);
    if (!record || !(await this.verify(credentials.secret, record))) throw invalidKey();
    return { keyId: record.keyId, accountId: record.accountId, role: record.role, permissions: record.permissions };
  }

  private async find(keyId: string): Promise<ApiKeyRecord | null> {
    const cached = this.cache.get(keyId);
    if (cached && cached.expiresAtMs > this.clock.nowMs()) return cached.record;
    let lookup = this.lookups.get(keyId);
    if (!lookup) {
      lookup = this.load(keyId).finally(() => this.lookups.delete(keyId));
      this.lookups.set(keyId, lookup);
    }
    return lookup;
  }

  private async load(keyId: string): Promise<ApiKeyRecord | null> {
    let record: ApiKeyRecord | null;
    try {
      record = await this.store.apiKeys.findActive(keyId);
    } catch (error) {
      this.logger.error('api key lookup failed', { keyId, error });
      throw new ApiError(503, ErrorCode.SERVICE_UNAVAILABLE, 'authentication is unavailable, retry later');
    }
    this.cache.delete(keyId);
    if (record) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(keyId, { record, expiresAtMs: this.clock.nowMs() + this.settings.apiKeyCacheMs });
    }
    return record;
  }

  private async verify(secret: string, record: ApiKeyRecord): Promise<boolean> {
    try {
      return await this.store.apiKeys.verifySecret(secret, record.secretHash);
    } catch (error) {
      this.logger.error('api key verification failed', { keyId: record.keyId, error });
      return false;
    }
  }
}

const invalidKey = (): ApiError =>
  new ApiError(401, ErrorCode.INVALID_API_KEY, 'API key unknown, revoked or wrong secret');
