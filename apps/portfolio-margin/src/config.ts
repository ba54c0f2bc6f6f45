import { DATABASE, KAFKA, LOGGING, env } from '@exchange/config';

export const PORTFOLIO_MARGIN_CONFIG = {
  ...DATABASE,
  ...KAFKA,
  ...LOGGING,
  PORT: env.port('HTTP port for /health and /metrics', 3001),
  HOST: env.string('HTTP bind address', '127.0.0.1'),
};
