import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  DEFAULT_PORTFOLIO_PARAMS,
  ETH_PORTFOLIO_PARAMS,
  chargedPnl,
  scenarioGrid,
  shockedVol,
  termFactor,
  worstLoss,
} from '@exchange/margin';

// margin-model.md section 3 (Deribit's portfolio margin): moves R j / 4, j = -4..4, each with vol up, same
// and down; extended moves {-66%, -33%, +50%, +100%, +200%, +300%, +400%, +500%} with vol up only,
// weight R / |M| and dampener (max(|M| / R, 1) - 1) D. Weights as published for R = 16% on Paradex's
// Deribit-style grid (docs.paradex.trade/risk/portfolio-margin): -66% 24%, -33% 48%, +50% 32%, +500% 3.2%.

const close = (actual: number, expected: number, tolerance = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

describe('portfolio margin parameters', () => {
  it('are the spec defaults per underlying, versioned', () => {
    assert.equal(BTC_PORTFOLIO_PARAMS.version, 'portfolio-margin-1');
    assert.equal(BTC_PORTFOLIO_PARAMS.priceRange, 0.16);
    assert.equal(ETH_PORTFOLIO_PARAMS.priceRange, 0.18);
    assert.equal(BTC_PORTFOLIO_PARAMS.dampenerUsd, 100_000);
    assert.equal(ETH_PORTFOLIO_PARAMS.dampenerUsd, 200_000);
    assert.deepEqual(BTC_PORTFOLIO_PARAMS.roll, { floor: 0.01, annualRate: 0.075 });
    assert.deepEqual(ETH_PORTFOLIO_PARAMS.roll, { floor: 0.005, annualRate: 0.05 });
    assert.equal(BTC_PORTFOLIO_PARAMS.linear.incrementPerCoin, 0.00005);
    assert.equal(ETH_PORTFOLIO_PARAMS.linear.incrementPerCoin, 0.000004);
    assert.deepEqual(BTC_PORTFOLIO_PARAMS.deltaShock, { thresholdUsd: 20_000_000, rate: 0.1 });
    assert.deepEqual(BTC_PORTFOLIO_PARAMS.extendedMoves, [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]);
    assert.deepEqual(BTC_PORTFOLIO_PARAMS.shortOption, {
      initialRate: 0.15,
      initialFloorRate: 0.1,
      maintenanceRate: 0.075,
    });
    assert.deepEqual(BTC_PORTFOLIO_PARAMS.hedgeFirst, {
      fastFloor: 0.01,
      z: 2.33,
      shortOptionRate: 0.003,
      netDeltaRate: 0.02,
      hedgedDeltaRate: 0.01,
    });
    assert.equal(BTC_PORTFOLIO_PARAMS.maintenanceShare, 0.8);
    assert.deepEqual(Object.keys(DEFAULT_PORTFOLIO_PARAMS), ['BTC', 'ETH']);
  });
});

describe('scenarioGrid', () => {
  const grid = scenarioGrid(0.16, BTC_PORTFOLIO_PARAMS);

  it('has 27 standard scenarios then 8 extended ones', () => {
    assert.equal(grid.length, 35);
    const standard = grid.filter((scenario) => !scenario.extended);
    assert.equal(standard.length, 27);
    const moves = [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16];
    moves.forEach((move, i) => {
      for (const [v, volShock] of ['up', 'same', 'down'].entries()) {
        const scenario = standard[3 * i + v];
        close(scenario.move, move, 1e-17);
        assert.equal(scenario.linearMove, scenario.move);
        assert.equal(scenario.volShock, volShock);
        assert.equal(scenario.weight, 1);
        assert.equal(scenario.dampener, 0);
      }
    });
  });

  it('weights extended moves by R / |M|, clamps linear moves to +-R and dampens by (|M| / R - 1) D', () => {
    const extended = grid.slice(27);
    assert.deepEqual(
      extended.map((scenario) => [scenario.move, scenario.linearMove, scenario.volShock]),
      [
        [-0.66, -0.16, 'up'],
        [-0.33, -0.16, 'up'],
        [0.5, 0.16, 'up'],
        [1, 0.16, 'up'],
        [2, 0.16, 'up'],
        [3, 0.16, 'up'],
        [4, 0.16, 'up'],
        [5, 0.16, 'up'],
      ],
    );
    const weights = extended.map((scenario) => Number((100 * scenario.weight).toFixed(2)));
    assert.deepEqual(weights, [24.24, 48.48, 32, 16, 8, 5.33, 4, 3.2]);
    // -66%: (0.66 / 0.16 - 1) x 100,000 = 312,500; +50%: 212,500; +500%: 3,025,000.
    close(extended[0].dampener, 312_500, 1e-9);
    close(extended[2].dampener, 212_500, 1e-9);
    close(extended[7].dampener, 3_025_000, 1e-9);
  });

  it('uses the range it is given (R_t) and refuses an impossible one', () => {
    const wide = scenarioGrid(0.3, BTC_PORTFOLIO_PARAMS);
    close(wide[0].move, -0.3);
    assert.equal(wide[27].linearMove, -0.3);
    close(wide[28].dampener, (0.33 / 0.3 - 1) * 100_000, 1e-9);
    assert.throws(() => scenarioGrid(0, BTC_PORTFOLIO_PARAMS), RangeError);
    assert.throws(() => scenarioGrid(1.2, BTC_PORTFOLIO_PARAMS), RangeError);
  });
});

describe('vol shocks', () => {
  const params = BTC_PORTFOLIO_PARAMS.volShock;

  it('scales with k(DTE) = (30 / max(DTE, 1))^p, p = 0.30 under 30 days, 0.13 from 30 on', () => {
    close(termFactor(30 / 365, params), 1, 1e-15);
    close(termFactor(7.5 / 365, params), Math.pow(4, 0.3));
    close(termFactor(365 / 365, params), Math.pow(30 / 365, 0.13));
    close(termFactor(0.25 / 365, params), Math.pow(30, 0.3));
    assert.equal(termFactor(0, params), termFactor(1 / 365, params));
  });

  it('moves vol up to max(0.5, s (1 + 0.5 k)) and down to max(0, s (1 - 0.25 k))', () => {
    // 30 days: k = 1, 60% vol goes to 90% and 45%.
    close(shockedVol(0.6, 30 / 365, 'up', params), 0.9, 1e-15);
    close(shockedVol(0.6, 30 / 365, 'down', params), 0.45, 1e-15);
    assert.equal(shockedVol(0.6, 30 / 365, 'same', params), 0.6);
    // 20% vol with k = 1 would go to 30%: the 50% floor applies.
    assert.equal(shockedVol(0.2, 30 / 365, 'up', params), 0.5);
    // 7.5 days: k = 4^0.3 = 1.5157; 80% goes to 0.8 (1 + 0.7579) and 0.8 (1 - 0.3789).
    close(shockedVol(0.8, 7.5 / 365, 'up', params), 0.8 * (1 + 0.5 * Math.pow(4, 0.3)));
    close(shockedVol(0.8, 7.5 / 365, 'down', params), 0.8 * (1 - 0.25 * Math.pow(4, 0.3)));
    // The down shock never goes negative, even with an extreme term factor.
    assert.equal(shockedVol(0.8, 30 / 365, 'down', { ...params, down: 2 }), 0);
  });
});

describe('charged PnL and worst loss', () => {
  const grid = scenarioGrid(0.16, BTC_PORTFOLIO_PARAMS);
  const minus66 = grid[27];

  it('counts standard scenarios in full and extended ones weighted and dampened', () => {
    assert.equal(chargedPnl(grid[0], -1234.5), -1234.5);
    // -66%: a = 0.2424 x -2,000,000 = -484,848.48; dampened by 312,500 to -172,348.48.
    close(chargedPnl(minus66, -2_000_000), -((0.16 / 0.66) * 2_000_000 - 312_500), 1e-6);
    assert.equal(chargedPnl(minus66, -1_000_000), 0);
    close(chargedPnl(minus66, 2_000_000), (0.16 / 0.66) * 2_000_000 - 312_500, 1e-6);
  });

  it('finds the largest charged loss, or none', () => {
    const pnl = new Float64Array(35);
    assert.deepEqual(worstLoss(pnl, grid), { loss: 0, scenario: -1 });
    pnl[4] = -100;
    pnl[10] = -250;
    pnl[27] = -1_000_000; // dampened away
    assert.deepEqual(worstLoss(pnl, grid), { loss: 250, scenario: 10 });
    pnl[27] = -3_000_000; // 0.2424 x 3M - 312,500 = 414,773
    assert.equal(worstLoss(pnl, grid).scenario, 27);
  });
});
