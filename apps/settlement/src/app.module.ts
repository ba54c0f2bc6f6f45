import { Module } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { createDatabase, MarketRepository } from '@exchange/persistence';
import { SETTLEMENT_CONFIG } from './config';
import { PostgresSettlementStore } from './postgres-settlement-store';
import { SettlementWorker } from './settlement.worker';
import { SETTLEMENT_STORE, SettlementStore } from './settlement-store';
import { BUS, LOGGER, MARKETS } from './tokens';

export const config = readConfigOrExit('settlement', SETTLEMENT_CONFIG);
export const logger = createLogger('settlement', config.LOG_LEVEL);
const database = createDatabase(config.DATABASE_URL, { applicationName: 'settlement' });

@Module({
  controllers: [OPS_CONTROLLER],
  providers: [
    { provide: LOGGER, useValue: logger },
    { provide: MetricsRegistry, useValue: new MetricsRegistry() },
    {
      provide: BUS,
      useValue: createKafkaBus({
        brokers: config.KAFKA_BROKERS,
        clientId: `${config.KAFKA_CLIENT_ID}-settlement`,
        logger,
      }),
    },
    { provide: SETTLEMENT_STORE, useValue: new PostgresSettlementStore(database) },
    { provide: MARKETS, useValue: new MarketRepository(database) },
    SettlementWorker,
    {
      provide: HEALTH_CHECKS,
      inject: [BUS, SETTLEMENT_STORE, SettlementWorker],
      useFactory: (bus: MessageBus, store: SettlementStore, worker: SettlementWorker) => async () => ({
        kafka: await bus.ping(),
        postgres: await store.ping(),
        ready: worker.ready,
      }),
    },
  ],
})
export class AppModule {}
