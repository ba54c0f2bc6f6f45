/**
 * The three timings of `npm run bench:margin`: the pre-trade check on ScenarioBook's fast path, a full
 * revaluation of one account, and the revaluation of many accounts after one price tick. Every timed
 * loop runs after a warm-up, over inputs generated beforehand, writing into preallocated arrays.
 */
import {
  BTC_PORTFOLIO_PARAMS,
  type Holding,
  type Instrument,
  ScenarioBook,
  type UnitMarket,
  type UnitVector,
  hedgeFirstMargin,
  worstLoss,
} from '@exchange/margin';
import { percentiles } from '../stats';
import type { Random } from './random';
import { marketAfterTicks, randomAccount } from './speed-book';

const PARAMS = BTC_PORTFOLIO_PARAMS;

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const latencyOf = (samples: Float64Array, scale: number): Latency => {
  const { p50, p99, max } = percentiles(Array.from(samples, (sample) => sample / scale));
  return { p50, p99, max };
};

/** r_fast x |cash delta|: the hedge-first fast risk (margin-model.md section 4). */
function fastRisk(cashDelta: number, index: number, hourlyVol: number): number {
  const { fastFloor, z } = PARAMS.hedgeFirst;
  const rate = Math.max(fastFloor, z * hourlyVol) + PARAMS.linear.incrementPerCoin * Math.abs(cashDelta / index);
  return Math.abs(cashDelta) * rate;
}

/** An account as the pre-trade check keeps it: unit vector, the contingencies of its last full margin, equity. */
interface CheckedAccount {
  readonly vector: UnitVector;
  readonly contingencies: number;
  readonly equity: number;
}

function checkedAccount(book: ScenarioBook, positions: readonly Holding[], random: Random): CheckedAccount {
  const margin = book.hedgeFirstMargin(positions);
  const { rollShock, shortOptions, deltaShock, liquidationCost } = margin.charges;
  return {
    vector: book.unitVector(positions),
    contingencies: rollShock + shortOptions + deltaShock + liquidationCost,
    // Between 0.9 and 1.5 times the current IM, so that some orders are refused.
    equity: margin.initialUsd * (0.9 + 0.6 * random.uniform()),
  };
}

/**
 * The pre-trade check of section 5 on the fast path: the unit vector plus x times the order's vector,
 * one pass for L_full and L_slow (ScenarioBook.worstLossWithOrder), L = min(L_fast + L_slow, L_full)
 * with the order's delta, IM = (L + contingencies) / 0.8 against equity. The contingencies (roll,
 * per-strike, liquidation cost) are the account's cached ones: their change by one order is O(1) and
 * not part of the library's fast path.
 */
function accepts(book: ScenarioBook, account: CheckedAccount, instrument: Instrument, size: number): boolean {
  const { full, slow } = book.worstLossWithOrder(account.vector, instrument, size);
  const quote = book.quote(instrument);
  const cashDelta = account.vector.cashDelta + size * quote.delta * quote.forward;
  const loss = Math.min(fastRisk(cashDelta, book.market.index, book.market.hourlyVol) + slow, full);
  return account.equity >= (loss + account.contingencies) / PARAMS.maintenanceShare;
}

export interface CheckResult {
  readonly positions: number;
  /** Microseconds per check, timer read included. */
  readonly latency: Latency;
  readonly acceptedShare: number;
  /** For contrast: the whole hedge-first model through ScenarioBook on positions plus the order, microseconds. */
  readonly fullModel: Latency;
}

const ACCOUNTS = 256;

/** Pre-trade check latency for accounts of `positions` positions, one timer pair per check. */
export function measureCheck(
  universe: readonly Instrument[],
  positions: number,
  random: Random,
  iterations: number,
): CheckResult {
  const book = new ScenarioBook(PARAMS, marketAfterTicks(universe, 0), universe);
  const holdings = Array.from({ length: ACCOUNTS }, () => randomAccount(random, universe, positions));
  const accounts = holdings.map((held) => checkedAccount(book, held, random));
  const orderInstrument = Array.from({ length: iterations }, () => universe[random.below(universe.length)]);
  const orderSize = Float64Array.from({ length: iterations }, () => (random.below(41) - 20) / 10 || 0.1);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i += 1) accepts(book, accounts[i % ACCOUNTS], orderInstrument[i], orderSize[i]);
  let accepted = 0;
  for (let i = 0; i < iterations; i += 1) {
    const account = accounts[i % ACCOUNTS];
    const instrument = orderInstrument[i];
    const size = orderSize[i];
    const start = process.hrtime.bigint();
    const ok = accepts(book, account, instrument, size);
    samples[i] = Number(process.hrtime.bigint() - start);
    if (ok) accepted += 1;
  }

  const fullRuns = Math.max(200, Math.floor(20_000 / positions));
  const fullSamples = new Float64Array(fullRuns);
  // The first pass warms up; the second overwrites its samples.
  for (let pass = 0; pass < 2; pass += 1) {
    for (let i = 0; i < fullRuns; i += 1) {
      const filled = [...holdings[i % ACCOUNTS], { instrument: orderInstrument[i], size: orderSize[i] }];
      const start = process.hrtime.bigint();
      book.hedgeFirstMargin(filled);
      fullSamples[i] = Number(process.hrtime.bigint() - start);
    }
  }
  return {
    positions,
    latency: latencyOf(samples, 1_000),
    acceptedShare: accepted / iterations,
    fullModel: latencyOf(fullSamples, 1_000),
  };
}

