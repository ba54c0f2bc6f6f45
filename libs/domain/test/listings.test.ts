import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BTC_PERP,
  expiryCode,
  futureSpec,
  futureSymbol,
  lastFridayExpiryMs,
  listingProblem,
  monthlyExpiriesAfter,
  optionSeriesSpecs,
  optionSpec,
  optionSymbol,
  strikeLadder,
  valuePerTickLot,
  wholeValuePerTickLot,
  type MarketSpec,
} from '@exchange/domain';

const DEC_25_2026 = Date.UTC(2026, 11, 25, 8);
const FUTURE_SIZES = { tickSize: '0.5', lotSize: '0.001', minSizeLots: 1 };
const OPTION_SIZES = { tickSize: '5', lotSize: '0.01', minSizeLots: 1 };

describe('expiries', () => {
  it('finds the last Friday of a month at 08:00 UTC', () => {
    assert.equal(lastFridayExpiryMs(2026, 12), DEC_25_2026);
    assert.equal(lastFridayExpiryMs(2027, 1), Date.UTC(2027, 0, 29, 8));
    assert.equal(lastFridayExpiryMs(2024, 2), Date.UTC(2024, 1, 23, 8)); // leap February
  });

  it('agrees with the calendar for every month of two centuries', () => {
    for (let year = 1990; year <= 2190; year++) {
      for (let month = 1; month <= 12; month++) {
        const expiry = new Date(lastFridayExpiryMs(year, month));
        assert.equal(expiry.getUTCDay(), 5, `${year}-${month} is a Friday`);
        assert.equal(expiry.getUTCHours(), 8);
        assert.deepEqual([expiry.getUTCFullYear(), expiry.getUTCMonth() + 1], [year, month]);
        const weekLater = new Date(expiry.getTime() + 7 * 86_400_000);
        assert.notEqual(weekLater.getUTCMonth() + 1, month, `${year}-${month}: no later Friday in the month`);
      }
    }
  });

  it('takes the months after the current one, across a year end', () => {
    // The day before November's own expiry: November is skipped all the same.
    assert.deepEqual(monthlyExpiriesAfter(Date.UTC(2026, 10, 26), 2), [DEC_25_2026, Date.UTC(2027, 0, 29, 8)]);
    assert.deepEqual(monthlyExpiriesAfter(Date.UTC(2026, 11, 31, 23, 59), 1), [Date.UTC(2027, 0, 29, 8)]);
  });

  it('writes expiry codes as Deribit does: unpadded day, month, two-digit year', () => {
    assert.equal(expiryCode(DEC_25_2026), '25DEC26');
    assert.equal(expiryCode(Date.UTC(2027, 2, 5, 8)), '5MAR27');
    assert.equal(expiryCode(Date.UTC(2105, 0, 2, 8)), '2JAN05');
    assert.equal(expiryCode(Date.parse('2027-01-05T01:00:00+02:00')), '4JAN27'); // the UTC day
  });
});

describe('symbols', () => {
  it('names futures and options Deribit-style', () => {
    assert.equal(futureSymbol('BTC', DEC_25_2026), 'BTC-25DEC26');
    assert.equal(optionSymbol('BTC', DEC_25_2026, '50000', 'call'), 'BTC-25DEC26-50000-C');
    assert.equal(optionSymbol('ETH', DEC_25_2026, '2500', 'put'), 'ETH-25DEC26-2500-P');
    assert.equal(optionSymbol('XRP', DEC_25_2026, '0.625', 'call'), 'XRP-25DEC26-0d625-C');
  });
});

