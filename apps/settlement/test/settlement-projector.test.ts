import { BTC_PERP } from '@exchange/domain';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatchingEvent, MatchingEventBatch, OrderAcceptedEvent } from '@exchange/contracts';
import { DEFAULT_FEE_SCHEDULE } from '@exchange/ledger';
import { SettlementProjector } from '../src/settlement-projector';

const batch = (events: MatchingEvent[]): MatchingEventBatch => ({
  market: 'BTC-PERP',
  requestId: 'r',
  input: { partition: 0, offset: '0' },
  timestampUs: 1,
  events,
});

const accepted = (seq: number, orderId: string, accountId: string, side: 'buy' | 'sell'): OrderAcceptedEvent => ({
  type: 'accepted',
  seq,
  orderId,
  accountId,
  clientOrderId: null,
  side,
  orderType: 'limit',
  timeInForce: 'GTC',
  priceTicks: 100_000,
  sizeLots: 10,
});

/** Alice rests a 10-lot ask at 50,000; Bob lifts 4 lots of it. */
const trade = [
  batch([
    accepted(1, 'a1', 'alice', 'sell'),
    { type: 'rested', seq: 2, orderId: 'a1', accountId: 'alice', side: 'sell', priceTicks: 100_000, remainingLots: 10 },
  ]),
  batch([
    { ...accepted(3, 'b1', 'bob', 'buy'), sizeLots: 4 },
    {
      type: 'fill',
      seq: 4,
      tradeId: 'BTC-PERP-4',
      priceTicks: 100_000,
      sizeLots: 4,
      takerSide: 'buy',
      maker: { orderId: 'a1', accountId: 'alice', remainingLots: 6 },
      taker: { orderId: 'b1', accountId: 'bob', remainingLots: 0 },
    },
    { type: 'done', seq: 5, orderId: 'b1', accountId: 'bob', reason: 'filled', remainingLots: 0 },
  ]),
];

const fresh = () =>
  new SettlementProjector([BTC_PERP], DEFAULT_FEE_SCHEDULE, { openOrders: [], positions: [], appliedSequences: {} });

describe('settlement projector', () => {
  it('turns a fill into positions, fills, order states and one balanced journal', () => {
    const [changes] = fresh().project(trade);
    assert.equal(changes.lastSeq, 5);
    assert.equal(changes.journals.length, 1);
    // 4 lots x 0.001 BTC x 50,000 = 200 USDC notional: maker fee 2 bps = 0.04, taker 5 bps = 0.10.
    const fees = changes.fills.map((fill) => [fill.liquidity, fill.fee]);
    assert.deepEqual(fees, [
      ['maker', 40_000n],
      ['taker', 100_000n],
    ]);
    assert.equal(changes.positions.get('alice|BTC-PERP')?.sizeLots, -4);
    assert.equal(changes.positions.get('alice|BTC-PERP')?.costTicksLots, -400_000n);
    assert.equal(changes.positions.get('bob|BTC-PERP')?.sizeLots, 4);
    assert.equal(changes.positions.get('bob|BTC-PERP')?.costTicksLots, 400_000n);
    const alice = changes.orders.get('a1');
    assert.equal(alice?.status, 'partially_filled');
    assert.equal(alice?.filledLots, 4);
    assert.equal(changes.orders.get('b1')?.status, 'filled');
    const sum = changes.journals[0].entries.reduce((total, entry) => total + entry.amount, 0n);
    assert.equal(sum, 0n);
  });

  it('skips events at or below the applied sequence, so a replay changes nothing', () => {
    const projector = fresh();
    projector.commit(projector.project(trade));
    assert.deepEqual(projector.project(trade), []);
    assert.equal(projector.lastSeq('BTC-PERP'), 5);
  });

  it('changes nothing until commit: an uncommitted run projects the same again', () => {
    const projector = fresh();
    const first = projector.project(trade);
    const again = projector.project(trade);
    assert.deepEqual(again, first);
  });

  it('builds on committed positions: closing realizes PnL against the clearing account', () => {
    const projector = fresh();
    projector.commit(projector.project(trade));
    const [changes] = projector.project([
      batch([
        { ...accepted(6, 'b2', 'bob', 'sell'), sizeLots: 4, priceTicks: 101_000 },
        {
          type: 'rested',
          seq: 7,
          orderId: 'b2',
          accountId: 'bob',
          side: 'sell',
          priceTicks: 101_000,
          remainingLots: 4,
        },
        accepted(8, 'c1', 'carol', 'buy'),
        {
          type: 'fill',
          seq: 9,
          tradeId: 'BTC-PERP-9',
          priceTicks: 101_000,
          sizeLots: 4,
          takerSide: 'buy',
          maker: { orderId: 'b2', accountId: 'bob', remainingLots: 0 },
          taker: { orderId: 'c1', accountId: 'carol', remainingLots: 6 },
        },
      ]),
    ]);
    const bob = changes.positions.get('bob|BTC-PERP');
    assert.equal(bob?.sizeLots, 0);
    assert.equal(bob?.costTicksLots, 0n);
    // 4 lots bought at 50,000 sold at 50,500: 4 x 0.001 x 500 = 2 USDC.
    assert.equal(bob?.realizedPnl, 2_000_000n);
    assert.equal(changes.fills.find((fill) => fill.accountId === 'bob')?.realizedPnl, 2_000_000n);
  });

  it('marks a cancelled order and forgets it after commit', () => {
    const projector = fresh();
    projector.commit(projector.project(trade));
    const [changes] = projector.project([
      batch([{ type: 'done', seq: 6, orderId: 'a1', accountId: 'alice', reason: 'cancelled', remainingLots: 6 }]),
    ]);
    assert.equal(changes.orders.get('a1')?.status, 'cancelled');
    assert.equal(changes.orders.get('a1')?.filledLots, 4);
  });
});

