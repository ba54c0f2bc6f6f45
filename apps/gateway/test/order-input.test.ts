import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderRequest, parseOrderInput } from '../src/orders/order-input';
import { BTC_PERP } from './fakes';

const limit = (price: string | undefined, quantity = '0.01'): OrderRequest => ({
  market: 'BTC-PERP',
  side: 'buy',
  type: 'limit',
  price,
  quantity,
});

const problem = (request: OrderRequest) => {
  const result = parseOrderInput(request, BTC_PERP);
  assert.equal(result.ok, false);
  return result.ok ? undefined : { code: result.problem.code, message: result.problem.message };
};

describe('parseOrderInput', () => {
  it('converts a limit order to ticks and lots with GTC by default', () => {
    assert.deepEqual(parseOrderInput(limit('50000.5'), BTC_PERP), {
      ok: true,
      terms: { priceTicks: 100_001, sizeLots: 10, timeInForce: 'GTC' },
    });
  });

  it('makes market orders IOC without a price', () => {
    assert.deepEqual(parseOrderInput({ ...limit(undefined), type: 'market' }, BTC_PERP), {
      ok: true,
      terms: { priceTicks: null, sizeLots: 10, timeInForce: 'IOC' },
    });
  });

  it('says why a price is refused', () => {
    assert.deepEqual(problem(limit('50000.3')), {
      code: 'INVALID_PRICE',
      message: 'price is not a multiple of tick size 0.5',
    });
    assert.deepEqual(problem(limit('50000.25')), {
      code: 'INVALID_PRICE',
      message: 'price has more decimals than tick size 0.5 allows',
    });
    assert.deepEqual(problem(limit('-1')), { code: 'INVALID_PRICE', message: 'price must not be negative' });
    assert.deepEqual(problem(limit('0')), { code: 'INVALID_PRICE', message: 'price must be positive' });
    assert.deepEqual(problem(limit('1e5')), {
      code: 'INVALID_PRICE',
      message: 'price must be a decimal string such as "50000.5"',
    });
    assert.deepEqual(problem(limit('9999999999999999')), { code: 'INVALID_PRICE', message: 'price is too large' });
    assert.deepEqual(problem(limit(undefined)), { code: 'INVALID_PRICE', message: 'limit orders need a price' });
    assert.deepEqual(problem({ ...limit('50000'), type: 'market' }), {
      code: 'INVALID_PRICE',
      message: 'market orders take no price',
    });
  });

  it('says why a quantity is refused', () => {
    assert.deepEqual(problem(limit('50000', '0')), { code: 'INVALID_QUANTITY', message: 'quantity must be positive' });
    assert.deepEqual(problem(limit('50000', '0.0005')), {
      code: 'INVALID_QUANTITY',
      message: 'quantity has more decimals than lot size 0.001 allows',
    });
    assert.deepEqual(problem(limit('50000', '-0.01')), {
      code: 'INVALID_QUANTITY',
      message: 'quantity must not be negative',
    });
    assert.deepEqual(problem(limit('50000', 'abc')), {
      code: 'INVALID_QUANTITY',
      message: 'quantity must be a decimal string such as "50000.5"',
    });
  });

  it('refuses a price off the tick grid that has no extra decimals', () => {
    const market = { ...BTC_PERP, tickSize: '5' };
    const result = parseOrderInput(limit('50002'), market);
    assert.deepEqual(result.ok ? undefined : result.problem, {
      code: 'INVALID_PRICE',
      message: 'price is not a multiple of tick size 5',
      details: { field: 'price', reason: 'NOT_A_MULTIPLE', tickSize: '5' },
    });
  });

  it('refuses a GTC market order', () => {
    const result = parseOrderInput({ ...limit(undefined), type: 'market', timeInForce: 'GTC' }, BTC_PERP);
    assert.deepEqual(result.ok ? undefined : result.problem.code, 'VALIDATION_ERROR');
  });
});
