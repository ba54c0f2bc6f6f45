import { futureSpec, type MarketSpec } from '@exchange/domain';

/** A BTC future expiring 25 Dec 2026 08:00 UTC, listed after start in tests of the services that must learn of it. */
export const BTC_DEC26_FUTURE: MarketSpec = futureSpec({
  underlying: 'BTC',
  expiryMs: Date.UTC(2026, 11, 25, 8),
  tickSize: '0.5',
  lotSize: '0.001',
  minSizeLots: 1,
});