describe('settlement projector: order semantics', () => {
  const at = (timestampUs: number, events: MatchingEvent[]): MatchingEventBatch => ({ ...batch(events), timestampUs });

  it('records a conditional order as open and waiting, with its options, until its trigger fires', () => {
    const projector = fresh();
    const stop: OrderAcceptedEvent = {
      ...accepted(1, 's1', 'alice', 'sell'),
      orderType: 'market',
      timeInForce: 'IOC',
      priceTicks: null,
      sizeLots: 10,
      trigger: { kind: 'stop', reference: 'mark', priceTicks: 95_000 },
      reduceOnly: true,
    };
    const [first] = projector.project([at(100, [stop])]);
    assert.deepEqual(first.orders.get('s1'), {
      orderId: 's1',
      accountId: 'alice',
      clientOrderId: null,
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
      createdSeq: 1,
      updatedSeq: 1,
      createdAtUs: 100,
      updatedAtUs: 100,
      trigger: { kind: 'stop', reference: 'mark', priceTicks: 95_000 },
      triggeredAtUs: null,
      expiresAtUs: null,
      postOnly: null,
      reduceOnly: true,
    });
    projector.commit([first]);
    // It fires capped to a 6-lot position, fills 6 and is done.
    const [fired] = projector.project([
      at(200, [
        {
          type: 'triggered',
          seq: 2,
          orderId: 's1',
          accountId: 'alice',
          reference: 'mark',
          triggerPriceTicks: 95_000,
          referencePriceTicks: 94_999,
          remainingLots: 6,
        },
      ]),
    ]);
    const triggered = fired.orders.get('s1');
    assert.deepEqual(
      triggered && [triggered.triggeredAtUs, triggered.sizeLots, triggered.remainingLots, triggered.status],
      [200, 6, 6, 'open'],
    );
  });

  it('follows amends: a smaller size in place, a new price, and the filled lots of a re-entered order', () => {
    const projector = fresh();
    projector.commit(projector.project(trade)); // a1: 10 lots, 4 filled, 6 open
    const amended = (seq: number, priceTicks: number, sizeLots: number, remainingLots: number): MatchingEvent => ({
      type: 'amended',
      seq,
      orderId: 'a1',
      accountId: 'alice',
      reason: 'amend',
      priceTicks,
      sizeLots,
      remainingLots,
      priorityKept: priceTicks === 100_000,
    });
    const [smaller] = projector.project([at(300, [amended(6, 100_000, 7, 3)])]);
    const a1 = smaller.orders.get('a1');
    assert.deepEqual(
      a1 && [a1.priceTicks, a1.sizeLots, a1.filledLots, a1.remainingLots, a1.status, a1.updatedSeq, a1.updatedAtUs],
      [100_000, 7, 4, 3, 'partially_filled', 6, 300],
    );
    projector.commit([smaller]);
    const [repriced] = projector.project([at(400, [amended(7, 100_100, 7, 3)])]);
    assert.equal(repriced.orders.get('a1')?.priceTicks, 100_100);
  });

  it('moves an order re-priced by post-only to where it rests', () => {
    const [changes] = fresh().project([
      batch([
        { ...accepted(1, 'p1', 'alice', 'buy'), postOnly: 'reprice' },
        {
          type: 'rested',
          seq: 2,
          orderId: 'p1',
          accountId: 'alice',
          side: 'buy',
          priceTicks: 99_999,
          remainingLots: 10,
        },
      ]),
    ]);
    assert.deepEqual([changes.orders.get('p1')?.priceTicks, changes.orders.get('p1')?.postOnly], [99_999, 'reprice']);
  });

  it('cancels orders done for the new reasons, keeping the reason, and forgets them after commit', () => {
    const reasons = ['expired', 'unfilled_fok', 'reduce_only', 'self_trade_prevented', 'trigger_rejected'] as const;
    const projector = fresh();
    const events: MatchingEvent[] = reasons.flatMap((reason, index): MatchingEvent[] => [
      { ...accepted(2 * index + 1, reason, 'alice', 'buy'), timeInForce: 'GTD', expiresAtUs: 5_000 },
      { type: 'done', seq: 2 * index + 2, orderId: reason, accountId: 'alice', reason, remainingLots: 10 },
    ]);
    const [changes] = projector.project([at(900, events)]);
    for (const reason of reasons) {
      const order = changes.orders.get(reason);
      assert.deepEqual(
        order && [order.status, order.doneReason, order.remainingLots, order.expiresAtUs, order.updatedAtUs],
        ['cancelled', reason, 0, 5_000, 900],
      );
    }
    assert.deepEqual([changes.journals, changes.fills, changes.positions.size], [[], [], 0], 'no trace in the ledger');
    projector.commit([changes]);
    const [later] = projector.project([
      batch([{ type: 'done', seq: 11, orderId: 'expired', accountId: 'alice', reason: 'cancelled', remainingLots: 0 }]),
    ]);
    assert.equal(later.orders.size, 0, 'a committed done order is no longer known');
  });
});
