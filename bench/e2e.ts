/**
 * npm run bench:e2e [-- --json] [-- --seconds N] [-- --clients N]
 *
 * A bounded load on loopback through the whole exchange: several accounts place limit orders over
 * the REST API in closed loops (each client waits for its ack before sending again) for a fixed
 * time; reports sustained orders per second and order-to-ack latency as the client sees it. In the
 * same run, the raw Kafka produce-to-consume round trip on the same broker: the transport's own
 * floor under one order's several hops.
 */
import { hostname, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { KAFKA, readConfig } from '@exchange/config';
import { createKafkaBus } from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import { withTestBroker } from './test-broker';
import { ExchangeHarness } from '../test/support/exchange-harness';
import { measureKafkaRoundTrip } from './kafka-roundtrip';
import { percentiles, round } from './stats';

interface Options {
  readonly json: boolean;
  readonly seconds: number;
  readonly clients: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const index = argv.indexOf(flag);
    const parsed = index >= 0 ? Number(argv[index + 1]) : fallback;
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} takes a positive whole number`);
    return parsed;
  };
  return { json: argv.includes('--json'), seconds: value('--seconds', 20), clients: value('--clients', 8) };
}

/** A client alternates buys and sells around 50,000 so about half the orders trade and the book stays shallow. */
function orderFor(client: number, n: number): Record<string, string> {
  const side = (client + n) % 2 === 0 ? 'buy' : 'sell';
  const offset = ((n * 7 + client * 3) % 21) - 10; // -10..10 ticks of 0.5 around the mid
  return {
    market: 'BTC-PERP',
    side,
    type: 'limit',
    price: String(50000 + offset * 0.5),
    quantity: '0.001',
    timeInForce: 'GTC',
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const say = (line: string): void => {
    if (!options.json) console.log(line);
  };
  await withTestBroker(say, async () => {
    const deposits = Object.fromEntries(Array.from({ length: options.clients }, (_, i) => [`trader${i}`, '10000000']));
    say(`starting the exchange with ${options.clients} funded accounts...`);
    const exchange = await ExchangeHarness.start('bench', deposits);
    try {
      await exchange.setPrice('BTC', '50000');
      await waitForMark(exchange);

      say(`load: ${options.clients} clients, closed loop, ${options.seconds} s`);
      const latenciesMs: number[] = [];
      let errors = 0;
      const deadline = performance.now() + options.seconds * 1000;
      const started = performance.now();
      let lastReport = started;
      await Promise.all(
        Array.from({ length: options.clients }, async (_, client) => {
          const api = exchange.client(`trader${client}`);
          for (let n = 0; performance.now() < deadline; n++) {
            const sent = performance.now();
            const response = await api.post('/v1/orders', orderFor(client, n));
            latenciesMs.push(performance.now() - sent);
            if (response.status !== 201) errors++;
            if (client === 0 && performance.now() - lastReport > 5000) {
              lastReport = performance.now();
              say(`  ${Math.round((lastReport - started) / 1000)} s: ${latenciesMs.length} orders acked`);
            }
          }
        }),
      );
      const elapsedS = (performance.now() - started) / 1000;
      const ack = percentiles(latenciesMs);

      say('measuring the raw Kafka round trip on the same broker...');
      const { KAFKA_BROKERS } = readConfig(KAFKA, process.env);
      const bus = createKafkaBus({
        brokers: KAFKA_BROKERS,
        clientId: 'bench-e2e',
        logger: createLogger('bench', 'warn'),
      });
      const kafka = await measureKafkaRoundTrip(bus, { messages: 1000, topicName: 'bench.roundtrip' });
      await bus.close();

      const result = {
        ordersPerSec: round(latenciesMs.length / elapsedS, 1),
        orders: latenciesMs.length,
        rejected: errors,
        ackLatencyMs: { p50: round(ack.p50), p99: round(ack.p99), p999: round(ack.p999), max: round(ack.max) },
        kafkaRoundTripMs: { p50: round(kafka.p50Ms), p99: round(kafka.p99Ms) },
        clients: options.clients,
        seconds: options.seconds,
        machine: `${hostname()}: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      };
      if (options.json) {
        console.log(JSON.stringify(result));
      } else {
        console.table({
          'orders/s (sustained)': result.ordersPerSec,
          'orders acked': result.orders,
          'orders rejected': result.rejected,
          'ack p50 ms': result.ackLatencyMs.p50,
          'ack p99 ms': result.ackLatencyMs.p99,
          'ack p99.9 ms': result.ackLatencyMs.p999,
          'ack max ms': result.ackLatencyMs.max,
          'kafka round trip p50 ms': result.kafkaRoundTripMs.p50,
          'kafka round trip p99 ms': result.kafkaRoundTripMs.p99,
        });
        console.log(result.machine);
      }
    } finally {
      await exchange.stop();
    }
  });
}

/** The first order may race the price into the risk service; wait until an order is accepted. */
async function waitForMark(exchange: ExchangeHarness): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await exchange.client('trader0').post('/v1/orders', { ...orderFor(0, 0), price: '1000' });
    if (response.status === 201) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the exchange did not accept an order within 10 s');
}

main().catch((error: Error) => {
  console.error(`bench:e2e failed: ${error.message}`);
  process.exit(1);
});
