/** `Authorization: Bearer <keyId>.<secret>` */
export type Credentials =
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'key'; readonly keyId: string; readonly secret: string };

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SECRET_LENGTH = 256;

export function parseCredentials(authorization: string | undefined): Credentials {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'missing' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { kind: 'missing' };
  const token = match[1];
  const dot = token.indexOf('.');
  if (dot < 0) return { kind: 'malformed' };
  const keyId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!KEY_ID.test(keyId) || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return { kind: 'malformed' };
  return { kind: 'key', keyId, secret };
}
