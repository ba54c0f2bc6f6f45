import { Module } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { DEFAULT_FEE_SCHEDULE } from '@exchange/ledger';
import { DEFAULT_PERP_PARAMS, RiskEngine } from '@exchange/margin';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { AccountRepository, createDatabase, MarketRepository, RiskSnapshot } from '@exchange/persistence';
import { PORTFOLIO_MARGIN_CONFIG } from './config';
import { RiskWorker } from './risk.worker';
import { BUS, LOGGER, RISK_ENGINE } from './tokens';

export const config = readConfigOrExit('portfolio-margin', PORTFOLIO_MARGIN_CONFIG);
export const logger = createLogger('portfolio-margin', config.LOG_LEVEL);

interface StartState {
  readonly engine: RiskEngine;
  readonly snapshot: RiskSnapshot;
}

/** Markets and account state as settlement last committed them, read once at start. */
async function loadStartState(): Promise<StartState> {
  const database = createDatabase(config.DATABASE_URL);
  try {
    const markets = await new MarketRepository(database).list();
    const snapshot = await new AccountRepository(database).loadRiskSnapshot();
    const engine = new RiskEngine(markets, DEFAULT_PERP_PARAMS, DEFAULT_FEE_SCHEDULE);
    for (const account of snapshot.accounts) engine.loadAccount(account);
    for (const [market, seq] of Object.entries(snapshot.appliedSequences)) engine.restoreSequence(market, seq);
    return { engine, snapshot };
  } finally {
    await database.close();
  }
}

@Module({
  controllers: [OPS_CONTROLLER],
  providers: [
    { provide: LOGGER, useValue: logger },
    { provide: MetricsRegistry, useValue: new MetricsRegistry() },
    {
      provide: BUS,
      useValue: createKafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-risk`, logger }),
    },
    { provide: 'START_STATE', useFactory: loadStartState },
    { provide: RISK_ENGINE, inject: ['START_STATE'], useFactory: (state: StartState) => state.engine },
    { provide: 'RISK_SNAPSHOT', inject: ['START_STATE'], useFactory: (state: StartState) => state.snapshot },
    RiskWorker,
    {
      provide: HEALTH_CHECKS,
      inject: [BUS, RiskWorker],
      useFactory: (bus: MessageBus, worker: RiskWorker) => async () => ({
        kafka: await bus.ping(),
        ready: worker.ready,
      }),
    },
  ],
})
export class AppModule {}
