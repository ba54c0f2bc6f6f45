/**
 * Starts the whole exchange on this machine, in the foreground:
 *   Kafka (a local broker unless KAFKA_BROKERS is set), Postgres migrations, demo data, then the
 *   services as separate processes, each waited for until healthy. Ctrl-C stops everything.
 *
 *   node dist/tools/exchange.js            (what `npm start` runs after building)
 */
import { join } from 'node:path';
import { DATABASE, readConfig } from '@exchange/config';
import { DEFAULT_PORTS, SERVICE_NAMES, ServiceProcess } from '@exchange/testing';
import { ensureBroker, stopBroker } from './kafka-broker';
import { migrate } from './migrate';
import { checkNode, checkPostgres } from './prerequisites';
import { DEMO_CREDENTIALS, seed } from './seed';

const LOG_DIR = join(__dirname, '..', '..', '.run', 'logs');

async function main(): Promise<void> {
  checkNode();
  const { DATABASE_URL } = readConfig(DATABASE, process.env);
  await checkPostgres(DATABASE_URL);
  const brokers = await ensureBroker();
  await migrate(DATABASE_URL);
  await seed(DATABASE_URL);

  const services = SERVICE_NAMES.map(
    (name) =>
      new ServiceProcess({
        name,
        port: DEFAULT_PORTS[name],
        env: { DATABASE_URL, KAFKA_BROKERS: brokers.join(',') },
        logFile: join(LOG_DIR, `${name}.log`),
      }),
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the exchange...');
    for (const service of [...services].reverse()) await service.stop();
    await stopBroker();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  for (const service of services) {
    service.start();
    await service.waitHealthy();
    console.log(
      `  ${service.options.name} up on :${service.options.port} (log: .run/logs/${service.options.name}.log)`,
    );
  }
  printWelcome();
}

function printWelcome(): void {
  const alice = DEMO_CREDENTIALS.alice;
  console.log(`
The exchange is running. Ctrl-C stops it.

  REST API        http://127.0.0.1:3000/v1        OpenAPI: http://127.0.0.1:3000/docs
  WebSocket       ws://127.0.0.1:3000/v1/ws       {"op":"subscribe","channel":"book","market":"BTC-PERP"}
  Markets         BTC-PERP, ETH-PERP, BTC futures and options (GET /v1/markets; prices and vol from the simulated feed)
  Demo accounts   alice  ${alice.keyId}.${alice.secret}
                  bob    ${DEMO_CREDENTIALS.bob.keyId}.${DEMO_CREDENTIALS.bob.secret}
  Staff           ${DEMO_CREDENTIALS.staff.keyId}.${DEMO_CREDENTIALS.staff.secret}

  Try:
    curl -s -H 'authorization: Bearer ${alice.keyId}.${alice.secret}' http://127.0.0.1:3000/v1/account
    curl -s -H 'authorization: Bearer ${alice.keyId}.${alice.secret}' -H 'content-type: application/json' \\
      -d '{"market":"BTC-PERP","side":"buy","type":"limit","price":"49000","quantity":"0.01"}' \\
      http://127.0.0.1:3000/v1/orders
    curl -s -X PUT -H 'authorization: Bearer ${alice.keyId}.${alice.secret}' -H 'content-type: application/json' \
      -d '{"mode":"portfolio"}' http://127.0.0.1:3000/v1/account/margin-mode
    curl -s -H 'authorization: Bearer ${alice.keyId}.${alice.secret}' -H 'content-type: application/json' \
      -d '{"positions":[{"market":"BTC-PERP","size":"-1"}],"model":"portfolio"}' http://127.0.0.1:3000/v1/margin/simulate
`);
}

main().catch((error: Error) => {
  console.error(`\nthe exchange did not start: ${error.message}`);
  process.exit(1);
});
