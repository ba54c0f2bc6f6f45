import { Module } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { createDatabase, Database, MarketRepository } from '@exchange/persistence';
import { MATCHING_ENGINE_CONFIG } from './config';
import { MatchingWorker } from './matching.worker';
import { SnapshotPolicy } from './snapshotter';
import { BUS, DATABASE, LOGGER, MARKETS, SNAPSHOT_POLICY } from './tokens';

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
      // Postgres is read at start (markets, snapshots) and written off the order path (snapshots).
      provide: DATABASE,
      useValue: createDatabase(config.DATABASE_URL, { maxConnections: 2, applicationName: 'matching-engine' }),
    },
    {
      provide: MARKETS,
      inject: [DATABASE],
      useFactory: (database: Database) => new MarketRepository(database).list(),
    },
    {
      provide: SNAPSHOT_POLICY,
      useValue: {
        everyCommands: config.MATCHING_SNAPSHOT_EVERY_COMMANDS,
        everySeconds: config.MATCHING_SNAPSHOT_EVERY_SECONDS,
        keep: config.MATCHING_SNAPSHOTS_KEPT,
      } satisfies SnapshotPolicy,
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
