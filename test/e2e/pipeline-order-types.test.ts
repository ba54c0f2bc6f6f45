import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  type AmendOrder,
  type CommandRejected,
  MATCHING_EVENTS,
  type MatchingEvent,
  type MatchingEventBatch,
  ORDER_COMMANDS,
  ORDER_RESULTS,
  type PlaceOrder,
  type TopicSpec,
  type TraderCommand,
} from '@exchange/contracts';
import { createKafkaBus, type KafkaBus, type Publisher } from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import { eventually } from '@exchange/testing';
import { ExchangeHarness } from '../support/exchange-harness';

/** Everything the engines answered, as read from their topics. */
class Answers {
  readonly batches: MatchingEventBatch[] = [];
  readonly rejections: CommandRejected[] = [];

  /** The first answer to a request: a matching batch, or the risk stage's rejection. */
  of(requestId: string): MatchingEventBatch | CommandRejected | undefined {
    return (
      this.batches.find((batch) => batch.requestId === requestId) ??
      this.rejections.find((rejection) => rejection.requestId === requestId)
    );
  }

  /** The first batch with an event of this type about the order. */
  find(type: MatchingEvent['type'], orderId: string): MatchingEventBatch | undefined {
    return this.batches.find((batch) =>
      batch.events.some((event) => event.type === type && 'orderId' in event && event.orderId === orderId),
    );
  }
}

const types = (batch: MatchingEventBatch): string[] => batch.events.map((event) => event.type);

/**
 * The matching engine's order semantics through the whole back end, driven straight on Kafka (the
 * gateway's endpoints for them are not used): commands go to orders.commands as the gateway would
 * publish them, answers are read from matching.events and orders.results, and the ledger from
 * Postgres. Marks come from the staff price endpoint, time from the matching engine's clock.
 */
