import { round, type Percentiles } from '../stats';
import type { EngineRun } from './measure';
import type { BookSummary } from './model-book';
import type { CommandStream } from './stream';

/** Both engines on one stream. */
export interface Comparison {
  readonly title: string;
  readonly stream: CommandStream;
  /** The clock's own cost per timed command, subtracted from the latencies. */
  readonly timerUs: number;
  /** The timed loop around fixed busy work: the machine's own latency tail. */
  readonly noiseUs: Percentiles;
  readonly ours: EngineRun;
  readonly peer: EngineRun;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly date: string;
}

const ratio = (comparison: Comparison): number => comparison.ours.opsPerSec / comparison.peer.opsPerSec;

const sameBook = (a: BookSummary, b: BookSummary): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether every final book of both engines equals the generator's model of it, or what differs. */
export function agreement(comparison: Comparison): string {
  const { expected } = comparison.stream;
  const check = (run: EngineRun): string[] =>
    run.books.flatMap((book, pass) =>
      sameBook(book, expected) ? [] : [`${run.engine} pass ${pass + 1}: ${JSON.stringify(book)}`],
    );
  const differences = [...check(comparison.ours), ...check(comparison.peer)];
  const model = JSON.stringify(expected);
  return differences.length === 0
    ? `final books agree (ours, peer and the generator's model): ${model}`
    : `FINAL BOOKS DIFFER from the model ${model}:\n    ${differences.join('\n    ')}`;
}

const figures = (run: EngineRun): Record<string, number> => ({
  opsPerSec: Math.round(run.opsPerSec),
  p50Us: round(run.latencyUs.p50, 3),
  p99Us: round(run.latencyUs.p99, 3),
  p999Us: round(run.latencyUs.p999, 3),
  maxUs: round(run.latencyUs.max, 1),
  bytesPerOrder: Math.round(run.bytesPerOrder),
  maxGcPauseMs: round(run.maxGcPauseMs, 3),
});

/** The `--json` object: the ~1,000-order stream at the top level, the 1,000,000-order one under `large`. */
export function toJson(small: Comparison, large: Comparison | null): string {
  const entry = (comparison: Comparison) => ({
    ours: figures(comparison.ours),
    peer: figures(comparison.peer),
    ratio: round(ratio(comparison), 2),
  });
  return JSON.stringify(large ? { ...entry(small), large: entry(large) } : entry(small));
}

const count = (value: number): string => Math.round(value).toLocaleString('en-US');

function describeStream({ shape, measuredMix }: CommandStream): string {
  const total = shape.measuredCommands;
  const mix = Object.entries(measuredMix)
    .map(([kind, n]) => `${kind} ${((100 * n) / total).toFixed(1)}%`)
    .join(', ');
  return (
    `${count(shape.restingOrders)} resting orders over ${count(2 * shape.levelsPerSide)} levels, seed ${shape.seed}; ` +
    `${count(shape.warmupCommands)} warm-up + ${count(total)} measured commands (${mix})`
  );
}

const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

/** The targets: 10x the peer's throughput; with the large book also p99.9 < 5 µs and no GC pause > 1 ms. */
function targets(comparison: Comparison, withLatency: boolean): string {
  const { ours } = comparison;
  const lines = [
    `throughput ${ratio(comparison).toFixed(2)}x the peer's (target >= 10x): ${verdict(ratio(comparison) >= 10)}`,
  ];
  if (withLatency) {
    const p999 = ours.latencyUs.p999;
    lines.push(`p99.9 ${p999.toFixed(3)} µs (target < 5 µs): ${verdict(p999 < 5)}`);
    lines.push(
      `longest GC pause ${ours.maxGcPauseMs.toFixed(3)} ms (target <= 1 ms): ${verdict(ours.maxGcPauseMs <= 1)}`,
    );
  }
  return `targets, ours: ${lines.join('; ')}`;
}

/** The comparison as a table; `withLatencyTargets` adds the latency and GC targets (set for the large book). */
export function table(comparison: Comparison, withLatencyTargets: boolean): string {
  const { ours, peer, timerUs, noiseUs } = comparison;
  const rows: [string, (run: EngineRun) => number, (value: number) => string][] = [
    ['commands/s', (run) => run.opsPerSec, count],
    ['latency p50 (µs)', (run) => run.latencyUs.p50, (v) => v.toFixed(3)],
    ['latency p99 (µs)', (run) => run.latencyUs.p99, (v) => v.toFixed(3)],
    ['latency p99.9 (µs)', (run) => run.latencyUs.p999, (v) => v.toFixed(3)],
    ['latency max (µs)', (run) => run.latencyUs.max, (v) => v.toFixed(1)],
    ['heap bytes / resting order', (run) => run.bytesPerOrder, count],
    ['GC pauses (measured phase)', (run) => run.gcPauses, count],
    ['longest GC pause (ms)', (run) => run.maxGcPauseMs, (v) => v.toFixed(3)],
    ['refused commands', (run) => run.rejected, count],
  ];
  const lines = [
    `== ${comparison.title} ==`,
    describeStream(comparison.stream),
    '',
    `${'metric'.padEnd(28)}${'ours'.padStart(14)}${'peer'.padStart(14)}${'ours/peer'.padStart(12)}`,
    ...rows.map(([label, value, format]) => {
      const relative = value(peer) === 0 ? '-' : `${(value(ours) / value(peer)).toFixed(2)}x`;
      return `${label.padEnd(28)}${format(value(ours)).padStart(14)}${format(value(peer)).padStart(14)}${relative.padStart(12)}`;
    }),
    '',
    agreement(comparison),
    targets(comparison, withLatencyTargets),
    `latencies are net of the clock's own cost, ${(timerUs * 1000).toFixed(0)} ns per command (median of the same loop around a no-op)`,
    `machine noise floor, the same loop around fixed, allocation-free busy work (µs): ` +
      `p50 ${noiseUs.p50.toFixed(3)}, p99 ${noiseUs.p99.toFixed(3)}, p99.9 ${noiseUs.p999.toFixed(3)}, max ${noiseUs.max.toFixed(1)}`,
  ];
  return lines.join('\n');
}

export function machineLine(machine: Machine): string {
  return `${machine.date}: ${machine.cpus} CPUs (${machine.cpuModel}), Node.js ${machine.node}`;
}
