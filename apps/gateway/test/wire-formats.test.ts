import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { toMarginView, toPositionView, unrealizedMicro } from '../src/account/account-wire';
import { toStoredOrder } from '../src/adapters/persistence.adapter';
import { parseCredentials } from '../src/auth/credentials';
import { ApiError } from '../src/http/api-error';
import { toErrorResponse } from '../src/http/error-response';
import { averagePrice, floorDiv } from '../src/markets/market-format';
import { toOrderView } from '../src/orders/order-wire';
import { BTC_PERP } from './fakes';

describe('toErrorResponse', () => {
  it('keeps an API error as it is, with its headers', () => {
    const error = new ApiError(429, 'RATE_LIMITED', 'slow down', { retryAfterMs: 20 }, { 'Retry-After': '1' });
    assert.deepEqual(toErrorResponse(error), {
      status: 429,
      body: { code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterMs: 20 } },
      headers: { 'Retry-After': '1' },
      unexpected: false,
    });
  });

  it('gives framework errors a code by status', () => {
    assert.deepEqual(toErrorResponse(new NotFoundException('Cannot GET /x')).body, {
      code: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
    assert.equal(toErrorResponse(new PayloadTooLargeException()).body.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(toErrorResponse(new HttpException('teapot', 418)).body.code, 'BAD_REQUEST');
  });

  it('hides unexpected errors behind 500 INTERNAL and marks them for the log', () => {
    assert.deepEqual(toErrorResponse(new TypeError('x is undefined')), {
      status: 500,
      body: { code: 'INTERNAL', message: 'internal error' },
      headers: {},
      unexpected: true,
    });
  });
});

describe('parseCredentials', () => {
  it('splits a bearer token at the first dot', () => {
    assert.deepEqual(parseCredentials('Bearer ak_1.se.cret'), { kind: 'key', keyId: 'ak_1', secret: 'se.cret' });
    assert.deepEqual(parseCredentials('bearer ak_1.s'), { kind: 'key', keyId: 'ak_1', secret: 's' });
  });

  it('tells missing from malformed credentials', () => {
    assert.deepEqual(parseCredentials(undefined), { kind: 'missing' });
    assert.deepEqual(parseCredentials('Basic dXNlcjpwYXNz'), { kind: 'missing' });
    assert.deepEqual(parseCredentials('Bearer nodot'), { kind: 'malformed' });
    assert.deepEqual(parseCredentials('Bearer ak_1.'), { kind: 'malformed' });
    assert.deepEqual(parseCredentials('Bearer bad key!.s'), { kind: 'missing' });
    assert.deepEqual(parseCredentials('Bearer bad!.s'), { kind: 'malformed' });
  });
});

describe('prices and PnL', () => {
  it('averages fill prices half up with extra decimals', () => {
    assert.equal(averagePrice(200_003n, 2, BTC_PERP), '50000.75');
    assert.equal(averagePrice(300_004n, 3, BTC_PERP), '50000.6666667');
    assert.equal(averagePrice(-300_004n, -3, BTC_PERP), '50000.6666667');
    assert.equal(averagePrice(0n, 0, BTC_PERP), undefined);
  });

  it('floors toward minus infinity', () => {
    assert.equal(floorDiv(7n, 2n), 3n);
    assert.equal(floorDiv(-7n, 2n), -4n);
    assert.equal(floorDiv(-8n, 2n), -4n);
  });

  it('values a long and a short position at the mark', () => {
    // 2 BTC long (2000 lots of 0.001) entered at 50000 (100000 ticks of 0.5); mark 50010.
    const long = { market: 'BTC-PERP', sizeLots: 2000n, costTicksLots: 200_000_000n, realizedPnl: 1_500_000n };
    assert.equal(unrealizedMicro(long, BTC_PERP, 50_010_000_000), 20_000_000n);
    assert.deepEqual(toPositionView(long, BTC_PERP, 50_010_000_000), {
      market: 'BTC-PERP',
      size: '2',
      entryPrice: '50000',
      realizedPnl: '1.5',
      markPrice: '50010',
      unrealizedPnl: '20',
    });
    const short = { ...long, sizeLots: -1n, costTicksLots: -100_001n };
    assert.equal(unrealizedMicro(short, BTC_PERP, 50_000_000_001), 499n); // 499.999 micro, rounded down
    assert.deepEqual(toPositionView(short, BTC_PERP), {
      market: 'BTC-PERP',
      size: '-0.001',
      entryPrice: '50000.5',
      realizedPnl: '1.5',
    });
  });

  it('falls back to the USDC balance before the first margin state', () => {
    assert.deepEqual(toMarginView(undefined, [{ asset: 'USDC', amount: 2_500_000n }]), {
      marginMode: null,
      paramsVersion: null,
      equity: '2.5',
      maintenanceEquity: '2.5',
      initialMargin: '0',
      maintenanceMargin: '0',
      available: '2.5',
      collateral: '2.5',
      unrealizedPnl: '0',
      marginRatio: null,
      belowMaintenance: false,
      units: [],
      updatedAt: null,
    });
  });
});

describe('stored orders', () => {
  const row = {
    orderId: 'o_1',
    accountId: 'a',
    clientOrderId: 'c-1',
    market: 'BTC-PERP',
    side: 'sell',
    type: 'market',
    timeInForce: 'IOC',
    priceTicks: null,
    sizeLots: 10,
    filledLots: 0,
    remainingLots: 10,
    status: 'open',
    doneReason: null,
    rejectCode: null,
    createdSeq: 1,
    updatedSeq: 1,
    createdAtMs: 0,
    updatedAtMs: 0,
    trigger: { kind: 'stop', reference: 'mark', priceTicks: 98_000 },
    triggeredAtMs: null,
    expiresAtMs: null,
    postOnly: null,
    reduceOnly: true,
  } as const;

  it('shows a waiting conditional order as untriggered with its options', () => {
    assert.deepEqual(toOrderView(toStoredOrder(row), BTC_PERP), {
      orderId: 'o_1',
      clientOrderId: 'c-1',
      market: 'BTC-PERP',
      side: 'sell',
      type: 'market',
      timeInForce: 'IOC',
      price: null,
      quantity: '0.01',
      filledQuantity: '0',
      remainingQuantity: '0.01',
      status: 'untriggered',
      reduceOnly: true,
      triggerPrice: '49000',
      triggerKind: 'stop',
      triggerBy: 'mark',
    });
    assert.equal(toStoredOrder({ ...row, triggeredAtMs: 5 }).status, 'open');
  });

  it('shows why a stored order was cancelled, and its GTD expiry and post-only mode', () => {
    const expired = toStoredOrder({
      ...row,
      type: 'limit',
      timeInForce: 'GTD',
      priceTicks: 100_000,
      status: 'cancelled',
      doneReason: 'expired',
      trigger: null,
      expiresAtMs: Date.UTC(2025, 0, 1, 0, 5),
      postOnly: 'reject',
      reduceOnly: false,
    });
    const view = toOrderView(expired, BTC_PERP);
    assert.deepEqual(
      [view.status, view.cancelReason, view.remainingQuantity, view.expiresAt, view.postOnly, view.postOnlyMode],
      ['cancelled', 'expired', '0', '2025-01-01T00:05:00.000Z', true, 'reject'],
    );
    assert.equal(view.reduceOnly, undefined);
  });
});
