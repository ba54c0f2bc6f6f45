import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BTC_PORTFOLIO_PARAMS, ETH_PORTFOLIO_PARAMS, parsePortfolioMarginParams } from '@exchange/margin';

const refusal = (value: unknown, underlying = 'BTC') => {
  const parsed = parsePortfolioMarginParams(value, underlying);
  return parsed.ok ? null : parsed.problem;
};

const withField = (path: string[], value: unknown): Record<string, unknown> => {
  const copy = structuredClone(BTC_PORTFOLIO_PARAMS) as unknown as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
};

describe('staff margin parameters', () => {
  it('accepts the design note defaults of both underlyings as they are', () => {
    const btc = parsePortfolioMarginParams(BTC_PORTFOLIO_PARAMS, 'BTC');
    assert.ok(btc.ok);
    assert.deepEqual(btc.params, BTC_PORTFOLIO_PARAMS);
    assert.ok(parsePortfolioMarginParams(ETH_PORTFOLIO_PARAMS, 'ETH').ok);
  });

  it('names the first field out of its range, missing or of the wrong type', () => {
    assert.deepEqual(refusal(withField(['linear', 'initialRate'], 1.5)), {
      field: 'linear.initialRate',
      reason: 'must be < 1',
    });
    assert.deepEqual(refusal(withField(['priceBuckets'], 2.5)), {
      field: 'priceBuckets',
      reason: 'must be a whole number',
    });
    assert.deepEqual(refusal(withField(['hedgeFirst', 'z'], '2.33')), {
      field: 'hedgeFirst.z',
      reason: 'must be a finite number',
    });
    assert.deepEqual(refusal(withField(['volShock'], null)), { field: 'volShock', reason: 'must be an object' });
    assert.deepEqual(refusal(withField(['dampenerUsd'], -1)), { field: 'dampenerUsd', reason: 'must be >= 0' });
    assert.deepEqual(refusal(withField(['maintenanceShare'], Number.NaN)), {
      field: 'maintenanceShare',
      reason: 'must be a finite number',
    });
    assert.deepEqual(refusal([]), { field: '(root)', reason: 'must be an object' });
  });

  it('checks the rules across fields and the extended moves', () => {
    assert.equal(refusal(withField(['linear', 'maintenanceRate'], 0.03))?.field, 'linear.maintenanceRate');
    assert.equal(refusal(withField(['shortOption', 'initialFloorRate'], 0.2))?.field, 'shortOption.initialFloorRate');
    assert.equal(refusal(withField(['priceRangeModel', 'min'], 0.5))?.field, 'priceRangeModel.min');
    assert.equal(refusal(withField(['extendedMoves'], [0.5, -1]))?.field, 'extendedMoves[1]');
    assert.equal(refusal(withField(['extendedMoves'], 'big'))?.field, 'extendedMoves');
  });

  it('needs a version naming the structure and the underlying it is for', () => {
    assert.equal(refusal(withField(['version'], ''))?.field, 'version');
    assert.equal(refusal(withField(['version'], 'has spaces'))?.field, 'version');
    assert.equal(refusal(BTC_PORTFOLIO_PARAMS, 'ETH')?.field, 'underlying');
  });

  it('keeps only the typed fields', () => {
    const parsed = parsePortfolioMarginParams({ ...BTC_PORTFOLIO_PARAMS, comment: 'ignored', version: 'btc-2' }, 'BTC');
    assert.ok(parsed.ok);
    assert.equal('comment' in parsed.params, false);
    assert.equal(parsed.params.version, 'btc-2');
  });
});
