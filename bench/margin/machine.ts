import { availableParallelism, cpus, loadavg } from 'node:os';

/** The machine and its load, for the report line of a benchmark run. */
export function machineLine(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} CPUs (${model}), Node.js ${process.version}, load average ${load} (1, 5, 15 min)`;
}

/** Today's date, YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
