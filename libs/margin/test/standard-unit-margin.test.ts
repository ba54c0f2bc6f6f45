import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PORTFOLIO_PARAMS,
  quoteInstrument,
  standardOptionMargin,
  standardPositionMargin,
  standardUnitMargin,
} from '@exchange/margin';
import { E30, E90, PERP, SPOT, btcMarket, btcUnit, future, hold, option, order, usd } from './portfolio-fixtures';

// Deribit standard option margin, margin-model.md section 2, as published by Deribit and quoted at
// https://doc.tslab.pro/tslab/eng/data-providers/connection-to-broker/deribit-cryptocurrency-exchange/deribit-margin-requirements-calculation
// (and https://docs.aevo.xyz/aevo-exchange/options-specifications/standard-margin), here per coin in USD:
//   short call IM = max(0.15 S - OTM, 0.10 S) + mark, MM = 0.075 S + mark
//   short put  MM = max(0.075 S, 0.075 mark) + mark, IM = max(max(0.15 S - OTM, 0.10 S) + mark, MM)
//   long IM = premium, MM = 0.   Every number below is worked by hand from these, with S = 50,000.

const RATES = BTC_PORTFOLIO_PARAMS.shortOption;
const S = 50_000;

describe('standardOptionMargin golden values (S = 50,000)', () => {
  const cases: [string, number, 'call' | 'put', number, number, number, number][] = [
    // OTM = 5,000: IM = max(7,500 - 5,000, 5,000) + 800 = 5,800; MM = 3,750 + 800 = 4,550
    ['short 1 call K 55,000 mark 800', -1, 'call', 55_000, 800, 5_800, 4_550],
    // ITM, OTM = 0: IM = max(7,500, 5,000) + 6,000 = 13,500; MM = 3,750 + 6,000 = 9,750
    ['short 1 call K 45,000 mark 6,000', -1, 'call', 45_000, 6_000, 13_500, 9_750],
    // OTM = 2,000: IM = max(5,500, 5,000) + 1,500 = 7,000; MM = 5,250; x 2.5 coins
    ['short 2.5 calls K 52,000 mark 1,500', -2.5, 'call', 52_000, 1_500, 17_500, 13_125],
    // OTM = 5,000: IM = max(2,500, 5,000) + 700 = 5,700; MM = max(3,750, 52.5) + 700 = 4,450
    ['short 1 put K 45,000 mark 700', -1, 'put', 45_000, 700, 5_700, 4_450],
    // OTM = 2,000: IM = 5,500 + 1,200 = 6,700; MM = 3,750 + 1,200 = 4,950
    ['short 1 put K 48,000 mark 1,200', -1, 'put', 48_000, 1_200, 6_700, 4_950],
    // Deep ITM, mark 150,000 > 2 S: MM = max(3,750, 11,250) + 150,000 = 161,250 exceeds
    // max(7,500, 5,000) + 150,000 = 157,500, so IM = MM = 161,250.
    ['short 1 put K 200,000 mark 150,000', -1, 'put', 200_000, 150_000, 161_250, 161_250],
    // Long: IM = premium 3 x 2,100 = 6,300, MM = 0
    ['long 3 calls mark 2,100', 3, 'call', 50_000, 2_100, 6_300, 0],
    ['long 1 put mark 900', 1, 'put', 50_000, 900, 900, 0],
  ];
  for (const [name, size, optionType, strike, mark, initial, maintenance] of cases) {
    it(name, () => {
      assert.deepEqual(standardOptionMargin(size, optionType, strike, S, mark, RATES), { initial, maintenance });
    });
  }
});

