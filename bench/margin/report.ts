/** Tables, JSON and chart of `npm run bench:margin-efficiency`. */
import type { BacktestConfig, PortfolioBacktest } from './backtest';
import { type GroupedBarChart, groupedBarChart } from './chart';
import type { PortfolioEfficiency } from './efficiency';
import type { PathSummary } from './path-summary';

/** The backtest's ceiling on the default model's MM breach rate. */
const TARGET_EXCEEDANCE = 0.005;

export interface PortfolioResult {
  readonly efficiency: PortfolioEfficiency;
  readonly backtest: PortfolioBacktest;
}

/** A Markdown table with padded columns, readable as plain text too. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
): string {
  const widths = headers.map((header, c) => Math.max(header.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `| ${widths.map((width, c) => (numeric[c] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const microToUsd = (micro: bigint): number => Number(micro) / 1e6;

/** To the nearest USD (--json has the exact micro-USDC amounts). */
const usd = (micro: bigint): string => Math.round(microToUsd(micro)).toLocaleString('en-US');

const ratio = (part: bigint, whole: bigint): string => (whole === 0n ? '-' : (Number(part) / Number(whole)).toFixed(2));

const percent = (value: number, digits = 2): string => `${(value * 100).toFixed(digits)}%`;

const exceedanceRate = (count: number, backtest: PortfolioBacktest): number =>
  backtest.windows === 0 ? 0 : count / backtest.windows;

/** The q quantile of the sorted ratios (nearest rank). */
function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function legsList(results: readonly PortfolioResult[]): string {
  return results.map(({ efficiency }, i) => `${i + 1}. ${efficiency.name}: ${efficiency.legs}`).join('\n');
}

export function efficiencyTable(results: readonly PortfolioResult[]): string {
  const rows = results.map(({ efficiency: e, backtest }) => {
    const rate = exceedanceRate(backtest.byModel['hedge-first'].liquidation, backtest);
    return [
      e.name,
      usd(e.standard.initial),
      usd(e.grid.initial),
      usd(e.hedgeFirst.initial),
      ratio(e.grid.initial, e.standard.initial),
      ratio(e.hedgeFirst.initial, e.standard.initial),
      usd(e.hedgeFirst.maintenance),
      `${percent(rate)}${rate > TARGET_EXCEEDANCE ? ' (over 0.5%)' : ''}`,
    ];
  });
  return markdownTable(
    [
      'Portfolio',
      'Standard IM',
      'Grid IM',
      'Default IM',
      'Grid / std',
      'Default / std',
      'Default MM',
      'MM breached (default)',
    ],
    rows,
    [false, true, true, true, true, true, true, true],
  );
}

export function backtestTable(results: readonly PortfolioResult[]): string {
  const rows = results.map(({ efficiency, backtest }) => {
    const rateOf = (count: number): string => percent(exceedanceRate(count, backtest));
    const own = backtest.byModel['hedge-first'];
    return [
      efficiency.name,
      backtest.windows.toLocaleString('en-US'),
      rateOf(own.fast),
      rateOf(own.slow),
      rateOf(own.liquidation),
      rateOf(own.longSlow),
      quantile(backtest.defaultLossRatios, 1 - TARGET_EXCEEDANCE).toFixed(2),
      rateOf(backtest.byModel.standard.liquidation),
      rateOf(backtest.byModel.grid.liquidation),
    ];
  });
  return markdownTable(
    [
      'Portfolio',
      'Windows',
      'Default: 1 h',
      '1 h + 24 h',
      'Either (headline)',
      '1 h + 72 h',
      'Loss / MM at 99.5%',
      'Standard: either',
      'Grid: either',
    ],
    rows,
    [false, true, true, true, true, true, true, true, true],
  );
}

export function pathTable(summaries: readonly PathSummary[]): string {
  const rows = summaries.map((s) => [
    s.underlying,
    s.hours.toLocaleString('en-US'),
    percent(s.realisedVol, 1),
    s.excessKurtosis.toFixed(1),
    percent(s.worstHour, 1),
    percent(s.worstDay, 1),
    s.fallInHourlyVols.toFixed(2),
    `${percent(s.atm30dVol.min, 0)} - ${percent(s.atm30dVol.max, 0)}`,
    `${percent(s.priceRange.min, 1)} - ${percent(s.priceRange.max, 1)}`,
  ]);
  return markdownTable(
    [
      'Paths',
      'Hours',
      'Realised vol',
      'Excess kurtosis (1 h)',
      'Worst hour',
      'Worst day',
      '1 h fall / s_1h at 99.5%',
      '30-day ATM vol',
      'R_t',
    ],
    rows,
    [false, true, true, true, true, true, true, true, true],
  );
}

export function configLine(config: BacktestConfig): string {
  return (
    `seed ${config.seed}, ${config.paths} paths per underlying of ${config.years} year(s) after a ${config.warmupDays}-day warm-up, ` +
    `a window every ${config.strideHours} h; hedge after ${config.fastHours} h, losses at +${config.slowHours} h (headline) and +${config.longSlowHours} h`
  );
}

/** `--json`: IMs in USD as numbers (the micro-USDC requirement / 10^6, exact); exceedanceRate a fraction. */
export function toJson(results: readonly PortfolioResult[]): string {
  return JSON.stringify({
    portfolios: results.map(({ efficiency: e, backtest }) => ({
      name: e.name,
      standardIM: microToUsd(e.standard.initial),
      gridIM: microToUsd(e.grid.initial),
      defaultIM: microToUsd(e.hedgeFirst.initial),
      exceedanceRate: exceedanceRate(backtest.byModel['hedge-first'].liquidation, backtest),
    })),
  });
}

/** IM of each model as a percentage of the standard-margin sum, per portfolio, with the default's breach rate. */
export function efficiencyChart(results: readonly PortfolioResult[]): string {
  const share = (part: bigint, whole: bigint): number => (whole === 0n ? 0 : (100 * Number(part)) / Number(whole));
  const chart: GroupedBarChart = {
    title: 'Initial margin of representative portfolios, as a share of standard margin',
    subtitle:
      'Reference market: BTC 50,000 (ETH 3,000), basis 5% (6%) a year, ATM vols 60-62% (71-72%) with a mild put skew, expiries 7/30/90 days. npm run bench:margin-efficiency',
    yLabel: 'Initial margin, % of the standard-margin sum',
    xLabel: 'Portfolio (under each: share of backtest liquidations whose loss topped the default MM; target <= 0.5%)',
    yMax: 250,
    yStep: 50,
    unit: '%',
    series: [
      { name: 'Standard', color: '#9e9e9e' },
      { name: 'Scenario grid', color: '#4c78a8' },
      { name: 'Hedge-first (default)', color: '#f58518' },
    ],
    groups: results.map(({ efficiency: e, backtest }) => ({
      label: e.name,
      note: `MM breached ${percent(exceedanceRate(backtest.byModel['hedge-first'].liquidation, backtest))}`,
      values: [100, share(e.grid.initial, e.standard.initial), share(e.hedgeFirst.initial, e.standard.initial)],
    })),
    reference: { value: 100, label: 'standard margin' },
  };
  return groupedBarChart(chart);
}
