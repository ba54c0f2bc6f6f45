/**
 * npm run bench:margin [-- --json] [-- --quick]
 *
 * Speed of libs/margin's portfolio margin on one core: the pre-trade check on ScenarioBook's fast path
 * for accounts of 1, 10 and 100 positions (targets: p50 under 2 us, p99 under 10 us whatever the
 * size), the full revaluation of one account of 100 option positions (full Black-76 repricing), and
 * the revaluation of 10,000 accounts after one price tick (target: under 1 s), and the service's own gate
 * (RiskEngine.checkCommand on portfolio accounts). Progress on stderr.
 */
import { hrtimeOverheadNs } from './stats';
import { machineLine, today } from './margin/machine';
import { Random } from './margin/random';
import { markdownTable } from './margin/report';
import { type GateResult, measureServiceGate } from './margin/engine-gate';
import { speedUniverse } from './margin/speed-book';
import {
  type CheckResult,
  type Latency,
  type RevaluationResult,
  measureCheck,
  measureFullRevaluation,
  measureRevaluation,
} from './margin/speed';

const SEED = 20_261_125;
const CHECK_SIZES = [1, 10, 100] as const;

interface Plan {
  readonly checks: number;
  readonly gateChecks: number;
  readonly fullRuns: number;
  readonly ticks: number;
}

const FULL: Plan = { checks: 200_000, gateChecks: 20_000, fullRuns: 60, ticks: 10 };
const QUICK: Plan = { checks: 20_000, gateChecks: 4_000, fullRuns: 10, ticks: 2 };

const us = (value: number): string => `${value.toFixed(2)} us`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

function checkTable(checks: readonly CheckResult[]): string {
  return markdownTable(
    ['Positions', 'p50', 'p99', 'max', 'Accepted', 'Full model via ScenarioBook p50 / p99'],
    checks.map((check) => [
      String(check.positions),
      us(check.latency.p50),
      us(check.latency.p99),
      us(check.latency.max),
      `${(check.acceptedShare * 100).toFixed(0)}%`,
      `${us(check.fullModel.p50)} / ${us(check.fullModel.p99)}`,
    ]),
    [true, true, true, true, true, true],
  );
}

function gateTable(gates: readonly GateResult[]): string {
  return markdownTable(
    ['Positions', 'p50', 'p99', 'max', 'Accepted'],
    gates.map((gate) => [
      String(gate.positions),
      us(gate.p50),
      us(gate.p99),
      us(gate.max),
      `${(gate.acceptedShare * 100).toFixed(0)}%`,
    ]),
    [true, true, true, true, true],
  );
}

function revaluationTable(runs: readonly RevaluationResult[]): string {
  return markdownTable(
    ['Accounts', 'Positions each', 'Refresh p50', 'Total p50', 'Total max'],
    runs.map((run) => [
      run.accounts.toLocaleString('en-US'),
      String(run.positionsPerAccount),
      ms(run.refreshMs.p50),
      ms(run.totalMs.p50),
      ms(run.totalMs.max),
    ]),
    [true, true, true, true, true],
  );
}

function main(): void {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const plan = argv.includes('--quick') ? QUICK : FULL;
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const machine = machineLine();
  const random = new Random(SEED);
  const universe = speedUniverse();
  const timerNs = hrtimeOverheadNs();

  const checks = CHECK_SIZES.map((positions) => {
    progress(
      `pre-trade check, ${positions} position(s): ${plan.checks.toLocaleString('en-US')} checks after as many warm-up`,
    );
    return measureCheck(universe, positions, random, plan.checks);
  });
  const gates = CHECK_SIZES.map((positions) => {
    progress(`the service's gate (RiskEngine.checkCommand), ${positions} position(s): ${plan.gateChecks} checks`);
    return measureServiceGate(universe, positions, random, plan.gateChecks);
  });
  progress('full revaluation of one account of 100 options...');
  const oneAccount: Latency = measureFullRevaluation(universe, 100, random, plan.fullRuns);
  const revaluations = [10, 100].map((positions) => {
    progress(`revaluation of 10,000 accounts of ${positions} positions, ${plan.ticks} ticks after as many warm-up...`);
    return measureRevaluation(universe, 10_000, positions, random, plan.ticks);
  });

  if (json) {
    console.log(
      JSON.stringify({
        checkUs: Object.fromEntries(
          checks.map((c) => [String(c.positions), { p50: c.latency.p50, p99: c.latency.p99 }]),
        ),
        serviceGateUs: Object.fromEntries(gates.map((g) => [String(g.positions), { p50: g.p50, p99: g.p99 }])),
        revalue10kAccountsMs: revaluations[0].totalMs.p50,
        revalueOneAccount100OptionsMs: oneAccount.p50,
      }),
    );
    return;
  }
  console.log(
    [
      `margin speed, ${today()}, ${machine}`,
      `Universe: ${universe.length} BTC instruments; ${plan.checks.toLocaleString('en-US')} timed checks per size; seed ${SEED}.`,
      `Timer: one process.hrtime.bigint() read costs about ${timerNs} ns, included in every sample below.`,
      '',
      'Pre-trade check on the ScenarioBook fast path (target p50 < 2 us, p99 < 10 us):',
      checkTable(checks),
      '',
      `The service's gate: RiskEngine.checkCommand on portfolio accounts (integer orders in, held on acceptance, hedge-first with contingencies and open orders on their worse side), ${plan.gateChecks.toLocaleString('en-US')} timed checks per size over 256 accounts:`,
      gateTable(gates),
      '',
      `Full revaluation of one account of 100 option positions (hedge-first, full repricing): p50 ${ms(oneAccount.p50)}, p99 ${ms(oneAccount.p99)} over ${plan.fullRuns} runs`,
      '',
      `Revaluation after one price tick, refresh of every instrument vector included (target < 1 s for 10,000 accounts), ${plan.ticks} ticks:`,
      revaluationTable(revaluations),
    ].join('\n'),
  );
}

main();
