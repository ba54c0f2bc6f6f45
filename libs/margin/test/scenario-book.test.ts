import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  type Holding,
  type Instrument,
  ScenarioBook,
  type UnitMarket,
  fullRepricing,
  gridMargin,
  hedgeFirstMargin,
  netHoldings,
  worstLoss,
} from '@exchange/margin';
import {
  E30,
  E7,
  E90,
  PERP,
  SPOT,
  btcMarket,
  btcUnit,
  future,
  hold,
  option,
  order,
  seeded,
  surfaceOf,
} from './portfolio-fixtures';

// margin-model.md section 5: per-instrument scenario vectors, a unit's vector = sum q_i v_i, an order adds x v_i.
// The cached vectors must agree with a full repricing of the same portfolio to 1e-9 relative.

const INSTRUMENTS: Instrument[] = [
  PERP,
  SPOT,
  future(E30),
  future(E90),
  ...[E7, E30, E90].flatMap((expiry) =>
    [40_000, 47_500, 50_000, 52_500, 65_000].flatMap((strike) => [
      option(expiry, strike, 'call'),
      option(expiry, strike, 'put'),
    ]),
  ),
];

function randomBook(random: () => number, count: number): Holding[] {
  return Array.from({ length: count }, () =>
    hold(INSTRUMENTS[Math.floor(random() * INSTRUMENTS.length)], Math.round((random() - 0.5) * 2000) / 100),
  );
}

function assertAgree(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length);
  for (let j = 0; j < expected.length; j += 1) {
    const scale = Math.max(Math.abs(expected[j]), 1);
    assert.ok(
      Math.abs(actual[j] - expected[j]) <= 1e-9 * scale,
      `${label} scenario ${j}: ${actual[j]} vs ${expected[j]}`,
    );
  }
}

function fullPnl(market: UnitMarket, positions: readonly Holding[]): Float64Array {
  const pricer = fullRepricing(market, BTC_PORTFOLIO_PARAMS);
  const holdings = netHoldings(positions).map(({ instrument, size }) => ({ quote: pricer.quote(instrument), size }));
  return pricer.scenarioPnl(holdings);
}

/** A market a few minutes later: index up 4%, bases and vols moved. */
function movedMarket(): UnitMarket {
  return btcMarket({
    index: 52_000,
    perpMark: 52_030,
    forwards: new Map([
      [E7, 52_040],
      [E30, 52_250],
      [E90, 52_700],
    ]),
    surface: surfaceOf([
      { expirySec: E7, smile: { kind: 'flat', vol: 0.7 } },
      { expirySec: E30, smile: { kind: 'flat', vol: 0.68 } },
      { expirySec: E90, smile: { kind: 'svi', params: { a: 0.08, b: 0.1, rho: -0.4, m: 0.05, sigma: 0.2 } } },
    ]),
  });
}

describe('ScenarioBook', () => {
  it('holds one vector of 35 PnLs per coin per instrument; a perp moves with the clamped linear move', () => {
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket(), INSTRUMENTS);
    const vector = book.vector(PERP);
    assert.equal(vector.length, 35);
    book.scenarios.forEach((scenario, j) => assert.equal(vector[j], 50_010 * scenario.linearMove));
  });

  it('agrees with a full repricing of random portfolios to 1e-9 relative', () => {
    const random = seeded(20_240_601);
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket(), INSTRUMENTS);
    for (let trial = 0; trial < 40; trial += 1) {
      const positions = randomBook(random, 1 + Math.floor(random() * 12));
      assertAgree(book.unitVector(positions).pnl, fullPnl(btcMarket(), positions), `trial ${trial}`);
    }
  });

  it('still agrees after a mark and vol update refreshes every vector', () => {
    const random = seeded(7);
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket(), INSTRUMENTS);
    const positions = randomBook(random, 10);
    const before = book.unitVector(positions).pnl;
    book.refresh(movedMarket());
    const after = book.unitVector(positions).pnl;
    assert.notDeepEqual([...after], [...before]);
    assertAgree(after, fullPnl(movedMarket(), positions), 'after refresh');
  });

  it('follows a new price range R_t from the market', () => {
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket(), [PERP]);
    book.refresh(btcMarket({ priceRange: 0.25 }));
    assert.equal(book.range, 0.25);
    assert.equal(book.scenarios[0].move, -0.25);
    assert.equal(book.vector(PERP)[0], -0.25 * 50_010);
  });

  it('prices an order as x v_i: its worst losses in one pass equal a full repricing with the order filled', () => {
    const random = seeded(99);
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket(), INSTRUMENTS);
    for (let trial = 0; trial < 20; trial += 1) {
      const positions = randomBook(random, 8);
      const instrument = INSTRUMENTS[Math.floor(random() * INSTRUMENTS.length)];
      const size = Math.round((random() - 0.5) * 1000) / 100;
      const withOrder = book.worstLossWithOrder(book.unitVector(positions), instrument, size);
      const filled = [...positions, hold(instrument, size)];
      const pricer = fullRepricing(btcMarket(), BTC_PORTFOLIO_PARAMS);
      const expectedFull = worstLoss(fullPnl(btcMarket(), filled), pricer.scenarios).loss;
      const expectedSlow = hedgeFirstMargin(btcUnit(filled), BTC_PORTFOLIO_PARAMS).charges.slow;
      assert.ok(Math.abs(withOrder.full - expectedFull) <= 1e-9 * Math.max(1, expectedFull), `full ${trial}`);
      assert.ok(Math.abs(withOrder.slow - expectedSlow) <= 1e-9 * Math.max(1, expectedSlow), `slow ${trial}`);
    }
  });

  it('gives the same margins as the full-repricing models', () => {
    const random = seeded(4242);
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket(), INSTRUMENTS);
    for (let trial = 0; trial < 15; trial += 1) {
      const positions = randomBook(random, 6);
      const orders = [order(INSTRUMENTS[trial], trial % 2 === 0 ? 1.5 : -2, 3_000)];
      for (const [fromBook, full] of [
        [book.hedgeFirstMargin(positions, orders), hedgeFirstMargin(btcUnit(positions, orders), BTC_PORTFOLIO_PARAMS)],
        [book.gridMargin(positions, orders), gridMargin(btcUnit(positions, orders), BTC_PORTFOLIO_PARAMS)],
      ] as const) {
        for (const key of ['initialUsd', 'maintenanceUsd'] as const) {
          assert.ok(Math.abs(fromBook[key] - full[key]) <= 1e-9 * Math.max(1, full[key]), `${trial} ${key}`);
        }
        for (const key of ['initial', 'maintenance'] as const) {
          const gap = fromBook[key] - full[key];
          assert.ok(gap >= -1n && gap <= 1n, `${trial} ${key}: ${fromBook[key]} vs ${full[key]}`);
        }
      }
    }
  });

  it('quotes instruments it has not seen yet on first use, and refuses another underlying', () => {
    const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket());
    const call = option(E30, 55_000, 'call');
    assert.equal(book.quote(call).instrument, call);
    assert.equal(book.vector(call).length, 35);
    assert.throws(() => book.refresh(btcMarket({ underlying: 'ETH' })), /cannot take ETH/);
  });
});
