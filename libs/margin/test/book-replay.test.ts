import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookCommand, MatchingEvent, PlaceOrder, PriceUpdate, TraderCommand } from '@exchange/contracts';
import type { Side, TimeInForce } from '@exchange/domain';
import type { OpenOrder, RiskEngine } from '@exchange/margin';
import { OrderBook } from '@exchange/matching';
import { SeededRandom } from '../../ledger/test/seeded-random';
import { BTC_PERP, ETH_PERP, batch, loadFlat, newEngine } from './fixtures';

const ACCOUNTS = ['A', 'B', 'C', 'D'];
const MARKET = BTC_PERP.symbol;
const MICRO_PER_TICK = 500_000;
const T0_US = 1_700_000_000_000_000;

/**
 * The risk engine in front of the real order book, as the pipeline runs them: every trader command
 * passes the check, what it forwards goes to the book, the book's events come back to the engine;
 * prices become mark commands for the book before the engine takes them; the clock ticks. After
 * every step the engine must hold exactly the book's open orders (resting and waiting), on the
 * book's terms, and the book's positions.
 */
class Pipeline {
  readonly engine: RiskEngine = newEngine();
  readonly books = new Map([BTC_PERP, ETH_PERP].map((spec) => [spec.symbol, new OrderBook(spec)]));
  readonly seen = new Map<string, number>();
  riskRejections = 0;
  private timeUs = T0_US;
  private nextId = 0;

  constructor(private readonly random: SeededRandom) {
    for (const accountId of ACCOUNTS) loadFlat(this.engine, accountId, accountId === 'D' ? 300n : 20_000n);
  }

  get book(): OrderBook {
    return this.books.get(MARKET) as OrderBook;
  }

  step(): void {
    this.timeUs += this.random.int(1, 2_000_000);
    const roll = this.random.next();
    if (roll < 0.08) this.price();
    else if (roll < 0.13) this.toBook({ kind: 'clock', market: MARKET, timestampUs: this.timeUs });
    else if (roll < 0.22) this.cancel();
    else if (roll < 0.32) this.amend();
    else if (roll < 0.34) this.trade({ ...this.stamp(), kind: 'cancel_all', market: this.random.pick([null, MARKET]) });
    else this.trade(this.place());
  }

  private price(): void {
    const markTicks = (this.book.snapshot().markPriceTicks ?? 100_000) + this.random.int(-600, 600);
    const update: PriceUpdate = {
      underlying: 'BTC',
      indexPrice: markTicks * MICRO_PER_TICK + this.random.int(-249_999, 249_999),
      markPrices: {},
      timestampMs: this.timeUs / 1000,
      source: 'simulator',
    };
    for (const mark of this.engine.markCommands(update)) this.toBook(mark);
    this.engine.applyPriceUpdate(update);
  }

  private place(): PlaceOrder {
    const random = this.random;
    const mark = this.book.snapshot().markPriceTicks ?? 100_000;
    const side = random.pick<Side>(['buy', 'sell']);
    const isMarket = random.next() < 0.15;
    const timeInForce = isMarket
      ? random.pick<TimeInForce>(['IOC', 'FOK'])
      : random.pick<TimeInForce>(['GTC', 'GTC', 'IOC', 'FOK', 'GTD']);
    const conditional = random.next() < 0.15 && timeInForce !== 'FOK';
    const away = random.int(50, 800) * (side === 'buy' ? 1 : -1) * (random.next() < 0.5 ? 1 : -1);
    const id = `o${++this.nextId}`;
    return {
      ...this.stamp(),
      kind: 'place',
      orderId: id,
      clientOrderId: random.next() < 0.3 ? `c${this.nextId}` : null,
      market: MARKET,
      side,
      type: isMarket ? 'market' : 'limit',
      timeInForce,
      priceTicks: isMarket ? null : mark + random.int(-1500, 1500),
      sizeLots: random.int(1, 400),
      ...(timeInForce === 'GTD' && { expiresAtUs: this.timeUs + random.int(1, 8_000_000) }),
      ...(conditional && {
        trigger: {
          kind: random.pick(['stop', 'take_profit'] as const),
          reference: random.pick(['mark', 'last'] as const),
          priceTicks: mark + away,
        },
      }),
      ...(!isMarket &&
        !conditional &&
        timeInForce === 'GTC' &&
        random.next() < 0.15 && { postOnly: random.pick(['reject', 'reprice'] as const) }),
      ...(random.next() < 0.3 && { reduceOnly: true }),
      ...(random.next() < 0.2 && {
        selfTradePrevention: random.pick(['cancel_maker', 'cancel_taker', 'cancel_both'] as const),
      }),
    };
  }

  private cancel(): void {
    const order = this.someOpenOrder();
    if (!order) return;
    const byClientId = order.clientOrderId !== null && this.random.next() < 0.5;
    this.trade({
      ...this.stamp(this.ownerOf(order)),
      kind: 'cancel',
      orderId: byClientId ? 'by-client-id' : order.orderId,
      market: null,
      ...(byClientId && { clientOrderId: order.clientOrderId as string }),
    });
  }

