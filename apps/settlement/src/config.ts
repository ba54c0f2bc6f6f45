import { DATABASE, KAFKA, LOGGING, env } from '@exchange/config';

export const SETTLEMENT_CONFIG = {
  ...DATABASE,
  ...KAFKA,
  ...LOGGING,
  PORT: env.port('HTTP port for /health and /metrics', 3003),
  HOST: env.string('HTTP bind address', '127.0.0.1'),
};
