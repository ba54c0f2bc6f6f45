import { KAFKA, LOGGING, env } from '@exchange/config';

export const PRICE_FEED_CONFIG = {
  ...KAFKA,
  ...LOGGING,
  PORT: env.port('HTTP port for /health and /metrics', 3004),
  HOST: env.string('HTTP bind address', '127.0.0.1'),
  PRICE_FEED_SEED: env.positiveInt('seed of the simulated random walk', 1),
  PRICE_FEED_INTERVAL_MS: env.positiveInt('milliseconds between simulated price updates', 1000),
};
