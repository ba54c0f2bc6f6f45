import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { readConfigOrExit } from '@exchange/config';
import { createKafkaBus, MessageBus } from '@exchange/kafka';
import { DEFAULT_FEE_SCHEDULE } from '@exchange/ledger';
import { DEFAULT_PORTFOLIO_PARAMS, RiskEngine } from '@exchange/margin';
import { createLogger, HEALTH_CHECKS, MetricsRegistry, OPS_CONTROLLER } from '@exchange/observability';
import { AccountRepository, createDatabase, Database, MarketRepository, RiskSnapshot } from '@exchange/persistence';
import { PORTFOLIO_MARGIN_CONFIG } from './config';
import { RiskWorker } from './risk.worker';
import { InternalController } from './internal.controller';
import { ACCOUNT_STORE, BUS, LOGGER, RISK_ENGINE } from './tokens';

export const config = readConfigOrExit('portfolio-margin', PORTFOLIO_MARGIN_CONFIG);
export const logger = createLogger('portfolio-margin', config.LOG_LEVEL);

const DATABASE = Symbol('DATABASE');

interface StartState {
  readonly engine: RiskEngine;
  readonly snapshot: RiskSnapshot;
}

/** Markets and account state as settlement last committed them, read once at start. */
async function loadStartState(database: Database): Promise<StartState> {
  const markets = await new MarketRepository(database).list();
  const snapshot = await new AccountRepository(database).loadRiskSnapshot();
  const engine = new RiskEngine(markets, DEFAULT_PORTFOLIO_PARAMS, DEFAULT_FEE_SCHEDULE);
  for (const account of snapshot.accounts) engine.loadAccount(account);
  for (const [market, seq] of Object.entries(snapshot.appliedSequences)) engine.restoreSequence(market, seq);
  return { engine, snapshot };
}

/** Closes the database pool when the service stops. */
class DatabaseLifetime implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

@Module({
  controllers: [OPS_CONTROLLER, InternalController],
  providers: [
    { provide: LOGGER, useValue: logger },
    { provide: MetricsRegistry, useValue: new MetricsRegistry() },
    {
      provide: BUS,
      useValue: createKafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-risk`, logger }),
    },
    { provide: DATABASE, useFactory: () => createDatabase(config.DATABASE_URL, { maxConnections: 2 }) },
    DatabaseLifetime,
    { provide: 'START_STATE', inject: [DATABASE], useFactory: loadStartState },
    {
      provide: ACCOUNT_STORE,
      inject: [DATABASE],
      useFactory: (database: Database) => new AccountRepository(database),
    },
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
