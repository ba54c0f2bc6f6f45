/**
 * npm run bench:matching [-- --json] [-- --quick]
 *
 * Our order book (libs/matching) against the npm package nodejs-order-book, in one process, on the
 * same pre-generated command stream in the style of exchange-core's performance tests: 82% moves
 * (price amends) of resting orders, 9% new GTC orders, 3% IOC orders, 6% cancels, over a book of
 * about 1,000 resting orders and then over a book of 1,000,000 resting orders on 10,000 levels.
 * For each engine: commands per second, per-command latency, heap bytes per resting order and GC
 * pauses during the measured phase. Progress goes to stderr.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { OURS, PEER, ourBookAmends } from './matching/engines';
import { measure, noiseFloorUs, timerOverheadUs, type Progress } from './matching/measure';
import { agreement, machineLine, table, toJson, type Comparison, type Machine } from './matching/report';
import { generateStream, type StreamShape } from './matching/stream';

interface Options {
  readonly json: boolean;
  /** A tenth of the commands and no large book: a smoke run. */
  readonly quick: boolean;
}

const SMALL: StreamShape = {
  seed: 1,
  restingOrders: 1_000,
  levelsPerSide: 100,
  warmupCommands: 200_000,
  measuredCommands: 1_000_000,
};

const LARGE: StreamShape = {
  seed: 2,
  restingOrders: 1_000_000,
  levelsPerSide: 5_000,
  warmupCommands: 200_000,
  measuredCommands: 1_000_000,
};

const quickened = (shape: StreamShape): StreamShape => ({
  ...shape,
  warmupCommands: shape.warmupCommands / 10,
  measuredCommands: shape.measuredCommands / 10,
});

async function compare(title: string, shape: StreamShape, progress: Progress): Promise<Comparison> {
  progress(`${title}: generating the stream`);
  const stream = generateStream(shape);
  const timerUs = timerOverheadUs(stream.measured);
  const noiseUs = noiseFloorUs(stream.measured);
  const ours = await measure(OURS, stream, timerUs, progress);
  const peer = await measure(PEER, stream, timerUs, progress);
  const comparison = { title, stream, timerUs, noiseUs, ours, peer };
  progress(agreement(comparison));
  return comparison;
}

/** The machine is shared: the load average says how much else ran during the measurement. */
const currentLoad = (): string =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options: Options = { json: argv.includes('--json'), quick: argv.includes('--quick') };
  const started = Date.now();
  const progress: Progress = (line) =>
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  if (!ourBookAmends()) {
    throw new Error('libs/matching does not apply amends yet: the stream moves orders by amend');
  }
  const machine: Machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.versions.node,
    date: new Date().toISOString(),
  };
  const loadAtStart = currentLoad();
  progress(`${machineLine(machine)}, load average ${loadAtStart}`);
  const small = await compare('about 1,000 resting orders', options.quick ? quickened(SMALL) : SMALL, progress);
  const large = options.quick ? null : await compare('1,000,000 resting orders', LARGE, progress);
  const load = `load average (1, 5, 15 min) at start ${loadAtStart}, at end ${currentLoad()}`;
  progress(load);
  if (options.json) console.log(toJson(small, large));
  else
    console.log(
      [`${machineLine(machine)}, ${load}`, table(small, false), ...(large ? [table(large, true)] : [])].join('\n\n'),
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