/** Full revaluation (full Black-76 repricing of every scenario) of one account of option positions, ms. */
export function measureFullRevaluation(
  universe: readonly Instrument[],
  optionPositions: number,
  random: Random,
  runs: number,
): Latency {
  const market = marketAfterTicks(universe, 0);
  const options = universe.filter((instrument) => instrument.kind === 'option');
  const unit = { market, positions: randomAccount(random, options, optionPositions) };
  const samples = new Float64Array(runs);
  // The first pass warms up; the second overwrites its samples.
  for (let pass = 0; pass < 2; pass += 1) {
    for (let i = 0; i < runs; i += 1) {
      const start = process.hrtime.bigint();
      hedgeFirstMargin(unit, PARAMS);
      samples[i] = Number(process.hrtime.bigint() - start);
    }
  }
  return latencyOf(samples, 1e6);
}

/** Accounts as flat arrays: account a holds positions offsets[a] .. offsets[a + 1] - 1. */
interface AccountTable {
  readonly count: number;
  readonly offsets: Int32Array;
  readonly instrument: Int32Array;
  readonly size: Float64Array;
}

function accountTable(universe: readonly Instrument[], count: number, positions: number, random: Random): AccountTable {
  const symbols = new Map(universe.map((instrument, i) => [instrument.symbol, i]));
  const table: AccountTable = {
    count,
    offsets: Int32Array.from({ length: count + 1 }, (_, a) => a * positions),
    instrument: new Int32Array(count * positions),
    size: new Float64Array(count * positions),
  };
  for (let a = 0; a < count; a += 1) {
    randomAccount(random, universe, positions).forEach(({ instrument, size }, p) => {
      table.instrument[a * positions + p] = symbols.get(instrument.symbol) ?? -1;
      table.size[a * positions + p] = size;
    });
  }
  return table;
}

export interface RevaluationResult {
  readonly accounts: number;
  readonly positionsPerAccount: number;
  /** Per tick: refresh of every instrument vector plus every account's worst losses, ms. */
  readonly totalMs: Latency;
  /** Per tick, the refresh alone, ms. */
  readonly refreshMs: Latency;
}

/**
 * After each tick: refresh every instrument's vector once (ScenarioBook.refresh), then for each account
 * sum q_i v_i into a preallocated vector, take L_full and L_slow (libs/margin worstLoss) and
 * L = min(L_fast + L_slow, L_full). The index alternates between two prices one tick apart.
 */
export function measureRevaluation(
  universe: readonly Instrument[],
  accounts: number,
  positionsPerAccount: number,
  random: Random,
  ticks: number,
): RevaluationResult {
  const markets: UnitMarket[] = [marketAfterTicks(universe, 1), marketAfterTicks(universe, 0)];
  const book = new ScenarioBook(PARAMS, markets[1], universe);
  const table = accountTable(universe, accounts, positionsPerAccount, random);
  const scenarios = book.scenarios.length;
  const vectors: Float64Array[] = new Array(universe.length);
  const cashDeltaPerCoin = new Float64Array(universe.length);
  const linearMove = Float64Array.from(book.scenarios, (scenario) => scenario.linearMove);
  const pnl = new Float64Array(scenarios);
  const hedged = new Float64Array(scenarios);
  const losses = new Float64Array(accounts);
  const total = new Float64Array(ticks);
  const refresh = new Float64Array(ticks);

  // The first pass warms up; the second overwrites its samples.
  for (let pass = 0; pass < 2; pass += 1) {
    for (let tick = 0; tick < ticks; tick += 1) {
      const start = process.hrtime.bigint();
      book.refresh(markets[tick % 2]);
      for (let i = 0; i < universe.length; i += 1) {
        vectors[i] = book.vector(universe[i]);
        const quote = book.quote(universe[i]);
        cashDeltaPerCoin[i] = quote.delta * quote.forward;
      }
      const refreshed = process.hrtime.bigint();
      const { index, hourlyVol } = book.market;
      for (let a = 0; a < table.count; a += 1) {
        pnl.fill(0);
        let cashDelta = 0;
        for (let p = table.offsets[a]; p < table.offsets[a + 1]; p += 1) {
          const instrument = table.instrument[p];
          const size = table.size[p];
          const vector = vectors[instrument];
          for (let j = 0; j < scenarios; j += 1) pnl[j] += size * vector[j];
          cashDelta += size * cashDeltaPerCoin[instrument];
        }
        for (let j = 0; j < scenarios; j += 1) hedged[j] = pnl[j] - cashDelta * linearMove[j];
        const full = worstLoss(pnl, book.scenarios).loss;
        const slow = worstLoss(hedged, book.scenarios).loss;
        losses[a] = Math.min(fastRisk(cashDelta, index, hourlyVol) + slow, full);
      }
      const end = process.hrtime.bigint();
      total[tick] = Number(end - start);
      refresh[tick] = Number(refreshed - start);
    }
  }
  if (!losses.every(Number.isFinite)) throw new Error('a revalued loss is not finite');
  return {
    accounts,
    positionsPerAccount,
    totalMs: latencyOf(total, 1e6),
    refreshMs: latencyOf(refresh, 1e6),
  };
}
