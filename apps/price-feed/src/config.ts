import { DATABASE, KAFKA, LOGGING, env, type Variable } from '@exchange/config';

/** An annual rate as a decimal fraction, e.g. 0.05; negative for a market in backwardation. */
const annualRate = (description: string, fallback: number): Variable<number> => ({
  description,
  fallback,
  parse: (raw) => {
    const value = Number(raw);
    if (!/^-?\d+(\.\d+)?$/.test(raw) || Math.abs(value) >= 1)
      throw new Error('must be a decimal rate between -1 and 1');
    return value;
  },
});

export const PRICE_FEED_CONFIG = {
  ...DATABASE,
  ...KAFKA,
  ...LOGGING,
  PORT: env.port('HTTP port for /health and /metrics', 3004),
  HOST: env.string('HTTP bind address', '127.0.0.1'),
  PRICE_FEED_SEED: env.positiveInt('seed of the simulated random walk', 1),
  PRICE_FEED_INTERVAL_MS: env.positiveInt('milliseconds between simulated price updates', 1000),
  PRICE_FEED_BASIS_RATE: annualRate(
    'annual basis of dated futures over the index: mark = index x exp(rate x years)',
    0.05,
  ),
};