describe('specs', () => {
  it('builds a dated future', () => {
    assert.deepEqual(futureSpec({ underlying: 'BTC', expiryMs: DEC_25_2026, ...FUTURE_SIZES }), {
      symbol: 'BTC-25DEC26',
      kind: 'future',
      underlying: 'BTC',
      quoteAsset: 'USDC',
      tickSize: '0.5',
      lotSize: '0.001',
      minSizeLots: 1,
      status: 'active',
      expiryMs: DEC_25_2026,
    });
  });

  it('builds a series of calls and puts per strike, each worth a whole micro-USDC per tick and lot', () => {
    const series = optionSeriesSpecs({
      underlying: 'BTC',
      expiryMs: DEC_25_2026,
      strikes: ['45000', '50000'],
      ...OPTION_SIZES,
    });
    assert.deepEqual(
      series.map((spec) => [spec.symbol, spec.kind, spec.strike, spec.optionType, spec.expiryMs]),
      [
        ['BTC-25DEC26-45000-C', 'option', '45000', 'call', DEC_25_2026],
        ['BTC-25DEC26-45000-P', 'option', '45000', 'put', DEC_25_2026],
        ['BTC-25DEC26-50000-C', 'option', '50000', 'call', DEC_25_2026],
        ['BTC-25DEC26-50000-P', 'option', '50000', 'put', DEC_25_2026],
      ],
    );
    assert.equal(valuePerTickLot(series[0]), 50_000); // 5 USDC x 0.01 BTC
  });

  it('refuses what cannot be listed', () => {
    const option = optionSpec({
      underlying: 'BTC',
      expiryMs: DEC_25_2026,
      strike: '50000',
      optionType: 'call',
      ...OPTION_SIZES,
    });
    const cases: [string, MarketSpec, RegExp][] = [
      ['tick x lot below a micro-USDC', { ...option, tickSize: '0.0001', lotSize: '0.001' }, /whole number/],
      ['a zero lot', { ...option, lotSize: '0' }, /lot size 0/],
      ['a fractional minimum size', { ...option, minSizeLots: 0.5 }, /minimum size/],
      ['an option without a strike', { ...option, strike: undefined }, /needs strike/],
      ['a negative strike', { ...option, strike: '-5' }, /strike -5/],
      ['a future without an expiry', { ...option, kind: 'future', expiryMs: undefined }, /needs expiry/],
      ['a future with a strike', { ...option, kind: 'future' }, /has no strike/],
      ['a perpetual with an expiry', { ...BTC_PERP, expiryMs: DEC_25_2026 }, /has no expiry/],
      ['a spec without a tick size', { ...option, tickSize: undefined } as unknown as MarketSpec, /tickSize must/],
      ['an unknown status', { ...option, status: 'open' } as unknown as MarketSpec, /unknown market status open/],
      ['a numeric strike', { ...option, strike: 50_000 } as unknown as MarketSpec, /strike must be a decimal/],
    ];
    for (const [what, spec, problem] of cases) assert.match(listingProblem(spec) ?? 'accepted', problem, what);
    assert.equal(listingProblem(option), null);
    assert.equal(listingProblem(BTC_PERP), null);
    assert.equal(wholeValuePerTickLot(option), 50_000);
    assert.equal(wholeValuePerTickLot({ tickSize: '0.0001', lotSize: '0.001' }), null);
    assert.equal(wholeValuePerTickLot({ tickSize: '0.5', lotSize: '1e-3' }), null);
    assert.throws(
      () =>
        futureSpec({ underlying: 'BTC', expiryMs: DEC_25_2026, tickSize: '0.5', lotSize: '0.0000001', minSizeLots: 1 }),
      RangeError,
    );
  });
});

describe('strike ladder', () => {
  it('steps 5% around the reference on a three-digit grid', () => {
    assert.deepEqual(strikeLadder(50_000_000_000, 500, 3), [
      '42500',
      '45000',
      '47500',
      '50000',
      '52500',
      '55000',
      '57500',
    ]);
    assert.deepEqual(strikeLadder(63_217_400_000, 500, 1), ['60000', '63200', '66400']);
    assert.deepEqual(strikeLadder(1_234_567, 1000, 1), ['1.11', '1.23', '1.35']);
  });

  it('refuses a ladder that reaches zero', () => {
    assert.throws(() => strikeLadder(50_000_000_000, 500, 20), RangeError);
    assert.throws(() => strikeLadder(0, 500, 1), RangeError);
  });
});
