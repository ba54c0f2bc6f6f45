import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatchingEvent, MatchingEventBatch } from '@exchange/contracts';
import { OrderTracker, TrackedOrder } from '../src/orders/order-tracker';
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

  it('answers a post-only order re-priced behind the best price at the price it rests', () => {
    const tracker = new OrderTracker();
    const outcome = tracker.apply(
      batch('r1', [
        { ...accepted(1, 'po', 'buy', 100_010, 4), postOnly: 'reprice' },
        {
          type: 'rested',
          seq: 2,
          orderId: 'po',
          accountId: 'acct-po',
          side: 'buy',
          priceTicks: 100_004,
          remainingLots: 4,
        },
      ]),
    );
    const ack = toOrderAck(outcome.orders.get('po') as TrackedOrder, [], BTC_PERP, times);
    assert.deepEqual([ack.price, ack.status, ack.postOnly, ack.postOnlyMode], ['50002', 'open', true, 'reprice']);
  });

  it('keeps a conditional order untriggered until it fires, then follows it as a taker', () => {
    const tracker = new OrderTracker();
    const trigger = { kind: 'stop', reference: 'last', priceTicks: 99_000 } as const;
    const waiting = tracker.apply(
      batch('r1', [{ ...accepted(1, 'stop', 'sell', null, 6), reduceOnly: true, trigger }]),
    );
    const untriggered = toOrderAck(waiting.orders.get('stop') as TrackedOrder, [], BTC_PERP, times);
    assert.deepEqual(
      [untriggered.status, untriggered.remainingQuantity, untriggered.triggerPrice, untriggered.triggerKind],
      ['untriggered', '0.006', '49500', 'stop'],
    );
    assert.deepEqual([untriggered.triggerBy, untriggered.reduceOnly], ['last', true]);
    assert.deepEqual([...tracker.marketsWithOrders('acct-stop')], ['BTC-PERP']);

    // Fired by another order's trade; capped to the 4 lots of position it can reduce.
    const fired = tracker.apply(
      batch('r2', [
        {
          type: 'triggered',
          seq: 2,
          orderId: 'stop',
          accountId: 'acct-stop',
          reference: 'last',
          triggerPriceTicks: 99_000,
          referencePriceTicks: 98_998,
          remainingLots: 4,
        },
        {
          type: 'fill',
          seq: 3,
          tradeId: 't7',
          priceTicks: 98_990,
          sizeLots: 3,
          takerSide: 'sell',
          maker: { orderId: 'bid', accountId: 'acct-bid', remainingLots: 0 },
          taker: { orderId: 'stop', accountId: 'acct-stop', remainingLots: 1 },
        },
        { type: 'done', seq: 4, orderId: 'stop', accountId: 'acct-stop', reason: 'unfilled_ioc', remainingLots: 1 },
      ]),
    );
    const order = fired.orders.get('stop') as TrackedOrder;
    const ack = toOrderAck(order, fired.takerFills.get('stop') ?? [], BTC_PERP, times);
    assert.deepEqual(
      [ack.status, ack.cancelReason, ack.quantity, ack.filledQuantity, ack.remainingQuantity, ack.averagePrice],
      ['cancelled', 'unfilled_ioc', '0.004', '0.003', '0', '49495'],
    );
    assert.equal(fired.done.get('stop')?.reason, 'unfilled_ioc');
    assert.deepEqual(
      [tracker.find('stop'), tracker.size, tracker.marketsWithOrders('acct-stop').size],
      [undefined, 0, 0],
    );
  });

  it('applies amends: new terms in place, or re-entry with fills and the priority flag', () => {
    const tracker = new OrderTracker();
    tracker.apply(batch('r1', [accepted(1, 'o1', 'buy', 100_000, 10)]));
    const shrunk = tracker.apply(
      batch('r2', [
        {
          type: 'amended',
          seq: 2,
          orderId: 'o1',
          accountId: 'acct-o1',
          reason: 'amend',
          priceTicks: 100_000,
          sizeLots: 6,
          remainingLots: 6,
          priorityKept: true,
        },
      ]),
    );
    assert.equal(shrunk.amendments.get('o1')?.priorityKept, true);
    assert.deepEqual(
      [shrunk.orders.get('o1')?.sizeLots, shrunk.orders.get('o1')?.openLots, shrunk.orders.get('o1')?.status],
      [6, 6, 'open'],
    );
    const repriced = tracker.apply(
      batch('r3', [
        {
          type: 'amended',
          seq: 3,
          orderId: 'o1',
          accountId: 'acct-o1',
          reason: 'amend',
          priceTicks: 100_004,
          sizeLots: 6,
          remainingLots: 6,
          priorityKept: false,
        },
        {
          type: 'fill',
          seq: 4,
          tradeId: 't1',
          priceTicks: 100_002,
          sizeLots: 6,
          takerSide: 'buy',
          maker: { orderId: 'ask', accountId: 'acct-ask', remainingLots: 1 },
          taker: { orderId: 'o1', accountId: 'acct-o1', remainingLots: 0 },
        },
        { type: 'done', seq: 5, orderId: 'o1', accountId: 'acct-o1', reason: 'filled', remainingLots: 0 },
      ]),
    );
    const order = repriced.orders.get('o1') as TrackedOrder;
    assert.deepEqual(
      [order.priceTicks, order.status, order.filledLots, order.doneReason],
      [100_004, 'filled', 6, 'filled'],
    );
    assert.equal(repriced.amendments.get('o1')?.priorityKept, false);
    assert.deepEqual(repriced.takerFills.get('o1'), [{ tradeId: 't1', priceTicks: 100_002, sizeLots: 6 }]);
    const filled = toOrderAck(order, [], BTC_PERP, times);
    assert.equal(filled.cancelReason, undefined, 'a filled order has no cancel reason');
  });

  it('shrinks a reduce-only order in place and reports the other done reasons as cancellations', () => {
    const tracker = new OrderTracker();
    tracker.apply(
      batch('r1', [
        { ...accepted(1, 'ro', 'sell', 101_000, 8), reduceOnly: true },
        { ...accepted(2, 'gtd', 'buy', 99_000, 2), timeInForce: 'GTD', expiresAtUs: 1_735_689_900_000_000 },
        accepted(3, 'fok', 'buy', 100_000, 2),
      ]),
    );
    const outcome = tracker.apply(
      batch('r2', [
        {
          type: 'amended',
          seq: 4,
          orderId: 'ro',
          accountId: 'acct-ro',
          reason: 'reduce_only',
          priceTicks: 101_000,
          sizeLots: 3,
          remainingLots: 3,
          priorityKept: true,
        },
        { type: 'done', seq: 5, orderId: 'gtd', accountId: 'acct-gtd', reason: 'expired', remainingLots: 2 },
        { type: 'done', seq: 6, orderId: 'fok', accountId: 'acct-fok', reason: 'unfilled_fok', remainingLots: 2 },
        {
          type: 'done',
          seq: 7,
          orderId: 'unseen',
          accountId: 'acct-x',
          reason: 'self_trade_prevented',
          remainingLots: 1,
        },
      ]),
    );
    assert.deepEqual([outcome.orders.get('ro')?.sizeLots, outcome.orders.get('ro')?.status], [3, 'open']);
    const view = (orderId: string) => toOrderAck(outcome.orders.get(orderId) as TrackedOrder, [], BTC_PERP, times);
    assert.deepEqual(
      [view('gtd').status, view('gtd').cancelReason, view('gtd').expiresAt],
      ['cancelled', 'expired', '2025-01-01T00:05:00.000Z'],
    );
    assert.deepEqual([view('fok').status, view('fok').cancelReason], ['cancelled', 'unfilled_fok']);
    assert.deepEqual([...outcome.done.keys()], ['gtd', 'fok', 'unseen']);
    assert.equal(outcome.orders.has('unseen'), false);
    assert.deepEqual([tracker.size, [...tracker.marketsWithOrders('acct-ro')]], [1, ['BTC-PERP']]);
  });

  it('ignores market status events', () => {
    const tracker = new OrderTracker();
    const outcome = tracker.apply(batch('r1', [{ type: 'status', seq: 1, status: 'halted' }]));
    assert.deepEqual([outcome.orders.size, outcome.done.size, outcome.rejections.size], [0, 0, 0]);
  });

  it('ignores events about orders it never saw', () => {
    const tracker = new OrderTracker();
    const outcome = tracker.apply(
      batch('r1', [{ type: 'done', seq: 1, orderId: 'ghost', accountId: 'a', reason: 'cancelled', remainingLots: 1 }]),
    );
    assert.equal(outcome.orders.size, 0);
  });
});
