import { Injectable } from '@nestjs/common';
import type { FillEvent, MatchingEventBatch } from '@exchange/contracts';
import { BookRegistry } from '../book/book-registry.service';
import { CommandWaiters } from '../orders/command-answer';
import { OrderTracker } from '../orders/order-tracker';
import { MarketDataFanout } from '../ws/market-data-fanout.service';

/**
 * Applies each matching batch once, in order: the order tracker, the level-2 book and its
 * WebSocket deltas, the trades channel, then the request waiting for this batch (if it is ours).
 * Events at or below a market's last applied sequence are redeliveries and are skipped.
 */
@Injectable()
export class MatchingEventsHandler {
  private readonly lastSeq = new Map<string, number>();

  constructor(
    private readonly tracker: OrderTracker,
    private readonly books: BookRegistry,
    private readonly fanout: MarketDataFanout,
    private readonly waiters: CommandWaiters,
  ) {}

  handle(batch: MatchingEventBatch): void {
    const applied = this.lastSeq.get(batch.market) ?? 0;
    const events = batch.events.filter((event) => event.seq > applied);
    if (batch.events.length > 0 && events.length === 0) return;
    if (events.length > 0)
      this.lastSeq.set(
        batch.market,
        events.reduce((max, event) => Math.max(max, event.seq), applied),
      );

    const fresh = { ...batch, events };
    const outcome = this.tracker.apply(fresh);
    const book = this.books.book(batch.market);
    for (const event of events) {
      if (event.type !== 'book') continue;
      const prevSeq = book.seq;
      if (book.apply(event.changes, event.seq)) this.fanout.bookDelta(batch.market, prevSeq, event);
    }
    const fills = events.filter((event): event is FillEvent => event.type === 'fill');
    this.fanout.trades(batch.market, fills, batch.timestampUs);
    this.waiters.settle(batch.requestId, { kind: 'applied', outcome });
  }
}
