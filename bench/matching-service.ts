/**
 * npm run bench:matching-service [-- --json] [-- --commands N]
 *
 * The matching-engine service end to end through Kafka: commands are produced straight into
 * orders.accepted (as the risk service would, in batches) and the engine's answers are consumed
 * from matching.events. Reports commands per second from the first command sent to the last answer
 * received, and per-command latency from the command's send time (carried in `receivedAtUs`, which
 * the engine echoes as the batch's `timestampUs`) to the arrival of its answer. In the same run,
 * the raw Kafka produce-to-consume round trip on the same broker.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { KAFKA, readConfig } from '@exchange/config';
import { MATCHING_EVENTS, ORDERS_ACCEPTED, type BookCommand, type PlaceOrder } from '@exchange/contracts';
import { createKafkaBus } from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import { withTestBroker } from './test-broker';
import { ExchangeHarness } from '../test/support/exchange-harness';
import { measureKafkaRoundTrip } from './kafka-roundtrip';
import { percentiles, round } from './stats';

const BATCH = 200;
const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Limit orders around 50,000 from 100 accounts; about half cross and trade, the rest rest briefly. */
function command(n: number): PlaceOrder {
  return {
    kind: 'place',
    requestId: `bench-${n}`,
    orderId: `bench-${n}`,
    accountId: `acct-${n % 100}`,
    clientOrderId: null,
    market: 'BTC-PERP',
    side: n % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    timeInForce: n % 10 === 0 ? 'GTC' : 'IOC',
    priceTicks: 100_000 + ((n * 7) % 21) - 10,
    sizeLots: 1 + (n % 5),
    receivedAtUs: 0,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const countIndex = argv.indexOf('--commands');
  const total = countIndex >= 0 ? Number(argv[countIndex + 1]) : 50_000;
  if (!Number.isInteger(total) || total < BATCH) throw new Error(`--commands takes a whole number >= ${BATCH}`);
  const say = (line: string): void => {
    if (!json) console.error(line);
  };
  await withTestBroker(say, async () => {
    say('starting the matching engine alone...');
    const exchange = await ExchangeHarness.start('bench_matching', {}, ['matching-engine']);
    const { KAFKA_BROKERS } = readConfig(KAFKA, process.env);
    const bus = createKafkaBus({
      brokers: KAFKA_BROKERS,
      clientId: 'bench-matching-service',
      logger: createLogger('bench', 'warn'),
    });
    try {
      const run = randomUUID().slice(0, 8);
      const latenciesMs = new Float64Array(total);
      let answered = 0;
      let lastAnswerAt = 0;
      const done = new Promise<void>((resolve) => {
        void bus
          .subscribe({
            groupId: `bench-matching-service-${run}`,
            topic: MATCHING_EVENTS,
            start: { from: 'end' },
            handle: async (messages) => {
              const arrivedUs = nowUs();
              for (const { value } of messages) {
                if (!value.requestId.startsWith('bench-') || answered >= total) continue;
                latenciesMs[answered++] = (arrivedUs - value.timestampUs) / 1000;
              }
              lastAnswerAt = performance.now();
              if (answered >= total) resolve();
            },
          })
          .then((subscription) => subscription.ready);
      });
      await new Promise((resolve) => setTimeout(resolve, 2000)); // the consumer joins its group
      const publisher = await bus.publisher();
      say(`sending ${total} commands in batches of ${BATCH}...`);
      const started = performance.now();
      for (let sent = 0; sent < total; sent += BATCH) {
        const batch: BookCommand[] = [];
        const stamp = nowUs();
        for (let n = sent; n < Math.min(total, sent + BATCH); n++) batch.push({ ...command(n), receivedAtUs: stamp });
        await publisher.publish(ORDERS_ACCEPTED, batch);
        if (sent % 10_000 === 0 && sent > 0) say(`  ${sent} sent, ${answered} answered`);
      }
      await Promise.race([
        done,
        new Promise((_, reject) => setTimeout(() => reject(new Error('answers timed out')), 120_000)),
      ]);
      const elapsedS = (lastAnswerAt - started) / 1000;
      await publisher.close();
      const latency = percentiles(latenciesMs);
      say('measuring the raw Kafka round trip on the same broker...');
      const kafka = await measureKafkaRoundTrip(bus, { messages: 500, topicName: 'bench.roundtrip' });
      const result = {
        commandsPerSec: round(total / elapsedS, 0),
        commands: total,
        batchSize: BATCH,
        latencyMs: {
          p50: round(latency.p50),
          p99: round(latency.p99),
          p999: round(latency.p999),
          max: round(latency.max),
        },
        kafkaRoundTripMs: { p50: round(kafka.p50Ms), p99: round(kafka.p99Ms) },
        machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      };
      if (json) console.log(JSON.stringify(result));
      else {
        console.table({
          'commands/s (orders in -> events out)': result.commandsPerSec,
          'command latency p50 ms': result.latencyMs.p50,
          'command latency p99 ms': result.latencyMs.p99,
          'command latency p99.9 ms': result.latencyMs.p999,
          'command latency max ms': result.latencyMs.max,
          'kafka round trip p50 ms': result.kafkaRoundTripMs.p50,
          'kafka round trip p99 ms': result.kafkaRoundTripMs.p99,
        });
        console.log(result.machine);
      }
    } finally {
      await bus.close();
      await exchange.stop();
    }
  });
}

main().catch((error: Error) => {
  console.error(`bench:matching-service failed: ${error.message}`);
  process.exit(1);
});
