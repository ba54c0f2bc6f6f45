import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAmendInput } from '../src/orders/amend-input';
import { parseTimestampMs } from '../src/orders/expiry';
import type { InputProblem } from '../src/orders/input-problem';
import { OrderRequest, parseOrderInput } from '../src/orders/order-input';
import { BTC_PERP } from './fakes';

const NOW_MS = Date.UTC(2025, 0, 1);

const limit = (price: string | undefined, quantity = '0.01'): OrderRequest => ({
  market: 'BTC-PERP',
  side: 'buy',
  type: 'limit',
  price,
  quantity,
});

const parse = (request: OrderRequest) => parseOrderInput(request, BTC_PERP, NOW_MS);

const problemOf = (request: OrderRequest): InputProblem => {
  const result = parse(request);
  assert.equal(result.ok, false, 'expected a refusal');
  return (result as { problem: InputProblem }).problem;
};

const problem = (request: OrderRequest) => {
  const { code, message } = problemOf(request);
  return { code, message };
};

describe('parseOrderInput', () => {
  it('converts a limit order to ticks and lots with GTC by default and no options', () => {
    assert.deepEqual(parse(limit('50000.5')), {
      ok: true,
      value: { priceTicks: 100_001, sizeLots: 10, timeInForce: 'GTC' },
    });
  });

  it('makes market orders IOC without a price, and lets them be FOK', () => {
    const market = { ...limit(undefined), type: 'market' } as const;
    assert.deepEqual(parse(market), { ok: true, value: { priceTicks: null, sizeLots: 10, timeInForce: 'IOC' } });
    assert.deepEqual(parse({ ...market, timeInForce: 'FOK' }), {
      ok: true,
      value: { priceTicks: null, sizeLots: 10, timeInForce: 'FOK' },
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
    const result = parseOrderInput(limit('50002'), { ...BTC_PERP, tickSize: '5' }, NOW_MS);
    assert.deepEqual(result.ok ? undefined : result.problem, {
      code: 'INVALID_PRICE',
      message: 'price is not a multiple of tick size 5',
      details: { field: 'price', reason: 'NOT_A_MULTIPLE', tickSize: '5' },
    });
  });

  it('refuses a market order that could rest', () => {
    for (const timeInForce of ['GTC', 'GTD'] as const) {
      assert.deepEqual(problemOf({ ...limit(undefined), type: 'market', timeInForce }), {
        code: 'VALIDATION_ERROR',
        message: 'market orders are IOC or FOK',
        details: { fields: [{ field: 'timeInForce', problems: ['market orders are IOC or FOK'] }] },
      });
    }
  });

  describe('good till date', () => {
    const gtd = (expiresAt: string | undefined): OrderRequest => ({ ...limit('50000'), timeInForce: 'GTD', expiresAt });

    it('carries the expiry in microseconds, from UTC or an offset, with milliseconds', () => {
      assert.deepEqual(parse(gtd('2025-01-01T00:05:00Z')), {
        ok: true,
        value: { priceTicks: 100_000, sizeLots: 10, timeInForce: 'GTD', expiresAtUs: (NOW_MS + 300_000) * 1000 },
      });
      const offset = parse(gtd('2025-01-01T01:00:00.250+01:00'));
      assert.equal(offset.ok && offset.value.expiresAtUs, (NOW_MS + 250) * 1000);
    });

    it('needs an expiry in the future, and only GTD takes one', () => {
      const cases: [OrderRequest, string, string][] = [
        [gtd(undefined), 'MISSING', 'GTD orders need expiresAt'],
        [gtd('2025-01-01T00:00:00Z'), 'PAST', 'expiresAt must be in the future'],
        [gtd('2024-12-31T23:59:59.999Z'), 'PAST', 'expiresAt must be in the future'],
        [gtd('2025-01-01T00:05:00'), 'MALFORMED', 'expiresAt must be an RFC 3339 time such as "2025-01-01T00:05:00Z"'],
        [gtd('1735689900000'), 'MALFORMED', 'expiresAt must be an RFC 3339 time such as "2025-01-01T00:05:00Z"'],
        [gtd('2025-02-30T00:00:00Z'), 'MALFORMED', 'expiresAt must be an RFC 3339 time such as "2025-01-01T00:05:00Z"'],
        [gtd('9999-01-01T00:00:00Z'), 'TOO_LATE', 'expiresAt is too far in the future'],
        [{ ...limit('50000'), expiresAt: '2025-01-01T00:05:00Z' }, 'NOT_GTD', 'expiresAt is only for GTD orders'],
        [
          { ...limit('50000'), timeInForce: 'IOC', expiresAt: '2025-01-01T00:05:00Z' },
          'NOT_GTD',
          'expiresAt is only for GTD orders',
        ],
      ];
      for (const [request, reason, message] of cases) {
        const refused = problemOf(request);
        assert.deepEqual(
          [refused.code, refused.message, refused.details.reason],
          ['INVALID_EXPIRY', message, reason],
          String(request.expiresAt),
        );
      }
    });
  });

  describe('conditional orders', () => {
    const stopMarket: OrderRequest = {
      market: 'BTC-PERP',
      side: 'sell',
      type: 'market',
      quantity: '0.01',
      triggerPrice: '49000.5',
      triggerKind: 'stop',
      triggerBy: 'mark',
    };

    it('carries the trigger in ticks, watching the last price unless told otherwise', () => {
      assert.deepEqual(parse(stopMarket), {
        ok: true,
        value: {
          priceTicks: null,
          sizeLots: 10,
          timeInForce: 'IOC',
          trigger: { kind: 'stop', reference: 'mark', priceTicks: 98_001 },
        },
      });
      const takeProfitLimit = parse({
        ...limit('51000'),
        side: 'sell',
        triggerPrice: '51000',
        triggerKind: 'take_profit',
      });
      assert.deepEqual(takeProfitLimit.ok && takeProfitLimit.value.trigger, {
        kind: 'take_profit',
        reference: 'last',
        priceTicks: 102_000,
      });
    });

    it('refuses a trigger price off the tick grid, with too many decimals, zero or not a decimal', () => {
      const cases: [string, string, string][] = [
        ['49000.3', 'NOT_A_MULTIPLE', 'triggerPrice is not a multiple of tick size 0.5'],
        ['49000.25', 'TOO_MANY_DECIMALS', 'triggerPrice has more decimals than tick size 0.5 allows'],
        ['0', 'ZERO', 'triggerPrice must be positive'],
        ['-49000', 'NEGATIVE', 'triggerPrice must not be negative'],
        ['4.9e4', 'NOT_A_DECIMAL', 'triggerPrice must be a decimal string such as "50000.5"'],
      ];
      for (const [triggerPrice, reason, message] of cases) {
        assert.deepEqual(problemOf({ ...stopMarket, triggerPrice }), {
          code: 'INVALID_TRIGGER',
          message,
          details: {
            field: 'triggerPrice',
            reason,
            ...(reason === 'ZERO' ? {} : { tickSize: '0.5' }),
          },
        });
      }
    });

    it('refuses trigger fields without a trigger price, and a trigger price without a kind', () => {
      assert.deepEqual(problem({ ...stopMarket, triggerPrice: undefined }), {
        code: 'INVALID_TRIGGER',
        message: 'triggerKind and triggerBy need a triggerPrice',
      });
      assert.deepEqual(problem({ ...stopMarket, triggerPrice: undefined, triggerKind: undefined }), {
        code: 'INVALID_TRIGGER',
        message: 'triggerKind and triggerBy need a triggerPrice',
      });
      assert.deepEqual(problem({ ...stopMarket, triggerKind: undefined }), {
        code: 'INVALID_TRIGGER',
        message: 'a triggerPrice needs a triggerKind (stop or take_profit)',
      });
    });
  });

  describe('options', () => {
    it('maps post-only (reject by default, or reprice), reduce-only and self-trade prevention', () => {
      const parsed = parse({
        ...limit('50000'),
        timeInForce: 'GTD',
        expiresAt: '2025-01-02T00:00:00Z',
        postOnly: true,
        postOnlyMode: 'reprice',
        reduceOnly: true,
        selfTradePrevention: 'cancel_both',
      });
      assert.deepEqual(parsed, {
        ok: true,
        value: {
          priceTicks: 100_000,
          sizeLots: 10,
          timeInForce: 'GTD',
          expiresAtUs: (NOW_MS + 86_400_000) * 1000,
          postOnly: 'reprice',
          reduceOnly: true,
          selfTradePrevention: 'cancel_both',
        },
      });
      const postOnly = parse({ ...limit('50000'), postOnly: true });
      assert.equal(postOnly.ok && postOnly.value.postOnly, 'reject');
    });

    it('leaves out options set to their "off" value', () => {
      assert.deepEqual(parse({ ...limit('50000'), postOnly: false, reduceOnly: false }), {
        ok: true,
        value: { priceTicks: 100_000, sizeLots: 10, timeInForce: 'GTC' },
      });
    });

    it('refuses post-only where it cannot rest or with a mode and no post-only', () => {
      const cases: [OrderRequest, string][] = [
        [{ ...limit(undefined), type: 'market', postOnly: true }, 'a post-only order needs a limit price'],
        [{ ...limit('50000'), timeInForce: 'IOC', postOnly: true }, 'a post-only order cannot be IOC'],
        [{ ...limit('50000'), timeInForce: 'FOK', postOnly: true }, 'a post-only order cannot be FOK'],
        [
          { ...limit('50000'), postOnly: true, triggerPrice: '51000', triggerKind: 'stop' },
          'a conditional order cannot be post-only',
        ],
        [{ ...limit('50000'), postOnlyMode: 'reprice' }, 'postOnlyMode needs postOnly: true'],
        [{ ...limit('50000'), postOnly: false, postOnlyMode: 'reject' }, 'postOnlyMode needs postOnly: true'],
      ];
      for (const [request, message] of cases) {
        assert.deepEqual(problem(request), { code: 'INVALID_ORDER_OPTIONS', message }, message);
      }
    });
  });
});

describe('parseAmendInput', () => {
  it('converts a new price and/or total size, leaving out what does not change', () => {
    assert.deepEqual(parseAmendInput({ price: '50001', quantity: '0.02' }, BTC_PERP), {
      ok: true,
      value: { priceTicks: 100_002, sizeLots: 20 },
    });
    assert.deepEqual(parseAmendInput({ quantity: '0.005' }, BTC_PERP), { ok: true, value: { sizeLots: 5 } });
    assert.deepEqual(parseAmendInput({ price: '49999.5' }, BTC_PERP), { ok: true, value: { priceTicks: 99_999 } });
  });

  it('refuses an amend that changes nothing, and prices or sizes off their grid', () => {
    const refusal = (request: { price?: string; quantity?: string }) => {
      const result = parseAmendInput(request, BTC_PERP);
      return result.ok ? undefined : [result.problem.code, result.problem.message];
    };
    assert.deepEqual(refusal({}), ['VALIDATION_ERROR', 'an amend needs a new price or quantity']);
    assert.deepEqual(refusal({ price: '50000.1' }), ['INVALID_PRICE', 'price is not a multiple of tick size 0.5']);
    assert.deepEqual(refusal({ price: '50000', quantity: '0' }), ['INVALID_QUANTITY', 'quantity must be positive']);
    assert.deepEqual(refusal({ quantity: '0.0001' }), [
      'INVALID_QUANTITY',
      'quantity has more decimals than lot size 0.001 allows',
    ]);
  });
});

describe('parseTimestampMs', () => {
  it('reads RFC 3339 times with a zone and refuses impossible or zone-less ones', () => {
    assert.equal(parseTimestampMs('2024-02-29T23:59:59.5Z'), Date.UTC(2024, 1, 29, 23, 59, 59, 500));
    assert.equal(parseTimestampMs('2025-01-01T00:00:00-02:30'), Date.UTC(2025, 0, 1, 2, 30));
    for (const text of [
      '2025-02-29T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T23:60:00Z',
      '2025-01-01T23:00:60Z',
      '2025-01-01T00:00:00+24:00',
      '2025-01-01T00:00:00.1234Z',
      '2025-01-01 00:00:00Z',
      '2025-01-01T00:00Z',
      '2025-01-01',
      ' 2025-01-01T00:00:00Z',
    ]) {
      assert.equal(parseTimestampMs(text), null, text);
    }
  });
});
