import { env } from './config';

/** Defaults shared by every service and tool, so a fresh clone runs with no variables set. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/exchange';
export const DEFAULT_KAFKA_BROKERS = ['127.0.0.1:19092'];

export const DATABASE = {
  DATABASE_URL: env.postgresUrl('Postgres connection URL', DEFAULT_DATABASE_URL),
};

export const KAFKA = {
  KAFKA_BROKERS: env.brokers('Kafka bootstrap servers, comma-separated host:port', DEFAULT_KAFKA_BROKERS),
  KAFKA_CLIENT_ID: env.string('Kafka client id prefix', 'exchange'),
};

export const LOGGING = {
  LOG_LEVEL: env.oneOf(['debug', 'info', 'warn', 'error'] as const, 'minimum level of structured logs', 'info'),
};
