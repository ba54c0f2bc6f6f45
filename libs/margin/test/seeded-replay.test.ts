import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatchingEvent, OrderCommand } from '@exchange/contracts';
import type { Side } from '@exchange/domain';
import type { RiskEngine } from '@exchange/margin';
import { SeededRandom } from '../../ledger/test/seeded-random';
import { batch, loadFlat, markedEngine, newEngine, place } from './fixtures';

const ACCOUNTS = ['A', 'B', 'C', 'D'];
const MARKETS = [
  { symbol: 'BTC-PERP', underlying: 'BTC', ticks: 100_000, microPerTick: 500_000 },
  { symbol: 'ETH-PERP', underlying: 'ETH', ticks: 60_000, microPerTick: 50_000 },
];

interface Resting {
  orderId: string;
  accountId: string;
  side: Side;
  priceTicks: number;
  remainingLots: number;
}

/**
 * A toy book per market that answers accepted commands with matching events, the way the
 * matching engine would (price-time priority is irrelevant here; any crossing order will do).
 */
class ToyExchange {
  readonly books = new Map<string, Resting[]>(MARKETS.map((market) => [market.symbol, []]));
  private readonly seqs = new Map<string, number>();
  private trades = 0;

  private next(market: string): number {
    const seq = (this.seqs.get(market) ?? 0) + 1;
    this.seqs.set(market, seq);
    return seq;
  }

  place(market: string, order: Resting, rest: boolean): MatchingEvent[] {
    const book = this.books.get(market) ?? [];
    const events: MatchingEvent[] = [];
    for (const maker of book) {
      const crosses =
        order.side === 'buy' ? maker.priceTicks <= order.priceTicks : maker.priceTicks >= order.priceTicks;
      if (maker.side === order.side || maker.accountId === order.accountId || !crosses) continue;
      const lots = Math.min(maker.remainingLots, order.remainingLots);
      maker.remainingLots -= lots;
      order.remainingLots -= lots;
      this.trades += 1;
      events.push({
        type: 'fill',
        seq: this.next(market),
        tradeId: `t${this.trades}`,
        priceTicks: maker.priceTicks,
        sizeLots: lots,
        takerSide: order.side,
        maker: { orderId: maker.orderId, accountId: maker.accountId, remainingLots: maker.remainingLots },
        taker: { orderId: order.orderId, accountId: order.accountId, remainingLots: order.remainingLots },
      });
      if (order.remainingLots === 0) break;
    }
    this.books.set(
      market,
      book.filter((resting) => resting.remainingLots > 0),
    );
    if (order.remainingLots === 0) return events;
    const { orderId, accountId, side, priceTicks, remainingLots } = order;
    if (rest) {
      this.books.get(market)?.push(order);
      events.push({ type: 'rested', seq: this.next(market), orderId, accountId, side, priceTicks, remainingLots });
    } else {
      events.push({ type: 'done', seq: this.next(market), orderId, accountId, reason: 'unfilled_ioc', remainingLots });
    }
    return events;
  }

  cancel(market: string, order: Resting): MatchingEvent[] {
    this.books.set(
      market,
      (this.books.get(market) ?? []).filter((resting) => resting !== order),
    );
    const { orderId, accountId, remainingLots } = order;
    return [{ type: 'done', seq: this.next(market), orderId, accountId, reason: 'cancelled', remainingLots }];
  }
}

function engineWithAccounts(): RiskEngine {
  const engine = markedEngine();
  for (const accountId of ACCOUNTS) loadFlat(engine, accountId, 3000n);
  return engine;
}

/** The account's margin computed from scratch: a new engine loaded with its current state. */
function evaluateFromScratch(engine: RiskEngine, accountId: string) {
  const fresh = newEngine();
  for (const { symbol } of MARKETS) fresh.setMarkPrice(symbol, engine.markPrice(symbol) ?? 0);
  fresh.loadAccount({
    accountId,
    collateralMicro: engine.evaluate(accountId).collateral,
    positions: MARKETS.map(({ symbol }) => ({ market: symbol, position: engine.positionOf(accountId, symbol) })),
    openOrders: engine.openOrdersOf(accountId),
  });
  return fresh.evaluate(accountId);
}

