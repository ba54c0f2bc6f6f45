import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { ALL_TOPICS } from '@exchange/contracts';
import { ApiClient, ApiCredentials, DEFAULT_PORTS, ServiceName, ServiceProcess } from '@exchange/testing';
import { createDatabase, createTestAccount } from '@exchange/persistence';
import { migrate } from '../../tools/migrate';
import { seed } from '../../tools/seed';

/** The broker the test runner (or the benchmark) started and exported; read late, after it did. */
const testBrokers = (): string[] => (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(',');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const LOG_DIR = join(__dirname, '..', '..', '..', '.run', 'test-logs');

/** Back-end services in start order; the price feed stays off so tests set prices themselves. */
const SERVICES: readonly ServiceName[] = ['matching-engine', 'settlement', 'portfolio-margin', 'gateway'];

export interface TestAccount extends ApiCredentials {
  readonly accountId: string;
}

/**
 * A whole exchange for one end-to-end test file: a fresh database, emptied topics, the four
 * services as real processes, and funded accounts created before the services start (the risk
 * service reads accounts at start-up).
 */
export class ExchangeHarness {
  readonly services = new Map<ServiceName, ServiceProcess>();

  private constructor(
    readonly databaseUrl: string,
    readonly pool: Pool,
    readonly accounts: Record<string, TestAccount>,
    readonly staff: TestAccount,
  ) {}

  /** `deposits`: per account, its USDC ("1000"), or its assets ({USDC: "0", BTC: "1"}). */
  static async start(
    name: string,
    deposits: Record<string, string | Readonly<Record<string, string>>>,
    services: readonly ServiceName[] = SERVICES,
  ): Promise<ExchangeHarness> {
    const databaseUrl = await freshDatabase(`exchange_e2e_${name}`);
    await emptyTopics();
    await migrate(databaseUrl);
    await seed(databaseUrl, { demoAccounts: false, demoListings: false });
    const database = createDatabase(databaseUrl);
    const accounts: Record<string, TestAccount> = {};
    let staff: TestAccount;
    try {
      for (const [account, deposit] of Object.entries(deposits)) {
        const { USDC: depositUsdc = '0', ...coins } = typeof deposit === 'string' ? { USDC: deposit } : deposit;
        accounts[account] = await createTestAccount(database, { name: `${name}-${account}`, depositUsdc, coins });
      }
      staff = await createTestAccount(database, { name: `${name}-staff`, depositUsdc: '0', role: 'staff' });
    } finally {
      await database.close();
    }
    const harness = new ExchangeHarness(
      databaseUrl,
      new Pool({ connectionString: databaseUrl, max: 2 }),
      accounts,
      staff,
    );
    for (const service of services) await harness.startService(service);
    return harness;
  }

  get api(): ApiClient {
    return new ApiClient(`http://127.0.0.1:${DEFAULT_PORTS.gateway}`);
  }

  client(account: string): ApiClient {
    return this.api.as(this.accounts[account]);
  }

  get staffClient(): ApiClient {
    return this.api.as(this.staff);
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${DEFAULT_PORTS.gateway}/v1/ws`;
  }

  service(name: ServiceName): ServiceProcess {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} not started`);
    return service;
  }

  async startService(name: ServiceName): Promise<void> {
    const service =
      this.services.get(name) ??
      new ServiceProcess({
        name,
        port: DEFAULT_PORTS[name],
        env: { DATABASE_URL: this.databaseUrl, KAFKA_BROKERS: testBrokers().join(','), LOG_LEVEL: 'info' },
        logFile: join(LOG_DIR, `${name}.log`),
      });
    this.services.set(name, service);
    service.start();
    await service.waitHealthy();
  }

  /** Sets index (and mark) prices through the staff API, as an operator would. */
  async setPrice(underlying: string, indexPrice: string): Promise<void> {
    const response = await this.staffClient.post('/admin/v1/prices', { underlying, indexPrice });
    if (response.status !== 202)
      throw new Error(`price not accepted: ${response.status} ${JSON.stringify(response.body)}`);
  }

  async stop(): Promise<void> {
    for (const service of [...this.services.values()].reverse()) await service.stop();
    await this.pool.end();
  }
}

async function freshDatabase(name: string): Promise<string> {
  const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Deletes and recreates the exchange's topics and forgets every consumer group's offsets, so
 * services that replay from the beginning start clean.
 */
async function emptyTopics(): Promise<void> {
  const admin = new Kafka({ clientId: 'e2e-harness', brokers: testBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await retryWhileLoading(() => admin.listGroups());
    if (groups.length > 0) await admin.deleteGroups(groups.map((group) => group.groupId)).catch(() => undefined);
    const existing = new Set(await admin.listTopics());
    const names = ALL_TOPICS.map((topic) => topic.name).filter((topic) => existing.has(topic));
    if (names.length > 0) await admin.deleteTopics({ topics: names, timeout: 30_000 });
    for (let attempt = 0; attempt < 100; attempt++) {
      const left = (await admin.listTopics()).filter((topic) => names.includes(topic));
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.createTopics({
      topics: ALL_TOPICS.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Right after a broker starts, its group coordinator answers "loading" for a moment. */
async function retryWhileLoading<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
