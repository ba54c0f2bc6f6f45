import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ConfigError, readConfig } from '@exchange/config';
import { createLogger } from '@exchange/observability';
import { openMessageBus } from './adapters/kafka.adapter';
import { openGatewayStore } from './adapters/persistence.adapter';
import { GATEWAY_CONFIG, GatewayConfig, settingsOf } from './config';
import { createGatewayApp } from './create-app';

function loadConfig(): GatewayConfig {
  try {
    return readConfig(GATEWAY_CONFIG, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));

  // Every replica consumes every stream, so each gets consumer groups of its own.
  const instanceId = `gateway-${randomBytes(4).toString('hex')}`;
  const app = await createGatewayApp({
    settings: settingsOf(config, instanceId),
    logger,
    bus: openMessageBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-${instanceId}`, logger }),
    store: openGatewayStore(config.DATABASE_URL, (error) => logger.warn('idle Postgres connection failed', { error })),
  });
  app.enableShutdownHooks();
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info('gateway listening', { host: config.HOST, port: config.PORT, instanceId });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
