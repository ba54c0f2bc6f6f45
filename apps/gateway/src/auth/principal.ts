import type { FastifyRequest } from 'fastify';
import type { Role } from '../adapters/store.port';

/** Who is calling: the authenticated API key and the account it belongs to. */
export interface Principal {
  readonly keyId: string;
  readonly accountId: string;
  readonly role: Role;
  readonly permissions: readonly string[];
}

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}
