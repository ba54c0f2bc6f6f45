/**
 * Safety backtest: along seeded market paths, each window starts a liquidation of every portfolio.
 * At the start (t0) the book is formed and its MM computed under each model. The liquidation engine
 * hedges its delta with the perp one hour later (t1: the horizon of the hedge-first fast risk, whose
 * r_fast = z s_1h is a one-hour move), then closes the rest; the hedged book is held `slowHours`
 * (and, as a sensitivity, `longSlowHours`). Loss at a checkpoint = value at t0 minus value then
 * (options repriced with Black-76 on that hour's forwards and surface), minus the hedge's PnL, plus
 * the half-spread cost of the hedge trade and of closing the whole book: the costs MM's liquidation
 * add-on is there for. An exceedance is a window whose loss tops the MM of t0 at t1 or at t1 + slowHours.
 */
import type { Holding, Instrument, MarginModel, MoneynessGrid, RiskUnit, UnitMarket } from '@exchange/margin';
import { netHoldings, quoteInstrument } from '@exchange/margin';
import { MODELS, requirement } from './efficiency';
import { type Underlying, listedExpiries, perpetual, unitMarket } from './market';
import { PATH_MODELS, REFERENCE_NOW_SEC } from './models';
import { type SimulatedPath, simulatePath } from './paths';
import { type PortfolioSpec, deltaHedgeSize, holdingsOf, instrumentsOf } from './portfolios';

export interface BacktestConfig {
  readonly seed: number;
  /** Independent paths per underlying, each `years` long after `warmupDays`. */
  readonly paths: number;
  readonly years: number;
  readonly warmupDays: number;
  /** Hours between window starts (windows overlap when shorter than a window). */
  readonly strideHours: number;
  readonly fastHours: number;
  readonly slowHours: number;
  readonly longSlowHours: number;
  /** Where the simulated surfaces are checked for arbitrage (coarser than the default, for speed). */
  readonly surfaceGrid: MoneynessGrid;
}

/** Windows in which the loss topped MM, per checkpoint. */
export interface Exceedances {
  /** At t1, before the hedge helps. */
  readonly fast: number;
  /** At t1 + slowHours. */
  readonly slow: number;
  /** At t1 or t1 + slowHours: the headline count. */
  readonly liquidation: number;
  /** At t1 + longSlowHours (sensitivity). */
  readonly longSlow: number;
}

export interface PortfolioBacktest {
  readonly name: string;
  readonly windows: number;
  readonly byModel: Readonly<Record<MarginModel, Exceedances>>;
  /** Sorted loss / default MM at the headline checkpoints (the worse of the two), one per window. */
  readonly defaultLossRatios: Float64Array;
}

export type Progress = (line: string) => void;

interface Checkpoints {
  readonly start: UnitMarket;
  readonly hedge: UnitMarket;
  readonly slow: UnitMarket;
  readonly longSlow: UnitMarket;
}

/**
 * One micro-USDC. MM is already rounded up to it; a loss above MM by less is float noise (a box
 * spread's loss is its closing cost, which its MM is exactly).
 */
const MONEY_RESOLUTION_USD = 1e-6;

const toUsd = (micro: bigint): number => Number(micro) / 1e6;

function valueOf(holdings: readonly Holding[], market: UnitMarket): number {
  return holdings.reduce((sum, { instrument, size }) => sum + size * quoteInstrument(instrument, market).mark, 0);
}

function closingCost(holdings: readonly Holding[], market: UnitMarket): number {
  return holdings.reduce(
    (sum, { instrument, size }) => sum + Math.abs(size) * (market.halfSpreads.get(instrument.symbol) ?? 0),
    0,
  );
}

/** Losses of one liquidation at t1, t1 + slowHours and t1 + longSlowHours. */
function liquidationLosses(holdings: readonly Holding[], at: Checkpoints): [number, number, number] {
  const perp = perpetual(at.start.underlying as Underlying);
  const hedge = deltaHedgeSize(holdings, at.hedge);
  const hedged = netHoldings([...holdings, { instrument: perp, size: hedge }]);
  const hedgeCost = Math.abs(hedge) * (at.hedge.halfSpreads.get(perp.symbol) ?? 0);
  const startValue = valueOf(holdings, at.start);
  const lossAt = (market: UnitMarket): number =>
    startValue -
    valueOf(holdings, market) -
    hedge * (market.perpMark - at.hedge.perpMark) +
    hedgeCost +
    closingCost(hedged, market);
  return [lossAt(at.hedge), lossAt(at.slow), lossAt(at.longSlow)];
}

function uniqueInstruments(lists: readonly Instrument[][]): Instrument[] {
  return [...new Map(lists.flat().map((instrument) => [instrument.symbol, instrument])).values()];
}

