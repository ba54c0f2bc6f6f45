import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatchingEvent, MatchingEventBatch } from '@exchange/contracts';
import { OrderTracker } from '../src/orders/order-tracker';
import { toOrderAck } from '../src/orders/order-wire';
import { BTC_PERP } from './fakes';

const batch = (requestId: string, events: MatchingEvent[]): MatchingEventBatch => ({
  market: 'BTC-PERP',
  requestId,
  input: { partition: 0, offset: '0' },
  timestampUs: 1_700_000_000_000_000,
  events,
});

const accepted = (seq: number, orderId: string, side: 'buy' | 'sell', priceTicks: number | null, sizeLots: number) =>
  ({
    type: 'accepted',
    seq,
    orderId,
    accountId: `acct-${orderId}`,
    clientOrderId: null,
    side,
    orderType: priceTicks === null ? 'market' : 'limit',
    timeInForce: priceTicks === null ? 'IOC' : 'GTC',
    priceTicks,
    sizeLots,
  }) as const;

const times = { inTimeUs: 10, outTimeUs: 20 };

describe('OrderTracker', () => {
  it('answers a resting limit order as open with nothing filled', () => {
    const tracker = new OrderTracker();
    const outcome = tracker.apply(
      batch('r1', [
        accepted(1, 'o1', 'buy', 100_000, 10),
        {
          type: 'rested',
          seq: 2,
          orderId: 'o1',
          accountId: 'acct-o1',
          side: 'buy',
          priceTicks: 100_000,
          remainingLots: 10,
        },
        { type: 'book', seq: 3, changes: [{ side: 'buy', priceTicks: 100_000, sizeLots: 10 }] },
      ]),
    );
    const order = outcome.orders.get('o1');
    assert.ok(order);
    assert.deepEqual(toOrderAck(order, outcome.takerFills.get('o1') ?? [], BTC_PERP, times), {
      orderId: 'o1',
      clientOrderId: null,
      market: 'BTC-PERP',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price: '50000',
      quantity: '0.01',
      filledQuantity: '0',
      remainingQuantity: '0.01',
      status: 'open',
      fills: [],
      inTimeUs: 10,
      outTimeUs: 20,
    });
    assert.equal(tracker.find('o1')?.status, 'open');
  });

  it('answers a taker that fills partly and rests, and forgets the filled maker', () => {
    const tracker = new OrderTracker();
    tracker.apply(batch('r1', [accepted(1, 'maker', 'sell', 100_001, 2)]));
    const outcome = tracker.apply(
      batch('r2', [
        accepted(2, 'taker', 'buy', 100_001, 5),
        {
          type: 'fill',
          seq: 3,
          tradeId: 't1',
          priceTicks: 100_001,
          sizeLots: 2,
          takerSide: 'buy',
          maker: { orderId: 'maker', accountId: 'acct-maker', remainingLots: 0 },
          taker: { orderId: 'taker', accountId: 'acct-taker', remainingLots: 3 },
        },
        { type: 'done', seq: 4, orderId: 'maker', accountId: 'acct-maker', reason: 'filled', remainingLots: 0 },
        {
          type: 'rested',
          seq: 5,
          orderId: 'taker',
          accountId: 'acct-taker',
          side: 'buy',
          priceTicks: 100_001,
          remainingLots: 3,
        },
      ]),
    );
    const taker = outcome.orders.get('taker');
    assert.ok(taker);
    const ack = toOrderAck(taker, outcome.takerFills.get('taker') ?? [], BTC_PERP, times);
    assert.equal(ack.status, 'partially_filled');
    assert.equal(ack.filledQuantity, '0.002');
    assert.equal(ack.remainingQuantity, '0.003');
    assert.equal(ack.averagePrice, '50000.5');
    assert.deepEqual(ack.fills, [{ tradeId: 't1', price: '50000.5', quantity: '0.002', liquidity: 'taker' }]);
    assert.equal(outcome.orders.get('maker')?.status, 'filled');
    assert.equal(tracker.find('maker'), undefined);
    assert.equal(tracker.find('taker')?.openLots, 3);
    assert.equal(tracker.size, 1);
  });

  it('answers a market order that sweeps two levels and expires unfilled as cancelled', () => {
    const tracker = new OrderTracker();
    tracker.apply(batch('r1', [accepted(1, 'm1', 'sell', 100_001, 1), accepted(2, 'm2', 'sell', 100_002, 1)]));
    const fill = (seq: number, tradeId: string, maker: string, priceTicks: number, takerRemaining: number) =>
      ({
        type: 'fill',
        seq,
        tradeId,
        priceTicks,
        sizeLots: 1,
        takerSide: 'buy',
        maker: { orderId: maker, accountId: `acct-${maker}`, remainingLots: 0 },
        taker: { orderId: 'mkt', accountId: 'acct-mkt', remainingLots: takerRemaining },
      }) as const;
    const outcome = tracker.apply(
      batch('r2', [
        accepted(3, 'mkt', 'buy', null, 5),
        fill(4, 't1', 'm1', 100_001, 4),
        fill(5, 't2', 'm2', 100_002, 3),
        { type: 'done', seq: 6, orderId: 'mkt', accountId: 'acct-mkt', reason: 'unfilled_ioc', remainingLots: 3 },
      ]),
    );
    const order = outcome.orders.get('mkt');
    assert.ok(order);
    const ack = toOrderAck(order, outcome.takerFills.get('mkt') ?? [], BTC_PERP, times);
    assert.equal(ack.status, 'cancelled');
    assert.equal(ack.price, null);
    assert.equal(ack.timeInForce, 'IOC');
    assert.equal(ack.filledQuantity, '0.002');
    assert.equal(ack.remainingQuantity, '0');
    assert.equal(ack.averagePrice, '50000.75');
    assert.deepEqual(
      ack.fills.map((f) => [f.tradeId, f.price]),
      [
        ['t1', '50000.5'],
        ['t2', '50001'],
      ],
    );
    assert.equal(tracker.size, 0);
  });

  it('reports a book rejection for the order', () => {
    const tracker = new OrderTracker();
    const outcome = tracker.apply(
      batch('r1', [
        { type: 'rejected', seq: 1, orderId: 'o9', accountId: 'a', code: 'NO_LIQUIDITY', message: 'empty book' },
      ]),
    );
    assert.equal(outcome.rejections.get('o9')?.code, 'NO_LIQUIDITY');
    assert.equal(outcome.orders.size, 0);
  });

  it('answers a cancel with the order cancelled and forgets it', () => {
    const tracker = new OrderTracker();
    tracker.apply(batch('r1', [accepted(1, 'o1', 'sell', 120_000, 7)]));
    const outcome = tracker.apply(
      batch('r2', [
        { type: 'done', seq: 2, orderId: 'o1', accountId: 'acct-o1', reason: 'cancelled', remainingLots: 7 },
        { type: 'book', seq: 3, changes: [{ side: 'sell', priceTicks: 120_000, sizeLots: 0 }] },
      ]),
    );
    assert.deepEqual(
      { status: outcome.orders.get('o1')?.status, openLots: outcome.orders.get('o1')?.openLots },
      { status: 'cancelled', openLots: 0 },
    );
    assert.equal(tracker.find('o1'), undefined);
  });

  it('ignores events about orders it never saw', () => {
    const tracker = new OrderTracker();
    const outcome = tracker.apply(
      batch('r1', [{ type: 'done', seq: 1, orderId: 'ghost', accountId: 'a', reason: 'cancelled', remainingLots: 1 }]),
    );
    assert.equal(outcome.orders.size, 0);
  });
});