describe('seeded random trading through the risk engine', () => {
  for (const seed of [7, 99, 31337]) {
    it(`seed ${seed}: a replica fed every batch and command twice keeps the same state hash`, () => {
      const random = new SeededRandom(seed);
      const exchange = new ToyExchange();
      const engine = engineWithAccounts();
      const replica = engineWithAccounts();
      let accepted = 0;
      let refused = 0;
      for (let step = 0; step < 400; step += 1) {
        const market = random.pick(MARKETS);
        const roll = random.next();
        let events: MatchingEvent[] = [];
        if (roll < 0.1) {
          const markMicro = (market.ticks + random.int(-400, 400)) * market.microPerTick;
          const update = {
            underlying: market.underlying,
            indexPrice: markMicro,
            markPrices: {},
            timestampMs: step,
            source: 'simulator' as const,
          };
          assert.deepEqual(engine.applyPriceUpdate(update), replica.applyPriceUpdate(update));
        } else if (roll < 0.25) {
          const book = exchange.books.get(market.symbol) ?? [];
          if (book.length === 0) continue;
          const order = random.pick(book);
          const command: OrderCommand = {
            kind: 'cancel',
            requestId: `c${step}`,
            orderId: order.orderId,
            accountId: order.accountId,
            market: null,
            receivedAtUs: step,
          };
          assert.equal(engine.checkCommand(command).ok, true);
          events = exchange.cancel(market.symbol, order);
        } else {
          const side = random.pick(['buy', 'sell'] as const);
          const command = place({
            orderId: `o${step}`,
            accountId: random.pick(ACCOUNTS),
            market: market.symbol,
            side,
            priceTicks: market.ticks + random.int(-300, 300),
            sizeLots: random.int(1, 800),
          });
          const check = engine.checkCommand(command);
          assert.deepEqual(replica.checkCommand(command), check);
          assert.notEqual(replica.checkCommand(command).ok, true, 'a replayed command never places twice');
          if (!check.ok) {
            assert.equal(check.rejection.code, 'INSUFFICIENT_MARGIN');
            refused += 1;
            continue;
          }
          accepted += 1;
          const { orderId, accountId, priceTicks, sizeLots } = command;
          events = exchange.place(
            market.symbol,
            { orderId, accountId, side, priceTicks: priceTicks ?? 0, remainingLots: sizeLots },
            random.next() < 0.7,
          );
        }
        const delivery = batch(market.symbol, events);
        engine.applyMatchingEvents(delivery);
        replica.applyMatchingEvents(delivery);
        replica.applyMatchingEvents(delivery);
        assert.equal(replica.stateHash(), engine.stateHash());

        for (const { symbol } of MARKETS) {
          const openInterest = ACCOUNTS.reduce((sum, id) => sum + engine.positionOf(id, symbol).sizeLots, 0);
          assert.equal(openInterest, 0, `${symbol} open interest long = short`);
        }
        for (const accountId of ACCOUNTS) {
          const resting = [...exchange.books.values()].flat().filter((order) => order.accountId === accountId);
          const held = engine.openOrdersOf(accountId).map((order) => [order.orderId, order.remainingLots]);
          assert.deepEqual(held.sort(), resting.map((order) => [order.orderId, order.remainingLots]).sort());
          assert.deepEqual(engine.evaluate(accountId), evaluateFromScratch(engine, accountId), 'incremental = rebuilt');
        }
      }
      assert.ok(accepted > 100 && refused > 5, `${accepted} orders accepted, ${refused} refused`);
      assert.ok(ACCOUNTS.some((id) => engine.positionOf(id, 'BTC-PERP').sizeLots !== 0));
    });
  }
});
