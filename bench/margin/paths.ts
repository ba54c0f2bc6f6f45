/**
 * Seeded hourly market paths for the safety backtest (the model is described on `PathModel`). Each
 * hour's state is everything `unitMarket` needs, including s_1h and the default model's R_t.
 */
import { DEFAULT_PORTFOLIO_PARAMS, type PriceRangeState, observeDailyClose, startPriceRange } from '@exchange/margin';
import { HOURS_PER_YEAR, HOUR_SEC, type MarketState } from './market';
import { type MeanReverting, type PathModel, jumpVariance } from './models';
import { Random } from './random';

export interface SimulatedPath {
  readonly model: PathModel;
  readonly hours: number;
  stateAt(hour: number): MarketState;
}

/** Per-hour noise of a discrete OU step x' = x (1 - k) + noise, k = 1 / reversionHours, stationary sd `sd`. */
function stepNoise({ reversionHours, sd }: MeanReverting): number {
  const k = 1 / reversionHours;
  return sd * Math.sqrt(2 * k - k * k);
}

const revert = (value: number, process: MeanReverting, noise: number): number =>
  value + (process.mean - value) / process.reversionHours + stepNoise(process) * noise;

/** One path of `hours` hours from `startSec`, the same for the same model and seed. */
export function simulatePath(model: PathModel, seed: number, hours: number, startSec: number): SimulatedPath {
  const random = new Random(seed);
  const rangeParams = DEFAULT_PORTFOLIO_PARAMS[model.underlying].priceRangeModel;
  const beta = 1 - model.garchAlpha - model.shape.meanReversion / HOURS_PER_YEAR;
  if (!(beta > 0)) throw new RangeError(`GARCH alpha ${model.garchAlpha} leaves no room for persistence`);
  const jumpsPerHour = model.jumps.perYear / HOURS_PER_YEAR;
  const columns = ['index', 'premium', 'basis', 'instant', 'longRun', 'factor', 'hourlyVol', 'range'] as const;
  const series = Object.fromEntries(columns.map((name) => [name, new Float64Array(hours + 1)])) as Record<
    (typeof columns)[number],
    Float64Array
  >;

  let stressed = false;
  let longRun = model.calmVol * model.calmVol;
  let variance = longRun / HOURS_PER_YEAR;
  let index = model.startIndex;
  let factor = model.volFactor.mean;
  let basis = model.basis.mean;
  let premium = model.perpPremium.mean;
  let ewma = variance;
  // R_t starts from the calm daily vol; the worst historical range it never falls below 0.75 of is
  // taken to be the parameters' own R (16% BTC, 18% ETH): see BENCHMARKS.md on this choice.
  let range: PriceRangeState = startPriceRange(
    index,
    model.calmVol / Math.sqrt(365),
    DEFAULT_PORTFOLIO_PARAMS[model.underlying].priceRange,
    rangeParams,
  );

  for (let hour = 0; ; hour += 1) {
    series.index[hour] = index;
    series.premium[hour] = premium;
    series.basis[hour] = basis;
    series.instant[hour] = variance * HOURS_PER_YEAR;
    series.longRun[hour] = longRun;
    series.factor[hour] = factor;
    series.hourlyVol[hour] = Math.sqrt(ewma);
    series.range[hour] = range.range;
    if (hour === hours) break;

    const shock = random.studentT(model.degrees);
    const diffusive = Math.sqrt(variance) * shock;
    let jump = 0;
    if (random.chance(jumpsPerHour)) {
      const { downShare, meanDown, meanUp } = model.jumps;
      jump = random.chance(downShare) ? -random.exponential(meanDown) : random.exponential(meanUp);
    }
    const logReturn = diffusive - variance / 2 + jump;
    index *= Math.exp(logReturn);

    const { spotCorrelation, crashKick } = model.volFactor;
    const factorNoise = spotCorrelation * shock + Math.sqrt(1 - spotCorrelation * spotCorrelation) * random.normal();
    factor = revert(factor, model.volFactor, factorNoise) + crashKick * Math.max(0, -jump);
    basis = revert(basis, model.basis, random.normal()) + model.basis.returnBeta * logReturn;
    premium = revert(premium, model.perpPremium, random.normal());

    if (random.chance(1 / (stressed ? model.stressedHours : model.calmHours))) stressed = !stressed;
    const regimeVol = stressed ? model.stressedVol : model.calmVol;
    longRun += (regimeVol * regimeVol - longRun) / model.regimeRelaxHours;
    variance =
      ((1 - model.garchAlpha - beta) * longRun) / HOURS_PER_YEAR +
      model.garchAlpha * diffusive * diffusive +
      beta * variance;
    ewma = model.hourlyEwmaLambda * ewma + (1 - model.hourlyEwmaLambda) * logReturn * logReturn;
    if ((hour + 1) % 24 === 0) range = observeDailyClose(range, index, rangeParams);
  }

  const jumps = jumpVariance(model.jumps);
  return {
    model,
    hours,
    stateAt: (hour) => ({
      underlying: model.underlying,
      nowSec: startSec + hour * HOUR_SEC,
      index: series.index[hour],
      perpPremium: series.premium[hour],
      basis: series.basis[hour],
      instantVariance: series.instant[hour],
      longRunVariance: series.longRun[hour],
      jumpVariance: jumps,
      volFactor: Math.exp(series.factor[hour]),
      shape: model.shape,
      hourlyVol: series.hourlyVol[hour],
      priceRange: series.range[hour],
    }),
  };
}
