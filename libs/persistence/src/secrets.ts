import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API key secrets are stored only as their sha256, lowercase hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time, so response timing reveals nothing about the stored hash. */
export function verifySecret(secret: string, secretHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(secretHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export interface ApiKeyCredentials {
  /** Public, sent with every request: "ak_" and 24 hex digits. */
  readonly keyId: string;
  /** Shown once to its owner; only its hash is stored. */
  readonly secret: string;
}

export function newApiKeyCredentials(): ApiKeyCredentials {
  return { keyId: `ak_${randomBytes(12).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
}
