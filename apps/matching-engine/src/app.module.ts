import { Module } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { createDatabase, MarketRepository } from '@exchange/persistence';
import { MATCHING_ENGINE_CONFIG } from './config';
import { MatchingWorker } from './matching.worker';
import { BUS, LOGGER, MARKETS } from './tokens';

export const config = readConfigOrExit('matching-engine', MATCHING_ENGINE_CONFIG);
export const logger = createLogger('matching-engine', config.LOG_LEVEL);

@Module({
  controllers: [OPS_CONTROLLER],
  providers: [
    { provide: LOGGER, useValue: logger },
    { provide: MetricsRegistry, useValue: new MetricsRegistry() },
    {
      provide: BUS,
      useValue: createKafkaBus({
        brokers: config.KAFKA_BROKERS,
        clientId: `${config.KAFKA_CLIENT_ID}-matching`,
        logger,
      }),
    },
    {
      // Market definitions are read once at start; the engine never waits on Postgres afterwards.
      provide: MARKETS,
      useFactory: async () => {
        const database = createDatabase(config.DATABASE_URL);
        try {
          return await new MarketRepository(database).list();
        } finally {
          await database.close();
        }
      },
    },
    MatchingWorker,
    {
      provide: HEALTH_CHECKS,
      inject: [BUS, MatchingWorker],
      useFactory: (bus: MessageBus, worker: MatchingWorker) => async () => ({
        kafka: await bus.ping(),
        ready: worker.ready,
      }),
    },
  ],
})
export class AppModule {}
