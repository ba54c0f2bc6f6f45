import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from '../src/rate-limit/token-bucket';

describe('RateLimiter', () => {
  it('allows a full burst, then refuses until tokens refill', () => {
    const limiter = new RateLimiter(10, 3);
    const at = (ms: number) => limiter.take('k', ms);
    assert.deepEqual(at(0), { allowed: true, limit: 3, remaining: 2, retryAfterMs: 0 });
    assert.equal(at(0).remaining, 1);
    assert.equal(at(0).remaining, 0);
    assert.deepEqual(at(0), { allowed: false, limit: 3, remaining: 0, retryAfterMs: 100 });
    assert.deepEqual(at(50), { allowed: false, limit: 3, remaining: 0, retryAfterMs: 50 });
    assert.equal(at(100).allowed, true);
  });

  it('never refills beyond the burst', () => {
    const limiter = new RateLimiter(10, 3);
    limiter.take('k', 0);
    assert.equal(limiter.take('k', 60_000).remaining, 2);
  });

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter(1, 1);
    assert.equal(limiter.take('a', 0).allowed, true);
    assert.equal(limiter.take('a', 0).allowed, false);
    assert.equal(limiter.take('b', 0).allowed, true);
  });
});