  private amend(): void {
    const order = this.someOpenOrder();
    if (!order) return;
    const random = this.random;
    const filled = order.sizeLots - order.remainingLots;
    this.trade({
      ...this.stamp(this.ownerOf(order)),
      kind: 'amend',
      orderId: order.orderId,
      market: MARKET,
      ...(random.next() < 0.6 && { sizeLots: filled + random.int(0, 2 * order.remainingLots) }),
      ...(random.next() < 0.5 && order.priceTicks !== null && { priceTicks: order.priceTicks + random.int(-300, 300) }),
    });
  }

  private trade(command: TraderCommand): void {
    const check = this.engine.checkCommand(command);
    if (!check.ok) {
      this.riskRejections += 1;
      return;
    }
    for (const forwarded of check.commands) this.toBook(forwarded);
  }

  private toBook(command: BookCommand): void {
    const book = this.books.get(command.market as string) as OrderBook;
    const events = book.apply(command, command.kind === 'clock' ? command.timestampUs : this.timeUs);
    for (const event of events) this.count(event);
    if (events.length > 0) this.engine.applyMatchingEvents(batch(book.market.symbol, events));
  }

  private count(event: MatchingEvent): void {
    const key = event.type === 'done' || event.type === 'amended' ? `${event.type}:${event.reason}` : event.type;
    this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
  }

  private stamp(accountId = this.random.pick(ACCOUNTS)) {
    return { requestId: `r${this.timeUs}`, accountId, receivedAtUs: this.timeUs };
  }

  private someOpenOrder(): OpenOrder | undefined {
    const orders = ACCOUNTS.flatMap((accountId) => this.engine.openOrdersOf(accountId));
    return orders.length > 0 ? this.random.pick(orders) : undefined;
  }

  private ownerOf(order: OpenOrder): string {
    return ACCOUNTS.find((accountId) => this.engine.openOrdersOf(accountId).includes(order)) ?? 'A';
  }
}

/** The book's open orders of an account as the engine should hold them: a stop-market at its trigger. */
function bookOrders(book: OrderBook, accountId: string): unknown[] {
  const { resting, waiting } = book.snapshot();
  return [...resting, ...waiting]
    .filter((order) => order.accountId === accountId)
    .map((o) => [
      o.orderId,
      o.priceTicks ?? o.trigger?.priceTicks ?? null,
      o.sizeLots,
      o.remainingLots,
      o.clientOrderId,
    ])
    .sort();
}

function heldOrders(engine: RiskEngine, accountId: string): unknown[] {
  return engine
    .openOrdersOf(accountId)
    .map((o) => [o.orderId, o.priceTicks, o.sizeLots, o.remainingLots, o.clientOrderId])
    .sort();
}

/** The account's margin computed from scratch: a new engine loaded with its current state. */
function evaluateFromScratch(engine: RiskEngine, accountId: string) {
  const fresh = newEngine();
  fresh.setMarkPrice(MARKET, engine.markPrice(MARKET) as number);
  fresh.loadAccount({
    accountId,
    collateralMicro: engine.evaluate(accountId).collateral,
    positions: [{ market: MARKET, position: engine.positionOf(accountId, MARKET) }],
    openOrders: engine.openOrdersOf(accountId),
  });
  return fresh.evaluate(accountId);
}

describe('the risk engine in front of the real order book', () => {
  for (const seed of [3, 1234, 777_777]) {
    it(`seed ${seed}: holds exactly the book's open orders and positions after every command`, () => {
      const pipeline = new Pipeline(new SeededRandom(seed));
      pipeline.engine.setMarkPrice(MARKET, 100_000 * MICRO_PER_TICK);
      pipeline.book.apply({ kind: 'mark', market: MARKET, priceTicks: 100_000 }, T0_US);
      for (let step = 0; step < 1500; step++) {
        pipeline.step();
        for (const accountId of ACCOUNTS) {
          const context = `step ${step}, account ${accountId}`;
          assert.deepEqual(heldOrders(pipeline.engine, accountId), bookOrders(pipeline.book, accountId), context);
          assert.equal(
            pipeline.engine.positionOf(accountId, MARKET).sizeLots,
            pipeline.book.positionOf(accountId),
            context,
          );
          assert.deepEqual(
            pipeline.engine.evaluate(accountId),
            evaluateFromScratch(pipeline.engine, accountId),
            context,
          );
        }
      }
      // The stream reached every rule the holds must follow.
      for (const kind of [
        'triggered',
        'amended:amend',
        'amended:reduce_only',
        'done:expired',
        'done:unfilled_fok',
        'done:reduce_only',
        'done:self_trade_prevented',
        'rejected',
        'fill',
      ]) {
        assert.ok((pipeline.seen.get(kind) ?? 0) > 0, `no ${kind} in ${JSON.stringify([...pipeline.seen])}`);
      }
      assert.ok(pipeline.riskRejections > 0, 'no command failed the margin check');
    });
  }
});
