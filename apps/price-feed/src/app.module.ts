import { Module } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { createDatabase, MarketRepository } from '@exchange/persistence';
import { PRICE_FEED_CONFIG } from './config';
import { DEFAULT_SURFACE_VOLS, DEMO_WALKS } from './demo-underlyings';
import {
  BUS,
  ForwardSettings,
  FORWARDS,
  INTERVAL_MS,
  LOGGER,
  MARKETS,
  PriceFeedWorker,
  WALK,
} from './price-feed.worker';
import { RandomWalk } from './random-walk';

export const config = readConfigOrExit('price-feed', PRICE_FEED_CONFIG);
export const logger = createLogger('price-feed', config.LOG_LEVEL);
// Read once at start (the listed futures and options); listings after that arrive on Kafka.
const database = createDatabase(config.DATABASE_URL, { maxConnections: 1, applicationName: 'price-feed' });

@Module({
  controllers: [OPS_CONTROLLER],
  providers: [
    { provide: LOGGER, useValue: logger },
    { provide: MetricsRegistry, useValue: new MetricsRegistry() },
    {
      provide: BUS,
      useValue: createKafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-feed`, logger }),
    },
    { provide: WALK, useValue: new RandomWalk(DEMO_WALKS, config.PRICE_FEED_SEED) },
    { provide: INTERVAL_MS, useValue: config.PRICE_FEED_INTERVAL_MS },
    {
      provide: MARKETS,
      useValue: {
        list: async () => {
          try {
            return await new MarketRepository(database).list();
          } finally {
            await database.close();
          }
        },
      },
    },
    {
      provide: FORWARDS,
      useValue: {
        basisRate: config.PRICE_FEED_BASIS_RATE,
        defaultVols: DEFAULT_SURFACE_VOLS,
      } satisfies ForwardSettings,
    },
    PriceFeedWorker,
    {
      provide: HEALTH_CHECKS,
      inject: [BUS, PriceFeedWorker],
      useFactory: (bus: MessageBus, worker: PriceFeedWorker) => async () => ({
        kafka: await bus.ping(),
        ready: worker.ready,
      }),
    },
  ],
})
export class AppModule {}