/** The grid model uses the parameters' fixed R: the same market without the default model's R_t. */
function withoutPriceRange(market: UnitMarket): UnitMarket {
  const { priceRange: _range, ...rest } = market;
  return rest;
}

class Tally {
  private readonly counts = new Map<MarginModel, { fast: number; slow: number; liquidation: number; longSlow: number }>(
    MODELS.map((model) => [model, { fast: 0, slow: 0, liquidation: 0, longSlow: 0 }]),
  );
  private readonly ratios: number[] = [];

  add(model: MarginModel, maintenance: number, [fast, slow, longSlow]: [number, number, number]): void {
    const counts = this.counts.get(model);
    if (!counts) throw new Error(`unknown model ${model}`);
    const exceeds = (loss: number): number => (loss > maintenance + MONEY_RESOLUTION_USD ? 1 : 0);
    counts.fast += exceeds(fast);
    counts.slow += exceeds(slow);
    counts.liquidation += exceeds(Math.max(fast, slow));
    counts.longSlow += exceeds(longSlow);
    if (model === 'hedge-first') this.ratios.push(Math.max(fast, slow) / maintenance);
  }

  result(name: string): PortfolioBacktest {
    const byModel = Object.fromEntries(MODELS.map((model) => [model, { ...this.counts.get(model) }])) as Record<
      MarginModel,
      Exceedances
    >;
    return { name, windows: this.ratios.length, byModel, defaultLossRatios: Float64Array.from(this.ratios).sort() };
  }
}

/** Runs every window of one path for the portfolios of its underlying. */
function runPath(
  path: SimulatedPath,
  specs: readonly PortfolioSpec[],
  tallies: Map<string, Tally>,
  config: BacktestConfig,
): void {
  const first = config.warmupDays * 24;
  const last = path.hours - config.fastHours - config.longSlowHours;
  for (let hour = first; hour <= last; hour += config.strideHours) {
    const startState = path.stateAt(hour);
    const expiries = listedExpiries(startState.nowSec);
    const instruments = uniqueInstruments(
      specs.map((spec) => instrumentsOf(spec, startState.index, startState.nowSec)),
    );
    const marketAt = (offset: number): UnitMarket =>
      unitMarket(path.stateAt(hour + offset), expiries, instruments, config.surfaceGrid);
    const hedgeHour = config.fastHours;
    const at: Checkpoints = {
      start: marketAt(0),
      hedge: marketAt(hedgeHour),
      slow: marketAt(hedgeHour + config.slowHours),
      longSlow: marketAt(hedgeHour + config.longSlowHours),
    };
    const gridMarket = withoutPriceRange(at.start);
    for (const spec of specs) {
      const positions = holdingsOf(spec, at.start);
      const losses = liquidationLosses(positions, at);
      const tally = tallies.get(spec.name);
      if (!tally) throw new Error(`no tally for ${spec.name}`);
      for (const model of MODELS) {
        const units: RiskUnit[] = [{ market: model === 'grid' ? gridMarket : at.start, positions }];
        tally.add(model, toUsd(requirement(units, model).maintenance), losses);
      }
    }
  }
}

/** Seed of path `index` of an underlying: fixed, so every run sees the same markets. */
function pathSeed(config: BacktestConfig, underlying: Underlying, index: number): number {
  return config.seed + (underlying === 'BTC' ? 0 : 1_000_000) + index;
}

/** The simulated paths of one underlying: warm-up, the windows' years, and room for the last window. */
export function simulatedPaths(config: BacktestConfig, underlying: Underlying): SimulatedPath[] {
  const hours = config.warmupDays * 24 + Math.round(config.years * 365 * 24) + config.fastHours + config.longSlowHours;
  return Array.from({ length: config.paths }, (_, index) =>
    simulatePath(PATH_MODELS[underlying], pathSeed(config, underlying, index), hours, REFERENCE_NOW_SEC),
  );
}

/** Every window of every path, for the portfolios of the paths' underlyings. */
export function runBacktest(
  portfolios: readonly PortfolioSpec[],
  pathsByUnderlying: ReadonlyMap<Underlying, readonly SimulatedPath[]>,
  config: BacktestConfig,
  progress: Progress,
): PortfolioBacktest[] {
  const tallies = new Map(portfolios.map((spec) => [spec.name, new Tally()]));
  for (const [underlying, paths] of pathsByUnderlying) {
    const specs = portfolios.filter((spec) => spec.underlying === underlying);
    paths.forEach((path, index) => {
      const started = Date.now();
      runPath(path, specs, tallies, config);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      progress(`backtest ${underlying}: path ${index + 1}/${paths.length} done in ${seconds} s`);
    });
  }
  return portfolios.map((spec) => {
    const tally = tallies.get(spec.name);
    if (!tally) throw new Error(`no tally for ${spec.name}`);
    return tally.result(spec.name);
  });
}
