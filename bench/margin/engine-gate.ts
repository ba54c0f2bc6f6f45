/**
 * The portfolio-margin service's own gate: `RiskEngine.checkCommand` for place orders of accounts on
 * portfolio margin, as the service runs it (integer ticks and lots in, the order held on acceptance),
 * over the same BTC universe and market as the library's fast path. Accepted orders stay open, so
 * each account's book of orders grows through the run, as a market maker's does.
 */
import type { PlaceOrder, PriceUpdate } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { type Instrument, RiskEngine, type UnitMarket } from '@exchange/margin';
import { percentiles } from '../stats';
import type { Random } from './random';
import { marketAfterTicks, randomAccount } from './speed-book';

export interface GateResult {
  readonly positions: number;
  /** Microseconds per check, timer read included. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly acceptedShare: number;
}

const ACCOUNTS = 256;
const OPTION_LOT = 0.01;
const LINEAR_LOT = 0.001;
const TICK = 0.5;

function specOf(instrument: Instrument): MarketSpec {
  const base = { symbol: instrument.symbol, underlying: 'BTC', quoteAsset: 'USDC', minSizeLots: 1, status: 'active' };
  switch (instrument.kind) {
    case 'option':
      return {
        ...base,
        kind: 'option',
        tickSize: String(TICK),
        lotSize: String(OPTION_LOT),
        expiryMs: instrument.expirySec * 1000,
        strike: String(instrument.strike),
        optionType: instrument.optionType,
      } as MarketSpec;
    case 'future':
      return {
        ...base,
        kind: 'future',
        tickSize: String(TICK),
        lotSize: String(LINEAR_LOT),
        expiryMs: instrument.expirySec * 1000,
      } as MarketSpec;
    default:
      return { ...base, kind: 'perpetual', tickSize: String(TICK), lotSize: String(LINEAR_LOT) } as MarketSpec;
  }
}

const lotOf = (instrument: Instrument): number => (instrument.kind === 'option' ? OPTION_LOT : LINEAR_LOT);

/** An engine over the universe, priced at `market` (its index, perp and futures marks, its surface). */
function pricedEngine(universe: readonly Instrument[], market: UnitMarket): RiskEngine {
  const engine = new RiskEngine(universe.filter((instrument) => instrument.kind !== 'spot').map(specOf));
  const micro = (usd: number): number => Math.round(usd * 1_000_000);
  const markPrices: Record<string, number> = { 'BTC-PERP': micro(market.perpMark) };
  for (const instrument of universe) {
    if (instrument.kind === 'future')
      markPrices[instrument.symbol] = micro(market.forwards.get(instrument.expirySec) ?? market.index);
  }
  const update: PriceUpdate = {
    underlying: 'BTC',
    indexPrice: micro(market.index),
    markPrices,
    timestampMs: market.nowSec * 1000,
    source: 'simulator',
  };
  engine.applyPriceUpdate(update);
  engine.applySurface('BTC', market.surface);
  return engine;
}

/** Gate latency for portfolio accounts of `positions` positions; collateral 1 to 1.5 times their IM. */
export function measureServiceGate(
  universe: readonly Instrument[],
  positions: number,
  random: Random,
  iterations: number,
): GateResult {
  const tradable = universe.filter((instrument) => instrument.kind !== 'spot');
  const engine = pricedEngine(universe, marketAfterTicks(universe, 0));
  for (let a = 0; a < ACCOUNTS; a += 1) {
    const holdings = randomAccount(random, tradable, positions).map(({ instrument, size }) => ({
      market: instrument.symbol,
      position: { sizeLots: Math.round(size / lotOf(instrument)), costTicksLots: 0n },
    }));
    const accountId = `account-${a}`;
    engine.loadAccount({
      accountId,
      marginMode: 'portfolio',
      collateralMicro: 0n,
      positions: holdings,
      openOrders: [],
    });
    const { initialMargin, unrealizedPnl } = engine.evaluate(accountId);
    const collateral = ((initialMargin - unrealizedPnl) * BigInt(100 + random.below(50))) / 100n;
    engine.loadAccount({
      accountId,
      marginMode: 'portfolio',
      collateralMicro: collateral,
      positions: holdings,
      openOrders: [],
    });
  }
  const orders: PlaceOrder[] = Array.from({ length: 2 * iterations }, (_, i) => {
    const instrument = tradable[random.below(tradable.length)];
    const markTicks = Math.max(1, Math.round((engine.markPrice(instrument.symbol) ?? 0) / 1_000_000 / TICK));
    const side = random.chance(0.5) ? 'buy' : 'sell';
    const priceTicks = Math.max(1, markTicks + (side === 'buy' ? -1 : 1) * random.below(1 + Math.ceil(markTicks / 50)));
    return {
      kind: 'place',
      requestId: `r${i}`,
      orderId: `o${i}`,
      accountId: `account-${i % ACCOUNTS}`,
      clientOrderId: null,
      market: instrument.symbol,
      side,
      type: 'limit',
      timeInForce: 'GTC',
      priceTicks,
      sizeLots: 1 + random.below(20),
      receivedAtUs: 0,
    };
  });
  // The first half warms up (and fills every account's gate state); the second is timed.
  for (let i = 0; i < iterations; i += 1) engine.checkCommand(orders[i]);
  const samples = new Float64Array(iterations);
  let accepted = 0;
  for (let i = 0; i < iterations; i += 1) {
    const order = orders[iterations + i];
    const start = process.hrtime.bigint();
    const check = engine.checkCommand(order);
    samples[i] = Number(process.hrtime.bigint() - start);
    if (check.ok) accepted += 1;
  }
  const { p50, p99, max } = percentiles(Array.from(samples, (ns) => ns / 1_000));
  return { positions, p50, p99, max, acceptedShare: accepted / iterations };
}
