import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  type Holding,
  type Instrument,
  type MarginRequirement,
  type OrderLeg,
  gridMargin,
  hedgeFirstMargin,
  quoteInstrument,
  standardUnitMargin,
  usdToMicroUp,
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
} from './portfolio-fixtures';

const INSTRUMENTS: Instrument[] = [
  PERP,
  SPOT,
  future(E30),
  future(E90),
  ...[E7, E30, E90].flatMap((expiry) =>
    [35_000, 45_000, 50_000, 55_000, 70_000].flatMap((strike) => [
      option(expiry, strike, 'call'),
      option(expiry, strike, 'put'),
    ]),
  ),
];
const OPTIONS = INSTRUMENTS.filter((instrument) => instrument.kind === 'option');

type Model = (positions: readonly Holding[], orders?: readonly OrderLeg[]) => MarginRequirement;
const MODELS: [string, Model][] = [
  ['standard', (positions, orders = []) => standardUnitMargin(btcUnit(positions, orders), BTC_PORTFOLIO_PARAMS)],
  ['grid', (positions, orders = []) => gridMargin(btcUnit(positions, orders), BTC_PORTFOLIO_PARAMS)],
  ['hedge-first', (positions, orders = []) => hedgeFirstMargin(btcUnit(positions, orders), BTC_PORTFOLIO_PARAMS)],
];

function randomBook(random: () => number, count: number, from = INSTRUMENTS): Holding[] {
  return Array.from({ length: count }, () =>
    hold(from[Math.floor(random() * from.length)], Math.round((random() - 0.5) * 2000) / 100 || 1),
  );
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const plain = ({ initial, maintenance }: MarginRequirement) => ({ initial, maintenance });

for (const [name, margin] of MODELS) {
  describe(`${name} margin properties`, () => {
    it('is never negative, and MM never exceeds IM', () => {
      const random = seeded(11);
      for (let trial = 0; trial < 30; trial += 1) {
        const positions = randomBook(random, 1 + Math.floor(random() * 8));
        const orders = randomBook(random, 2).map(({ instrument, size }) =>
          order(instrument, size, 100 + random() * 5_000),
        );
        const result = margin(positions, orders);
        assert.ok(result.maintenance >= 0n && result.initial >= result.maintenance, `trial ${trial}`);
      }
      assert.deepEqual(plain(margin([])), { initial: 0n, maintenance: 0n });
    });

    it('does not depend on the order positions are listed in', () => {
      const random = seeded(23);
      for (let trial = 0; trial < 20; trial += 1) {
        const positions = randomBook(random, 2 + Math.floor(random() * 8));
        assert.deepEqual(plain(margin(shuffled(positions, random))), plain(margin(positions)), `trial ${trial}`);
      }
    });

    it('nets the exact opposite of a leg: the requirement is that of the book without the leg', () => {
      const random = seeded(37);
      let checked = 0;
      for (let trial = 0; trial < 20; trial += 1) {
        const positions = randomBook(random, 2 + Math.floor(random() * 6));
        const leg = positions[Math.floor(random() * positions.length)];
        const withOpposite = [...positions, hold(leg.instrument, -leg.size)];
        const without = positions.filter((position) => position !== leg);
        // Sizes are whole hundredths, so the legs of one instrument cancel exactly unless they repeat.
        if (positions.filter((position) => position.instrument === leg.instrument).length > 1) continue;
        assert.deepEqual(plain(margin(withOpposite)), plain(margin(without)), `trial ${trial}`);
        checked += 1;
      }
      assert.ok(checked >= 15, `only ${checked} books checked`);
    });

    it('needs nothing once every leg is matched by its exact opposite, and never more than a single leg alone', () => {
      const random = seeded(41);
      for (let trial = 0; trial < 10; trial += 1) {
        const positions = randomBook(random, 5);
        const closed = [...positions, ...positions.map(({ instrument, size }) => hold(instrument, -size))];
        assert.deepEqual(plain(margin(closed)), { initial: 0n, maintenance: 0n });
        const single = positions[0];
        const before = margin([single]);
        const after = margin([single, hold(single.instrument, -single.size)]);
        assert.ok(after.initial <= before.initial && after.maintenance <= before.maintenance);
      }
    });

    it('never needs more than the premium of a long-only option book', () => {
      const random = seeded(53);
      const market = btcMarket();
      for (let trial = 0; trial < 25; trial += 1) {
        const positions = randomBook(random, 1 + Math.floor(random() * 6), OPTIONS).map(({ instrument, size }) =>
          hold(instrument, Math.abs(size)),
        );
        // Per position rounded up, as the standard model rounds each position.
        const premium = positions.reduce(
          (sum, { instrument, size }) => sum + usdToMicroUp(size * quoteInstrument(instrument, market).mark),
          0n,
        );
        const result = margin(positions);
        assert.ok(result.initial <= premium, `trial ${trial}: ${result.initial} > ${premium}`);
      }
    });
  });
}

describe('removing a leg', () => {
  it('never raises standard margin, a sum over positions', () => {
    const random = seeded(61);
    const [, standard] = MODELS[0];
    for (let trial = 0; trial < 20; trial += 1) {
      const positions = randomBook(random, 2 + Math.floor(random() * 6));
      const full = standard(positions);
      for (const leg of positions) {
        if (positions.filter((position) => position.instrument === leg.instrument).length > 1) continue;
        const without = standard([...positions, hold(leg.instrument, -leg.size)]);
        assert.ok(without.initial <= full.initial && without.maintenance <= full.maintenance, `trial ${trial}`);
      }
    }
  });

  it('may raise portfolio margin when the leg was a hedge: delta-hedged short puts without their perp', () => {
    const put = option(E30, 50_000, 'put');
    const market = btcMarket();
    const quote = quoteInstrument(put, market);
    // 10 short puts are long 4.58 coins of delta; the perp hedge sells them.
    const hedge = hold(PERP, (10 * quote.delta * quote.forward) / market.perpMark);
    const hedged = [hold(put, -10), hedge];
    const hedgeFirst = (positions: Holding[]) => hedgeFirstMargin(btcUnit(positions), BTC_PORTFOLIO_PARAMS).initial;
    assert.ok(hedgeFirst([...hedged, hold(PERP, -hedge.size)]) > hedgeFirst(hedged));
  });
});
