import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLAT, type Position, applyTrade, unrealizedPnl } from '@exchange/ledger';
import { BTC_PERP, ETH_PERP, USDC } from './markets';

/** Applies trades in order; returns the final position and the realized PnL of each trade. */
function trade(start: Position, ...trades: ['buy' | 'sell', number, number][]): [Position, bigint[]] {
  let position = start;
  const realized: bigint[] = [];
  for (const [side, price, lots] of trades) {
    const result = applyTrade(position, side, price, lots);
    position = result.position;
    realized.push(result.realizedTicksLots);
  }
  return [position, realized];
}

describe('applyTrade', () => {
  it('opening and increasing add price x lots to the cost', () => {
    assert.deepEqual(trade(FLAT, ['buy', 100, 3], ['buy', 110, 2]), [{ sizeLots: 5, costTicksLots: 520n }, [0n, 0n]]);
    assert.deepEqual(trade(FLAT, ['sell', 100, 3], ['sell', 110, 2]), [
      { sizeLots: -5, costTicksLots: -520n },
      [0n, 0n],
    ]);
  });

  it('a partial close of a long realizes closed x price - closed cost', () => {
    // closed cost = 520 x 2 / 5 = 208; realized = 2 x 120 - 208 = 32
    assert.deepEqual(trade({ sizeLots: 5, costTicksLots: 520n }, ['sell', 120, 2]), [
      { sizeLots: 3, costTicksLots: 312n },
      [32n],
    ]);
  });

  it('rounds the closed cost up on a long and keeps the residual, so the total is exact', () => {
    // long 3 lots costing 301: closed cost of 1 lot = ceil(100.33) = 101, realized 105 - 101 = 4 (not 4.67)
    const [position, realized] = trade(FLAT, ['buy', 100, 2], ['buy', 101, 1], ['sell', 105, 1], ['sell', 105, 2]);
    assert.deepEqual(realized, [0n, 0n, 4n, 10n]);
    assert.deepEqual(position, FLAT);
    assert.equal(realized[2] + realized[3], 3n * 105n - 301n);
  });

  it('rounds the closed cost toward +infinity on a short: closedCost - closed x price, never over-credited', () => {
    // short 3 lots costing -301: closed cost of 1 lot = ceil(-100.33) = -100, realized 100 - 95 = 5 (not 5.33)
    const [position, realized] = trade(FLAT, ['sell', 100, 2], ['sell', 101, 1], ['buy', 95, 1]);
    assert.deepEqual(position, { sizeLots: -2, costTicksLots: -201n });
    assert.deepEqual(realized, [0n, 0n, 5n]);
    const closing = applyTrade(position, 'buy', 95, 2);
    assert.deepEqual(closing, { position: FLAT, realizedTicksLots: 11n });
    assert.equal(realized[2] + closing.realizedTicksLots, 301n - 3n * 95n);
  });

  it('flips a long through zero: closes all, then opens the rest at the trade price', () => {
    assert.deepEqual(applyTrade({ sizeLots: 2, costTicksLots: 200n }, 'sell', 110, 5), {
      position: { sizeLots: -3, costTicksLots: -330n },
      realizedTicksLots: 20n,
    });
  });

  it('flips a short through zero', () => {
    assert.deepEqual(applyTrade({ sizeLots: -4, costTicksLots: -410n }, 'buy', 100, 6), {
      position: { sizeLots: 2, costTicksLots: 200n },
      realizedTicksLots: 10n,
    });
  });

  it('refuses sizes and prices that are not positive integers', () => {
    assert.throws(() => applyTrade(FLAT, 'buy', 100, 0), RangeError);
    assert.throws(() => applyTrade(FLAT, 'buy', 100, 1.5), RangeError);
    assert.throws(() => applyTrade(FLAT, 'buy', -1, 1), RangeError);
  });
});

describe('unrealizedPnl', () => {
  it('values 1 BTC long from 50,000 at a 51,000 mark as +1,000 USDC', () => {
    const long = { sizeLots: 1000, costTicksLots: 100_000n * 1000n };
    assert.equal(unrealizedPnl(long, 51_000_000_000, BTC_PERP), 1000n * USDC);
    assert.equal(
      unrealizedPnl({ sizeLots: -1000, costTicksLots: -100_000n * 1000n }, 51_000_000_000, BTC_PERP),
      -1000n * USDC,
    );
  });

  it('values 1 ETH long from 3,000 at a 2,999.5 mark as -0.5 USDC', () => {
    assert.equal(unrealizedPnl({ sizeLots: 100, costTicksLots: 6_000_000n }, 2_999_500_000, ETH_PERP), -500_000n);
  });

  it('rounds toward negative infinity', () => {
    // 0.001 BTC at a mark 1 micro-USDC below 50,000: exact PnL -0.001 micro for the long, +0.001 for the short
    assert.equal(unrealizedPnl({ sizeLots: 1, costTicksLots: 100_000n }, 49_999_999_999, BTC_PERP), -1n);
    assert.equal(unrealizedPnl({ sizeLots: -1, costTicksLots: -100_000n }, 49_999_999_999, BTC_PERP), 0n);
  });

  it('is zero when flat', () => {
    assert.equal(unrealizedPnl(FLAT, 50_000_000_000, BTC_PERP), 0n);
  });
});
