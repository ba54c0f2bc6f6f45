/**
 * Every test tier in one run, the README's test command (`npm test`, after build and static
 * checks): unit tests, then integration and end-to-end tests against a real Postgres and a real
 * Kafka broker (started here unless KAFKA_BROKERS names one). Ends with one summary line over all
 * tiers: "N passed, N failed, N skipped"; exits non-zero on any failure or when nothing ran.
 *
 *   node dist/tools/test-all.js [unit] [integration] [e2e]
 */
import { DATABASE, readConfig } from '@exchange/config';
import { ensureBroker, stopBroker } from './kafka-broker';
import { checkPostgres } from './prerequisites';
import { addResult, emptyResult, runTier, summaryLine } from './run-tests';

const ALL_TIERS = ['unit', 'integration', 'e2e'];

async function main(): Promise<void> {
  const tiers = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL_TIERS;
  const unknown = tiers.filter((tier) => !ALL_TIERS.includes(tier));
  if (unknown.length > 0) throw new Error(`unknown tier ${unknown.join(', ')}; tiers: ${ALL_TIERS.join(', ')}`);
  const total = emptyResult();
  const needsInfrastructure = tiers.some((tier) => tier !== 'unit');
  let startedBroker = false;
  try {
    if (needsInfrastructure) {
      await checkPostgres(readConfig(DATABASE, process.env).DATABASE_URL);
      startedBroker = !process.env.KAFKA_BROKERS;
      const brokers = await ensureBroker({ fresh: startedBroker });
      process.env.KAFKA_BROKERS = brokers.join(',');
    }
    for (const tier of tiers) {
      const result = runTier(tier, tier === 'unit' ? 2 : 1);
      console.log(`${tier}: ${summaryLine(result)}`);
      addResult(total, result);
    }
  } finally {
    if (startedBroker) await stopBroker();
  }
  console.log(summaryLine(total));
  process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0;
}

main().catch((error: Error) => {
  console.error(`tests did not run: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
