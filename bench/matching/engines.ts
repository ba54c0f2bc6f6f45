import { OrderBook } from '@exchange/matching';
import { OrderBook as PeerOrderBook, Side as PeerSide, type LimitOrderOptions } from 'nodejs-order-book';
import type { BookSummary } from './model-book';
import { MARKET, type StreamCommand } from './stream';

/** One engine behind the benchmark's loop. */
export interface EngineUnderTest {
  /** Applies one command; false when the engine refused it (the stream only sends valid commands). */
  apply(command: StreamCommand): boolean;
  summary(): BookSummary;
}

export interface EngineKind {
  readonly name: string;
  /** A fresh, empty book. */
  create(): EngineUnderTest;
}

function summarise(
  bids: readonly (readonly [number, number])[],
  asks: readonly (readonly [number, number])[],
): BookSummary {
  const lots = (levels: readonly (readonly [number, number])[]): number =>
    levels.reduce((sum, [, size]) => sum + size, 0);
  return {
    bestBid: bids.length > 0 ? bids[0][0] : null,
    bestAsk: asks.length > 0 ? asks[0][0] : null,
    bidLots: lots(bids),
    askLots: lots(asks),
    bidLevels: bids.length,
    askLevels: asks.length,
  };
}

/** Our engine (libs/matching), fed the contract commands as the matching-engine service feeds it. */
class OurEngine implements EngineUnderTest {
  private readonly book = new OrderBook(MARKET);

  apply(command: StreamCommand): boolean {
    // A refused command answers with exactly one event, the rejection.
    return this.book.apply(command, command.receivedAtUs)[0].type !== 'rejected';
  }

  summary(): BookSummary {
    const { bids, asks } = this.book.depth(Number.MAX_SAFE_INTEGER);
    const pairs = (levels: typeof bids): [number, number][] =>
      levels.map((level) => [level.priceTicks, level.sizeLots]);
    return summarise(pairs(bids), pairs(asks));
  }
}

/**
 * nodejs-order-book, translated command by command: a place is `limit` (GTC or IOC), a cancel is
 * `cancel`, a price amend is `modify(id, { price })`. Its `modify` always re-queues the order at the
 * back, as our amend does for a price change; a size-only amend would differ (it keeps priority in
 * ours, and the peer's size is the open size, ours the total), so the stream sends none.
 */
class PeerEngine implements EngineUnderTest {
  private readonly book = new PeerOrderBook();

  apply(command: StreamCommand): boolean {
    switch (command.kind) {
      case 'place':
        return (
          this.book.limit({
            id: command.orderId,
            side: command.side as PeerSide,
            size: command.sizeLots,
            price: command.priceTicks as number,
            timeInForce: command.timeInForce as LimitOrderOptions['timeInForce'],
          }).err === null
        );
      case 'cancel':
        return this.book.cancel(command.orderId) !== undefined;
      case 'amend':
        if (command.priceTicks === undefined) throw new Error('the peer adapter translates price amends only');
        return this.book.modify(command.orderId, { price: command.priceTicks }).err === null;
    }
  }

  summary(): BookSummary {
    const [asks, bids] = this.book.depth();
    return summarise(bids, asks);
  }
}

export const OURS: EngineKind = { name: 'ours (libs/matching)', create: () => new OurEngine() };
export const PEER: EngineKind = { name: 'nodejs-order-book 10.1.1', create: () => new PeerEngine() };

/**
 * Whether our book applies amends: a resting order moved by an amend must answer `amended`. The
 * stream's moves are amends, so without this the benchmark would time rejections.
 */
export function ourBookAmends(): boolean {
  const book = new OrderBook(MARKET);
  const base = { requestId: 'probe', orderId: 'probe', accountId: 'probe', market: MARKET.symbol, receivedAtUs: 1 };
  book.apply(
    {
      ...base,
      kind: 'place',
      clientOrderId: null,
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      priceTicks: 100,
      sizeLots: 1,
    },
    1,
  );
  const events = book.apply({ ...base, kind: 'amend', priceTicks: 99 }, 2);
  return events.some((event) => event.type === 'amended') && book.bestBid() === 99;
}
