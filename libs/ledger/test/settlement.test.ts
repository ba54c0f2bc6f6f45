import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FillEvent } from '@exchange/contracts';
import { FLAT, assertBalanced, settleFill } from '@exchange/ledger';
import { BTC_PERP } from './markets';

/** Taker B buys 0.4 BTC at 51,000 from maker A. */
const FILL: FillEvent = {
  type: 'fill',
  seq: 7,
  tradeId: 't-1',
  priceTicks: 102_000,
  sizeLots: 400,
  takerSide: 'buy',
  maker: { orderId: 'o-a', accountId: 'A', remainingLots: 600 },
  taker: { orderId: 'o-b', accountId: 'B', remainingLots: 0 },
};

const ONE_BTC_LONG_AT_50K = { sizeLots: 1000, costTicksLots: 100_000n * 1000n };

describe('settleFill', () => {
  const settlement = settleFill(FILL, BTC_PERP, ONE_BTC_LONG_AT_50K, FLAT);

  it('realizes the maker closing 0.4 of 1 BTC long from 50,000 at 51,000: +400 USDC', () => {
    // notional 20,400 USDC; maker fee 2 bps = 4.08 USDC
    assert.deepEqual(settlement.maker, {
      position: { sizeLots: 600, costTicksLots: 60_000_000n },
      realizedPnl: 400_000_000n,
      fee: 4_080_000n,
      cashDelta: 395_920_000n,
    });
  });

  it('opens the taker long 0.4 BTC at 51,000 and charges 5 bps', () => {
    assert.deepEqual(settlement.taker, {
      position: { sizeLots: 400, costTicksLots: 40_800_000n },
      realizedPnl: 0n,
      fee: 10_200_000n,
      cashDelta: -10_200_000n,
    });
  });

  it('posts fees to sys:fees and realized PnL against the market clearing account', () => {
    assert.deepEqual(settlement.journal, {
      reference: 'fill:t-1',
      kind: 'fill',
      entries: [
        { ledgerAccount: 'acct:A', asset: 'USDC', amount: -4_080_000n },
        { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 4_080_000n },
        { ledgerAccount: 'sys:clearing:BTC-PERP', asset: 'USDC', amount: -400_000_000n },
        { ledgerAccount: 'acct:A', asset: 'USDC', amount: 400_000_000n },
        { ledgerAccount: 'acct:B', asset: 'USDC', amount: -10_200_000n },
        { ledgerAccount: 'sys:fees', asset: 'USDC', amount: 10_200_000n },
      ],
    });
    assertBalanced(settlement.journal);
  });

  it('uses the given fee schedule', () => {
    const free = settleFill(FILL, BTC_PERP, ONE_BTC_LONG_AT_50K, FLAT, { makerBps: 0, takerBps: 0 });
    assert.equal(free.maker.cashDelta, 400_000_000n);
    assert.equal(free.taker.cashDelta, 0n);
    assert.equal(free.journal.entries.length, 2);
  });

  it('applies both legs of a self-trade to the one position, in order', () => {
    const selfFill: FillEvent = { ...FILL, taker: { ...FILL.taker, accountId: 'A' } };
    const self = settleFill(selfFill, BTC_PERP, ONE_BTC_LONG_AT_50K, ONE_BTC_LONG_AT_50K);
    // sold 0.4 (realizing +400), then bought 0.4 back at 51,000
    assert.deepEqual(self.taker.position, { sizeLots: 1000, costTicksLots: 60_000_000n + 40_800_000n });
    assert.equal(self.maker.realizedPnl + self.taker.realizedPnl, 400_000_000n);
  });
});
