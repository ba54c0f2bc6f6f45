/**
 * npm run bench:margin-efficiency [-- --json] [-- --quick]
 *
 * Capital efficiency and safety of libs/margin's three models on the representative portfolios of
 * bench/margin/portfolios.ts: their IM in a static reference market (standard, scenario grid,
 * hedge-first default, and each as a ratio of the standard-margin sum), then a backtest along seeded
 * fat-tailed price and volatility paths: the share of liquidation windows whose loss exceeds the MM
 * at the window's start (the default model must stay at or below 0.5%). Writes the chart
 * docs/margin-efficiency.svg (not with --quick, a smoke run of a few short paths). Progress on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BacktestConfig, runBacktest, simulatedPaths } from './margin/backtest';
import { efficiencyOf } from './margin/efficiency';
import { machineLine, today } from './margin/machine';
import type { Underlying } from './margin/market';
import { summarizePaths } from './margin/path-summary';
import { PORTFOLIOS } from './margin/portfolios';
import {
  backtestTable,
  configLine,
  efficiencyChart,
  efficiencyTable,
  legsList,
  pathTable,
  toJson,
} from './margin/report';

const CHART_FILE = join(__dirname, '..', '..', 'docs', 'margin-efficiency.svg');

const FULL: BacktestConfig = {
  seed: 20_261_125,
  paths: 16,
  years: 1,
  warmupDays: 30,
  strideHours: 4,
  fastHours: 1,
  slowHours: 24,
  longSlowHours: 72,
  surfaceGrid: { min: -3, max: 3, steps: 120 },
};

const QUICK: BacktestConfig = { ...FULL, paths: 2, years: 0.1 };

function main(): void {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const config = quick ? QUICK : FULL;
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const machine = machineLine();

  progress('capital efficiency in the reference market...');
  const efficiencies = PORTFOLIOS.map(efficiencyOf);

  const underlyings = [...new Set(PORTFOLIOS.map((spec) => spec.underlying))];
  progress(`simulating ${config.paths} paths for each of ${underlyings.join(', ')}...`);
  const paths = new Map(
    underlyings.map((underlying): [Underlying, ReturnType<typeof simulatedPaths>] => [
      underlying,
      simulatedPaths(config, underlying),
    ]),
  );
  const backtests = runBacktest(PORTFOLIOS, paths, config, progress);
  const results = PORTFOLIOS.map((_, i) => ({ efficiency: efficiencies[i], backtest: backtests[i] }));

  if (!quick) {
    mkdirSync(dirname(CHART_FILE), { recursive: true });
    writeFileSync(CHART_FILE, efficiencyChart(results));
    progress(`chart written to ${CHART_FILE}`);
  }
  if (json) {
    console.log(toJson(results));
    return;
  }
  const summaries = underlyings.map((underlying) =>
    summarizePaths(underlying, paths.get(underlying) ?? [], config.warmupDays * 24),
  );
  console.log(
    [
      `margin efficiency and safety, ${today()}, ${machine}${quick ? ' (--quick: smoke run, figures not comparable)' : ''}`,
      '',
      'Portfolios (reference market; sizes in coins, negative = short):',
      legsList(results),
      '',
      'Initial margin in USD, to the nearest dollar; ratios to the standard-margin sum; MM breach rate of the default in the backtest:',
      efficiencyTable(results),
      '',
      `Backtest: ${configLine(config)}.`,
      'Share of windows whose liquidation loss exceeded the MM at the start:',
      backtestTable(results),
      '',
      'The simulated markets (hours after the warm-up):',
      pathTable(summaries),
    ].join('\n'),
  );
}

main();
