import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  type Holding,
  gridMargin,
  hedgeFirstMargin,
  quoteInstrument,
  standardUnitMargin,
} from '@exchange/margin';
import { E30, PERP, SPOT, btcMarket, btcUnit, future, hold, option, usd } from './portfolio-fixtures';

// margin-model.md goal: hedged books need far less under the grid / hedge-first than the sum of standard
// margins of their legs. BTC at 50,000, 30-day options at 60% vol, perp 50,010, 30-day future 50,200.

function margins(positions: readonly Holding[]) {
  const unit = btcUnit(positions);
  return {
    standard: standardUnitMargin(unit, BTC_PORTFOLIO_PARAMS),
    grid: gridMargin(unit, BTC_PORTFOLIO_PARAMS),
    hedgeFirst: hedgeFirstMargin(unit, BTC_PORTFOLIO_PARAMS),
  };
}

describe('hedged books against the standard-margin sum', () => {
  it('short 30-day ATM straddle, delta-hedged with the perp: a quarter to a third of standard IM', () => {
    const call = option(E30, 50_000, 'call');
    const put = option(E30, 50_000, 'put');
    const market = btcMarket();
    const [c, p] = [quoteInstrument(call, market), quoteInstrument(put, market)];
    const hedge = ((c.delta + p.delta) * c.forward) / market.perpMark;
    const { standard, grid, hedgeFirst } = margins([hold(call, -1), hold(put, -1), hold(PERP, hedge)]);
    // Standard: each short ATM option max(7,500, 5,000) + mark; about 21,957 USD with the hedge's 2%.
    assert.ok(usd(standard.initial) > 21_900 && usd(standard.initial) < 22_000, `${usd(standard.initial)}`);
    // Grid: the worst scenario is +16% with vol up, about 5,411 + roll; hedge-first adds its contingencies.
    assert.ok(usd(grid.initial) < 0.3 * usd(standard.initial), `grid ${usd(grid.initial)}`);
    assert.ok(usd(hedgeFirst.initial) < 0.4 * usd(standard.initial), `hedge-first ${usd(hedgeFirst.initial)}`);
    assert.ok(usd(hedgeFirst.maintenance) < 0.45 * usd(standard.maintenance));
  });

  it('long 30-day future against a short perp: about half the standard IM', () => {
    const { standard, grid, hedgeFirst } = margins([hold(future(E30), 1), hold(PERP, -1)]);
    // Standard: 0.02005 x (50,200 + 50,010) = 2,009.2105.
    assert.equal(usd(standard.initial), 2_009.2105);
    // Grid: L = 0.16 x 190 = 30.4 (the basis), roll 1% on each leg = 1,002.1: IM 1,032.5.
    assert.equal(usd(grid.initial), 1_032.5);
    assert.ok(usd(hedgeFirst.initial) < 0.65 * usd(standard.initial), `hedge-first ${usd(hedgeFirst.initial)}`);
    // The roll shock charges each leg's own expiry, so MM stays at the standard level.
    assert.ok(hedgeFirst.maintenance <= standard.maintenance);
  });

  it('spot collateral against a short perp (cash and carry): well under the standard IM of the perp', () => {
    const { standard, hedgeFirst } = margins([hold(SPOT, 1), hold(PERP, -1)]);
    assert.equal(usd(standard.initial), 1_002.7005);
    assert.ok(usd(hedgeFirst.initial) < 0.7 * usd(standard.initial), `hedge-first ${usd(hedgeFirst.initial)}`);
  });

  it('a naked directional perp is charged the full 16% move by the grid but only fast risk by hedge-first', () => {
    const { standard, grid, hedgeFirst } = margins([hold(PERP, 1)]);
    assert.equal(usd(grid.initial), 8_501.7);
    assert.ok(usd(hedgeFirst.initial) < 0.2 * usd(grid.initial));
    assert.ok(usd(hedgeFirst.initial) < 1.6 * usd(standard.initial));
  });
});
