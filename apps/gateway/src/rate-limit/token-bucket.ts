/** Token-bucket limits per key: `ratePerSecond` tokens refill continuously up to `burst`. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Milliseconds until one token is available again (0 when one is). */
  readonly retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * One bucket per key. Buckets exist only for authenticated keys, so their number is bounded by
 * the keys in the database.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error('rate limit needs rate > 0 and burst >= 1');
  }

  take(key: string, nowMs: number): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedMs: nowMs };
    const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    bucket.updatedMs = nowMs;
    this.buckets.set(key, bucket);

    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    const missing = Math.max(0, 1 - bucket.tokens);
    return {
      allowed,
      limit: this.burst,
      remaining: Math.floor(bucket.tokens),
      retryAfterMs: Math.ceil((missing * 1000) / this.ratePerSecond),
    };
  }
}
