import { Module } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { BUS, INTERVAL_MS, LOGGER, PriceFeedWorker, WALK } from './price-feed.worker';
import { PRICE_FEED_CONFIG } from './config';
import { RandomWalk } from './random-walk';

export const config = readConfigOrExit('price-feed', PRICE_FEED_CONFIG);
export const logger = createLogger('price-feed', config.LOG_LEVEL);

/** Demo starting points: BTC at 50,000 and ETH at 3,000 USDC, in micro-USDC. */
const WALKS = [
  { underlying: 'BTC', startPrice: 50_000_000_000, stepVolatility: 0.0005 },
  { underlying: 'ETH', startPrice: 3_000_000_000, stepVolatility: 0.0007 },
];

@Module({
  controllers: [OPS_CONTROLLER],
  providers: [
    { provide: LOGGER, useValue: logger },
    { provide: MetricsRegistry, useValue: new MetricsRegistry() },
    {
      provide: BUS,
      useValue: createKafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-feed`, logger }),
    },
    { provide: WALK, useValue: new RandomWalk(WALKS, config.PRICE_FEED_SEED) },
    { provide: INTERVAL_MS, useValue: config.PRICE_FEED_INTERVAL_MS },
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
