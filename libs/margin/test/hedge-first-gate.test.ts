import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  type Holding,
  type Instrument,
  type OrderLeg,
  ScenarioBook,
  hedgeFirstGateState,
  withFilledOrder,
  withOpenOrder,
  withoutOpenOrder,
} from '@exchange/margin';
import { E30, E7, E90, PERP, btcMarket, future, hold, option, order, seeded } from './portfolio-fixtures';

// margin-model.md section 5: the pre-trade check adds an order to the unit's cached state in one pass
// over the scenarios. It must give the requirement a from-scratch measurement of the same book gives.

const INSTRUMENTS: Instrument[] = [
  PERP,
  future(E30),
  ...[E7, E30, E90].flatMap((expiry) =>
    [45_000, 50_000, 55_000].flatMap((strike) => [option(expiry, strike, 'call'), option(expiry, strike, 'put')]),
  ),
];

function pick(random: () => number): Instrument {
  return INSTRUMENTS[Math.floor(random() * INSTRUMENTS.length)];
}

function randomPositions(random: () => number, count: number): Holding[] {
  return Array.from({ length: count }, () => hold(pick(random), Math.round((random() - 0.5) * 400) / 100));
}

function randomOrder(random: () => number, book: ScenarioBook): OrderLeg {
  const instrument = pick(random);
  const mark = book.quote(instrument).mark;
  const size = Math.round((random() - 0.5) * 400) / 100 || 0.01;
  return order(instrument, size, Math.max(0, mark * (0.97 + random() * 0.06)));
}

/** Within one micro-USDC: the one-pass sum and the from-scratch sum may round on either side of it. */
function assertClose(actual: bigint, expected: bigint, label: string): void {
  const gap = actual > expected ? actual - expected : expected - actual;
  assert.ok(gap <= 1n, `${label}: ${actual} vs ${expected}`);
}

describe('hedge-first gate state', () => {
  const book = new ScenarioBook(BTC_PORTFOLIO_PARAMS, btcMarket());

  it('built from scratch equals hedgeFirstMargin on the same positions and orders', () => {
    const random = seeded(7);
    for (let run = 0; run < 200; run += 1) {
      const positions = randomPositions(random, Math.floor(random() * 8));
      const orders = Array.from({ length: Math.floor(random() * 6) }, () => randomOrder(random, book));
      const state = hedgeFirstGateState(book, positions, orders);
      const full = book.hedgeFirstMargin(positions, orders);
      assert.equal(state.initial, full.initial, `run ${run} IM`);
      assert.equal(state.maintenance, full.maintenance, `run ${run} MM`);
    }
  });

  it('adding orders one at a time gives the requirement of the whole book measured at once', () => {
    const random = seeded(11);
    for (let run = 0; run < 100; run += 1) {
      const positions = randomPositions(random, Math.floor(random() * 8));
      let state = hedgeFirstGateState(book, positions);
      const orders: OrderLeg[] = [];
      for (let step = 0; step < 6; step += 1) {
        const next = randomOrder(random, book);
        orders.push(next);
        state = withOpenOrder(book, state, next);
        const scratch = hedgeFirstGateState(book, positions, orders);
        assertClose(state.initial, scratch.initial, `run ${run} step ${step} IM`);
        assert.equal(state.maintenance, scratch.maintenance, 'orders never change MM');
      }
    }
  });

  it('never lets the requirement with an order fall below the positions alone', () => {
    const random = seeded(13);
    for (let run = 0; run < 200; run += 1) {
      const positions = randomPositions(random, 1 + Math.floor(random() * 6));
      const before = hedgeFirstGateState(book, positions);
      const after = withOpenOrder(book, before, randomOrder(random, book));
      assert.ok(after.initial >= before.initial, `run ${run}`);
    }
  });

  /** A random book with orders, one order picked and a part of it (all of it half the time). */
  function bookWithPick(random: () => number) {
    const positions = randomPositions(random, Math.floor(random() * 6));
    const orders = Array.from({ length: 1 + Math.floor(random() * 5) }, () => randomOrder(random, book));
    const k = Math.floor(random() * orders.length);
    const part = random() < 0.5 ? orders[k].size : Math.round(orders[k].size * random() * 100) / 100 || orders[k].size;
    const rest = orders.map((order, i) => (i === k ? { ...order, size: order.size - part } : order));
    return { positions, orders, picked: { ...orders[k], size: part }, rest: rest.filter((order) => order.size !== 0) };
  }

  it('moves a filled order from its side to the positions as a from-scratch measurement would', () => {
    const random = seeded(17);
    for (let run = 0; run < 200; run += 1) {
      const { positions, orders, picked, rest } = bookWithPick(random);
      const moved = withFilledOrder(book, hedgeFirstGateState(book, positions, orders), picked);
      assert.ok(moved);
      const scratch = hedgeFirstGateState(book, [...positions, hold(picked.instrument, picked.size)], rest);
      assertClose(moved.initial, scratch.initial, `run ${run} IM`);
      assertClose(moved.maintenance, scratch.maintenance, `run ${run} MM`);
    }
  });

  it('drops a cancelled order from its side as a from-scratch measurement would', () => {
    const random = seeded(19);
    for (let run = 0; run < 200; run += 1) {
      const { positions, orders, picked, rest } = bookWithPick(random);
      const dropped = withoutOpenOrder(book, hedgeFirstGateState(book, positions, orders), picked);
      assert.ok(dropped);
      const scratch = hedgeFirstGateState(book, positions, rest);
      assertClose(dropped.initial, scratch.initial, `run ${run} IM`);
      assert.equal(dropped.maintenance, scratch.maintenance);
    }
  });

  it('has nothing to move when the state holds no order on that side', () => {
    const state = hedgeFirstGateState(book, [hold(PERP, 1)]);
    assert.equal(withFilledOrder(book, state, order(PERP, 1, 50_000)), null);
    assert.equal(withoutOpenOrder(book, state, order(PERP, -1, 50_000)), null);
  });
});