describe('standardPositionMargin', () => {
  const market = btcMarket();

  it('margins perps and futures with the perp formula at their own mark', () => {
    // 1 perp at 50,010: IM = (0.02 + 0.00005) x 50,010 = 1,002.7005; MM = 0.01005 x 50,010 = 502.6005
    assert.deepEqual(standardPositionMargin(quoteInstrument(PERP, market), 1, S, BTC_PORTFOLIO_PARAMS), {
      initial: 1_002_700_500n,
      maintenance: 502_600_500n,
    });
    // -2 futures at 50,600: IM = (0.02 + 0.0001) x 2 x 50,600 = 2,034.12; MM = 0.0101 x 101,200 = 1,022.12
    assert.deepEqual(standardPositionMargin(quoteInstrument(future(E90), market), -2, S, BTC_PORTFOLIO_PARAMS), {
      initial: 2_034_120_000n,
      maintenance: 1_022_120_000n,
    });
  });

  it('margins an option at its Black-76 mark, rounded up to the micro-USDC', () => {
    const quote = quoteInstrument(option(E30, 55_000, 'call'), market);
    const expected = standardOptionMargin(-1, 'call', 55_000, S, quote.mark, RATES);
    const margin = standardPositionMargin(quote, -1, S, BTC_PORTFOLIO_PARAMS);
    assert.equal(margin.initial, BigInt(Math.ceil(expected.initial * 1e6)));
    assert.equal(margin.maintenance, BigInt(Math.ceil(expected.maintenance * 1e6)));
  });

  it('needs nothing for spot collateral', () => {
    assert.deepEqual(standardPositionMargin(quoteInstrument(SPOT, market), 3, S, BTC_PORTFOLIO_PARAMS), {
      initial: 0n,
      maintenance: 0n,
    });
  });
});

describe('standardUnitMargin', () => {
  it('sums the positions, netting each instrument first', () => {
    const call = option(E30, 55_000, 'call');
    const result = standardUnitMargin(
      btcUnit([hold(PERP, 1), hold(call, -1), hold(PERP, 0.5), hold(PERP, -0.5), hold(SPOT, 2)]),
      BTC_PORTFOLIO_PARAMS,
    );
    assert.deepEqual(
      result.instruments.map((row) => [row.symbol, row.size]),
      [
        ['BTC', 2],
        ['BTC-30D-55000-C', -1],
        ['BTC-PERP', 1],
      ],
    );
    assert.equal(
      result.initial,
      result.instruments.reduce((sum, row) => sum + row.initial, 0n),
    );
    assert.equal(
      result.maintenance,
      result.instruments.reduce((sum, row) => sum + row.maintenance, 0n),
    );
    assert.equal(result.instruments[2].initial, 1_002_700_500n);
    assert.equal(result.params, BTC_PORTFOLIO_PARAMS);
  });

  it('adds open orders to IM only, the worse side per instrument, with their immediate loss', () => {
    // Long 1 perp. Bids: 1 at 50,100 (90 above the mark). Asks: 3 at 50,000 (10 below the mark).
    // All bids: 2 perps: (0.02 + 0.0001) x 100,020 = 2,010.402 + loss 90 = 2,100.402
    // All asks: -2 perps: 2,010.402 + loss 3 x 10 = 2,040.402. The bids side is worse.
    const result = standardUnitMargin(
      btcUnit([hold(PERP, 1)], [order(PERP, 1, 50_100), order(PERP, -3, 50_000)]),
      BTC_PORTFOLIO_PARAMS,
    );
    assert.equal(usd(result.initial), 2_100.402);
    assert.equal(usd(result.maintenance), 502.6005);
  });

  it('charges orders in an instrument with no position', () => {
    // Ask of 1 call: a short call if filled; the call is marked from the surface.
    const call = option(E30, 55_000, 'call');
    const quote = quoteInstrument(call, btcMarket());
    const ask = standardUnitMargin(btcUnit([], [order(call, -1, quote.mark)]), BTC_PORTFOLIO_PARAMS);
    const short = standardUnitMargin(btcUnit([hold(call, -1)]), BTC_PORTFOLIO_PARAMS);
    assert.equal(ask.initial, short.initial);
    assert.equal(ask.maintenance, 0n);
  });
});
