import { performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { percentiles, type Percentiles } from '../stats';
import type { EngineKind, EngineUnderTest } from './engines';
import type { BookSummary } from './model-book';
import type { CommandStream, StreamCommand } from './stream';

/** What one engine did with one stream. */
export interface EngineRun {
  readonly engine: string;
  readonly opsPerSec: number;
  /** Per-command latency in µs, net of the timer's own cost. */
  readonly latencyUs: Percentiles;
  readonly bytesPerOrder: number;
  readonly gcPauses: number;
  readonly maxGcPauseMs: number;
  /** Commands the engine refused, over all phases of both passes: 0 when it accepts the stream. */
  readonly rejected: number;
  /** The book at the end of each pass (latency pass, throughput pass). */
  readonly books: readonly [BookSummary, BookSummary];
}

export type Progress = (line: string) => void;

const PROGRESS_CHUNK = 250_000;

const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc (npm run bench:matching does)');
  gc();
};

const heapUsed = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** Records every GC the runtime reports; entries arrive asynchronously, so read them after a pause. */
class GcRecorder {
  private readonly entries: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => this.entries.push(...list.getEntries()));

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Pauses that started inside [from, to] (performance.now() times), once pending reports are in. */
  async pausesBetween(from: number, to: number): Promise<{ count: number; maxMs: number }> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inside = this.entries.filter((entry) => entry.startTime >= from && entry.startTime <= to);
    return { count: inside.length, maxMs: inside.reduce((max, entry) => Math.max(max, entry.duration), 0) };
  }

  stop(): void {
    this.observer.disconnect();
  }
}

/** Applies commands in chunks, reporting progress after each; returns how many the engine refused. */
function feed(engine: EngineUnderTest, commands: readonly StreamCommand[], label: string, progress: Progress): number {
  let rejected = 0;
  for (let from = 0; from < commands.length; from += PROGRESS_CHUNK) {
    const to = Math.min(commands.length, from + PROGRESS_CHUNK);
    for (let index = from; index < to; index++) if (!engine.apply(commands[index])) rejected++;
    if (commands.length > PROGRESS_CHUNK)
      progress(`  ${label}: ${to.toLocaleString('en-US')} / ${commands.length.toLocaleString('en-US')}`);
  }
  return rejected;
}

/**
 * The timed loop of the latency pass: one clock read per command boundary, so each sample is the
 * command plus one clock read and the loop step. `samples` receives milliseconds.
 */
function timeEachCommand(
  engine: Pick<EngineUnderTest, 'apply'>,
  commands: readonly StreamCommand[],
  samples: Float64Array,
): number {
  let rejected = 0;
  let previous = performance.now();
  for (let index = 0; index < commands.length; index++) {
    if (!engine.apply(commands[index])) rejected++;
    const now = performance.now();
    samples[index] = now - previous;
    previous = now;
  }
  return rejected;
}

/** The same loop around an engine that does nothing: the median sample is the timer's own cost, in µs. */
export function timerOverheadUs(commands: readonly StreamCommand[]): number {
  const samples = new Float64Array(commands.length);
  timeEachCommand({ apply: () => true }, commands, samples);
  return percentiles(samples).p50 * 1000;
}

/** Iterations of the busy work below: about 1.6 µs on the build machine. */
const BUSY_STEPS = 300;

/**
 * The same timed loop around fixed, allocation-free busy work instead of an engine: its tail is
 * what the machine (scheduler, other load, clock) adds to any command's latency. In µs, gross.
 */
export function noiseFloorUs(commands: readonly StreamCommand[]): Percentiles {
  let state = 1;
  const busy = (): boolean => {
    for (let step = 0; step < BUSY_STEPS; step++) state = (state * 31 + step) | 0;
    return state !== 0;
  };
  const samples = new Float64Array(commands.length);
  timeEachCommand({ apply: busy }, commands, samples);
  const { p50, p99, p999, max } = percentiles(samples);
  return { p50: p50 * 1000, p99: p99 * 1000, p999: p999 * 1000, max: max * 1000 };
}