describe('order types through the pipeline', { timeout: 300_000 }, () => {
  let exchange: ExchangeHarness;
  let bus: KafkaBus;
  let publisher: Publisher;
  const answers = new Answers();

  const accountId = (name: string): string => exchange.accounts[name].accountId;
  const request = (name: string) => ({
    requestId: randomUUID(),
    accountId: accountId(name),
    receivedAtUs: Date.now() * 1000,
  });

  function place(name: string, orderId: string, terms: Partial<PlaceOrder>): PlaceOrder {
    return {
      ...request(name),
      kind: 'place',
      orderId,
      clientOrderId: null,
      market: 'BTC-PERP',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      priceTicks: null,
      sizeLots: 1,
      ...terms,
    };
  }

  /**
   * Publishes a command and waits for the first batch answering it. A place refused for want of a
   * mark (the risk service may not have read the first price yet) is sent again.
   */
  async function send(command: TraderCommand): Promise<MatchingEventBatch> {
    return eventually(`an answer to ${command.kind} ${JSON.stringify(command)}`, async () => {
      const attempt = { ...command, requestId: randomUUID() };
      await publisher.publish(ORDER_COMMANDS, [attempt]);
      const answer = await eventually(`answer to ${attempt.requestId}`, async () => answers.of(attempt.requestId));
      if ('events' in answer) return answer;
      if (answer.code === 'NO_MARK_PRICE') return undefined;
      throw new assert.AssertionError({ message: `refused by risk: ${answer.code} ${answer.message}` });
    });
  }

  async function orderRow(orderId: string) {
    const { rows } = await exchange.pool.query<Record<string, string | null>>(
      `SELECT status, done_reason, time_in_force, price_ticks::text, size_lots::text, filled_lots::text,
              remaining_lots::text, trigger_kind, trigger_reference, trigger_price_ticks::text,
              triggered_at IS NOT NULL AS triggered, expires_at IS NOT NULL AS expires, reduce_only::text
         FROM orders WHERE id = $1`,
      [orderId],
    );
    return rows[0];
  }

  /** Waits until settlement has written the order with the given fields. */
  function settled(orderId: string, expected: Record<string, string | boolean | null>) {
    return eventually(
      `order ${orderId} settled as ${JSON.stringify(expected)}`,
      async () => {
        const row = await orderRow(orderId);
        return row && Object.entries(expected).every(([key, value]) => row[key] === value) ? row : undefined;
      },
      20_000,
    );
  }

  before(async () => {
    exchange = await ExchangeHarness.start('pipeline_order_types', {
      alice: '1000000',
      bob: '1000000',
      carol: '1000000',
      dave: '1000000',
      erin: '1000000',
      frank: '1000000',
      grace: '1000000',
      heidi: '1000000',
      ivan: '1000000',
    });
    bus = createKafkaBus({
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(','),
      clientId: 'e2e-pipeline',
      logger: createLogger('e2e-pipeline', 'warn'),
    });
    publisher = await bus.publisher();
    const follow = async <T>(topic: TopicSpec<T>, into: T[]): Promise<void> => {
      const subscription = await bus.subscribe({
        groupId: `e2e-pipeline-${randomUUID()}`,
        topic,
        start: { from: 'beginning' },
        handle: async (messages) => void into.push(...messages.map((message) => message.value)),
      });
      await subscription.ready;
    };
    await follow(MATCHING_EVENTS, answers.batches);
    await follow(ORDER_RESULTS, answers.rejections);
    await exchange.setPrice('BTC', '50000'); // mark 100,000 ticks: the band is 95,000..105,000
    await exchange.setPrice('ETH', '3000');
  });

  after(async () => {
    await bus?.close();
    await exchange?.stop();
  });

  it('fires a stop-market order when a staff mark reaches its trigger, and fills it', async () => {
    await send(place('alice', 'stop-ask', { side: 'sell', priceTicks: 100_200, sizeLots: 10 }));
    const stop = place('bob', 'stop-buy', {
      type: 'market',
      timeInForce: 'IOC',
      sizeLots: 5,
      trigger: { kind: 'stop', reference: 'mark', priceTicks: 100_100 },
    });
    assert.deepEqual(types(await send(stop)), ['accepted']);
    await settled('stop-buy', { status: 'open', triggered: false, trigger_price_ticks: '100100' });

    await exchange.setPrice('BTC', '50060'); // mark 100,120 ticks
    const fired = await eventually('the stop fired', async () => answers.find('triggered', 'stop-buy'));
    assert.match(fired.requestId, /^mark:BTC-PERP:\d+:\d+$/);
    assert.deepEqual(types(fired), ['triggered', 'fill', 'done', 'book']);
    const [triggered, fill] = fired.events;
    assert.deepEqual(
      triggered.type === 'triggered' && [
        triggered.triggerPriceTicks,
        triggered.referencePriceTicks,
        triggered.remainingLots,
      ],
      [100_100, 100_120, 5],
    );
    assert.deepEqual(fill.type === 'fill' && [fill.priceTicks, fill.sizeLots, fill.maker.orderId, fill.taker.orderId], [
      100_200,
      5,
      'stop-ask',
      'stop-buy',
    ]);
    await settled('stop-buy', { status: 'filled', triggered: true, filled_lots: '5', trigger_kind: 'stop' });
    const position = await exchange.pool.query('SELECT size_lots::text FROM positions WHERE account_id = $1', [
      accountId('bob'),
    ]);
    assert.deepEqual(position.rows, [{ size_lots: '5' }]);
  });

  it('keeps priority for an amend that only lowers the size, and loses it for a new price', async () => {
    await send(place('carol', 'carol-first', { priceTicks: 99_800, sizeLots: 10 }));
    await send(place('dave', 'dave-second', { priceTicks: 99_800, sizeLots: 10 }));
    const amend = (name: string, orderId: string, change: Partial<AmendOrder>): AmendOrder => ({
      ...request(name),
      kind: 'amend',
      orderId,
      market: 'BTC-PERP',
      ...change,
    });
    const smaller = await send(amend('carol', 'carol-first', { sizeLots: 6 }));
    assert.deepEqual(smaller.events[0], {
      type: 'amended',
      seq: smaller.events[0].seq,
      orderId: 'carol-first',
      accountId: accountId('carol'),
      reason: 'amend',
      priceTicks: 99_800,
      sizeLots: 6,
      remainingLots: 6,
      priorityKept: true,
    });
    // dave-moved is older than carol-later, but moving it to carol-later's price puts it behind her.
    await send(place('dave', 'dave-moved', { priceTicks: 99_700, sizeLots: 10 }));
    await send(place('carol', 'carol-later', { priceTicks: 99_790, sizeLots: 10 }));
    const moved = await send(amend('dave', 'dave-moved', { priceTicks: 99_790 }));
    assert.deepEqual(
      moved.events.map((event) => (event.type === 'amended' ? [event.type, event.priorityKept] : [event.type])),
      [['amended', false], ['rested'], ['book']],
    );

    const sweep = await send(
      place('erin', 'erin-sweep', { side: 'sell', timeInForce: 'IOC', priceTicks: 99_790, sizeLots: 26 }),
    );
    const makers = sweep.events.flatMap((event) =>
      event.type === 'fill' ? [[event.maker.orderId, event.sizeLots]] : [],
    );
    assert.deepEqual(makers, [
      ['carol-first', 6],
      ['dave-second', 10],
      ['carol-later', 10],
    ]);
    await settled('dave-moved', { status: 'open', price_ticks: '99790', remaining_lots: '10' });
    await settled('carol-first', { status: 'filled', size_lots: '6', filled_lots: '6' });
  });

  it('cancels all of an account’s orders in every market with one cancel-all', async () => {
    await send(place('frank', 'frank-btc-1', { priceTicks: 98_000, sizeLots: 3, clientOrderId: 'f1' }));
    await send(place('frank', 'frank-btc-2', { side: 'sell', priceTicks: 102_000, sizeLots: 3 }));
    await send(place('frank', 'frank-eth', { market: 'ETH-PERP', priceTicks: 59_000, sizeLots: 2 }));
    const byClientId = await send({
      ...request('frank'),
      kind: 'cancel',
      orderId: 'any',
      market: null,
      clientOrderId: 'f1',
    });
    assert.deepEqual(types(byClientId), ['done', 'book']);
    assert.equal(byClientId.events[0].type === 'done' && byClientId.events[0].orderId, 'frank-btc-1');

    const cancelAll: TraderCommand = { ...request('frank'), kind: 'cancel_all', market: null };
    const first = await send(cancelAll);
    const all = await eventually('one answer per market', async () => {
      const batches = answers.batches.filter((batch) => batch.requestId === first.requestId);
      return batches.length === 2 ? batches : undefined;
    });
    const done = all.flatMap((batch) =>
      batch.events.flatMap((event) => (event.type === 'done' ? [[batch.market, event.orderId, event.reason]] : [])),
    );
    assert.deepEqual(done.sort(), [
      ['BTC-PERP', 'frank-btc-2', 'cancelled'],
      ['ETH-PERP', 'frank-eth', 'cancelled'],
    ]);
    await eventually('frank has no open orders', async () => {
      const { rows } = await exchange.pool.query(
        `SELECT id FROM orders WHERE account_id = $1 AND status IN ('open', 'partially_filled')`,
        [accountId('frank')],
      );
      const { rows: orders } = await exchange.pool.query('SELECT id FROM orders WHERE account_id = $1', [
        accountId('frank'),
      ]);
      return rows.length === 0 && orders.length === 3 ? true : undefined;
    });

    // Nothing left to cancel: still one (empty) answer per market, and settlement carries on past them.
    const nothing = await send(cancelAll);
    assert.deepEqual(nothing.events, []);
    await eventually('an empty answer per market', async () =>
      answers.batches.filter((batch) => batch.requestId === nothing.requestId).length === 2 ? true : undefined,
    );
    await send(place('frank', 'frank-after', { priceTicks: 98_000, sizeLots: 1 }));
    await settled('frank-after', { status: 'open' });
  });

  it('expires a GTD order once the engine clock passes its time', async () => {
    const expiresAtUs = Date.now() * 1000 + 1_500_000;
    const gtd = place('grace', 'grace-gtd', { priceTicks: 97_000, sizeLots: 4, timeInForce: 'GTD', expiresAtUs });
    assert.deepEqual(types(await send(gtd)), ['accepted', 'rested', 'book']);
    const expired = await eventually('the expiry', async () => answers.find('done', 'grace-gtd'), 20_000);
    assert.match(expired.requestId, /^clock:BTC-PERP:\d+:\d+$/);
    assert.ok(expired.timestampUs >= expiresAtUs, 'expired by a clock at or after its time');
    assert.deepEqual(expired.events[0], {
      type: 'done',
      seq: expired.events[0].seq,
      orderId: 'grace-gtd',
      accountId: accountId('grace'),
      reason: 'expired',
      remainingLots: 4,
    });
    await settled('grace-gtd', { status: 'cancelled', done_reason: 'expired', time_in_force: 'GTD', expires: true });
  });

  it('kills a fill-or-kill that cannot fill without a trace on the book or the ledger', async () => {
    const fok = place('heidi', 'heidi-fok', { timeInForce: 'FOK', priceTicks: 100_500, sizeLots: 1000 });
    const answer = await send(fok);
    assert.deepEqual(types(answer), ['accepted', 'done']);
    assert.deepEqual(answer.events[1].type === 'done' && answer.events[1].reason, 'unfilled_fok');
    await settled('heidi-fok', {
      status: 'cancelled',
      done_reason: 'unfilled_fok',
      time_in_force: 'FOK',
      filled_lots: '0',
    });
    const traces = await exchange.pool.query(
      `SELECT (SELECT count(*) FROM fills WHERE account_id = $1)::int AS fills,
              (SELECT count(*) FROM positions WHERE account_id = $1)::int AS positions`,
      [accountId('heidi')],
    );
    assert.deepEqual(traces.rows, [{ fills: 0, positions: 0 }]);
    await settled('stop-ask', { remaining_lots: '5' }); // the ask it would have needed is untouched
  });

  it('caps a reduce-only order to the position it can close', async () => {
    await send(place('ivan', 'ivan-buy', { timeInForce: 'IOC', priceTicks: 100_200, sizeLots: 3 }));
    const close = await send(
      place('ivan', 'ivan-close', { side: 'sell', priceTicks: 101_000, sizeLots: 10, reduceOnly: true }),
    );
    assert.deepEqual(types(close), ['accepted', 'rested', 'book']);
    const [acceptedEvent, rested] = close.events;
    assert.deepEqual(acceptedEvent.type === 'accepted' && [acceptedEvent.sizeLots, acceptedEvent.reduceOnly], [
      3,
      true,
    ]);
    assert.deepEqual(rested.type === 'rested' && rested.remainingLots, 3);
    await settled('ivan-close', { status: 'open', size_lots: '3', remaining_lots: '3', reduce_only: 'true' });
  });
});
