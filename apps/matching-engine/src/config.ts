import { DATABASE, KAFKA, LOGGING, env } from '@exchange/config';

export const MATCHING_ENGINE_CONFIG = {
  ...DATABASE,
  ...KAFKA,
  ...LOGGING,
  PORT: env.port('HTTP port for /health and /metrics', 3002),
  HOST: env.string('HTTP bind address', '127.0.0.1'),
  MATCHING_SNAPSHOT_EVERY_COMMANDS: env.positiveInt(
    'snapshot an input partition after this many commands since its last snapshot',
    10_000,
  ),
  MATCHING_SNAPSHOT_EVERY_SECONDS: env.positiveInt(
    'snapshot an input partition that took commands after this many seconds since its last snapshot',
    60,
  ),
  MATCHING_SNAPSHOTS_KEPT: env.positiveInt('snapshots kept per input partition', 3),
};