interface PreparedBook {
  readonly engine: EngineUnderTest;
  readonly bytesPerOrder: number;
  readonly rejected: number;
}

/** A fresh book, built to the stream's resting size (heap measured around the build) and warmed up. */
function prepare(kind: EngineKind, stream: CommandStream, progress: Progress): PreparedBook {
  const before = heapUsed();
  const engine = kind.create();
  progress(`  ${kind.name}: building ${stream.build.length.toLocaleString('en-US')} resting orders`);
  let rejected = feed(engine, stream.build, 'build', progress);
  const bytesPerOrder = (heapUsed() - before) / stream.build.length;
  progress(`  ${kind.name}: warm-up, ${stream.warmup.length.toLocaleString('en-US')} commands`);
  rejected += feed(engine, stream.warmup, 'warm-up', progress);
  collectGarbage();
  return { engine, bytesPerOrder, rejected };
}

interface LatencyPass {
  readonly samples: Float64Array;
  readonly bytesPerOrder: number;
  readonly gc: { readonly count: number; readonly maxMs: number };
  readonly rejected: number;
  readonly book: BookSummary;
}

async function latencyPass(
  kind: EngineKind,
  stream: CommandStream,
  gc: GcRecorder,
  progress: Progress,
): Promise<LatencyPass> {
  const { engine, bytesPerOrder, rejected } = prepare(kind, stream, progress);
  progress(`  ${kind.name}: latency pass, ${stream.measured.length.toLocaleString('en-US')} commands timed one by one`);
  const samples = new Float64Array(stream.measured.length);
  const from = performance.now();
  const measuredRejected = timeEachCommand(engine, stream.measured, samples);
  const pauses = await gc.pausesBetween(from, performance.now());
  return { samples, bytesPerOrder, gc: pauses, rejected: rejected + measuredRejected, book: engine.summary() };
}

interface ThroughputPass {
  readonly opsPerSec: number;
  readonly rejected: number;
  readonly book: BookSummary;
}

function throughputPass(kind: EngineKind, stream: CommandStream, progress: Progress): ThroughputPass {
  const { engine, rejected } = prepare(kind, stream, progress);
  progress(`  ${kind.name}: throughput pass, ${stream.measured.length.toLocaleString('en-US')} commands`);
  const started = process.hrtime.bigint();
  const measuredRejected = feed(engine, stream.measured, 'measured', () => undefined);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { opsPerSec: stream.measured.length / seconds, rejected: rejected + measuredRejected, book: engine.summary() };
}

/**
 * Two passes over the stream, each on a fresh book (the first one's book is garbage by the time the
 * second is built): the latency pass times every measured command and watches GC; the throughput
 * pass times only the whole measured loop, so the latency pass's clock reads do not count against
 * throughput.
 */
export async function measure(
  kind: EngineKind,
  stream: CommandStream,
  timerUs: number,
  progress: Progress,
): Promise<EngineRun> {
  const gc = new GcRecorder();
  try {
    const latency = await latencyPass(kind, stream, gc, progress);
    const throughput = throughputPass(kind, stream, progress);
    const net = (ms: number): number => Math.max(0, ms * 1000 - timerUs);
    const raw = percentiles(latency.samples);
    return {
      engine: kind.name,
      opsPerSec: throughput.opsPerSec,
      latencyUs: { p50: net(raw.p50), p99: net(raw.p99), p999: net(raw.p999), max: net(raw.max) },
      bytesPerOrder: latency.bytesPerOrder,
      gcPauses: latency.gc.count,
      maxGcPauseMs: latency.gc.maxMs,
      rejected: latency.rejected + throughput.rejected,
      books: [latency.book, throughput.book],
    };
  } finally {
    gc.stop();
  }
}
