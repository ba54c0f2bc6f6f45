import type { FillEvent, MatchingEventBatch, OrderAcceptedEvent } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { type FeeSchedule, type Journal, settleFill } from '@exchange/ledger';
import type { FillRecord, OrderState, PositionState } from '@exchange/persistence';

/** Settlement's records are the rows it writes: the persistence library's batch types. */
export type OrderRecord = OrderState;
export type PositionRecord = PositionState;
export type { FillRecord };

/** Everything one market's events change, to be written in one transaction with `lastSeq`. */
export interface StreamChanges {
  readonly market: string;
  lastSeq: number;
  readonly journals: Journal[];
  readonly orders: Map<string, OrderRecord>;
  readonly positions: Map<string, PositionRecord>;
  readonly fills: FillRecord[];
}

/** The fields of an order's record an event changes, given its current record. */
type OrderChange = (current: OrderRecord) => Partial<OrderRecord>;

const positionKey = (accountId: string, market: string): string => `${accountId}|${market}`;

/**
 * Turns matching events into ledger journals, positions, orders and fills. Pure: it keeps open
 * orders, positions and the last applied sequence per market in memory, and changes them only when
 * `commit` confirms the database took the changes, so a failed transaction leaves it unchanged.
 * Events at or below a market's applied sequence are skipped: replays are harmless.
 */
export class SettlementProjector {
  private readonly markets: Map<string, MarketSpec>;
  private readonly orders = new Map<string, OrderRecord>();
  private readonly positions = new Map<string, PositionRecord>();
  private readonly appliedSeq = new Map<string, number>();

  constructor(
    markets: readonly MarketSpec[],
    private readonly fees: FeeSchedule,
    start: {
      readonly openOrders: readonly OrderRecord[];
      readonly positions: readonly PositionRecord[];
      readonly appliedSequences: Readonly<Record<string, number>>;
    },
  ) {
    this.markets = new Map(markets.map((market) => [market.symbol, market]));
    for (const order of start.openOrders) this.orders.set(order.orderId, order);
    for (const record of start.positions) this.positions.set(positionKey(record.accountId, record.market), record);
    for (const [market, seq] of Object.entries(start.appliedSequences)) this.appliedSeq.set(market, seq);
  }

  knows(market: string): boolean {
    return this.markets.has(market);
  }

  /** Learns markets listed since start; markets it knows keep their spec. */
  addMarkets(markets: readonly MarketSpec[]): void {
    for (const market of markets) if (!this.markets.has(market.symbol)) this.markets.set(market.symbol, market);
  }

  lastSeq(market: string): number {
    return this.appliedSeq.get(market) ?? 0;
  }

  /** The changes a run of batches makes, grouped by market; nothing is applied until `commit`. */
  project(batches: readonly MatchingEventBatch[]): StreamChanges[] {
    const streams = new Map<string, StreamChanges>();
    for (const batch of batches) {
      const market = this.markets.get(batch.market);
      if (!market) throw new Error(`matching events for unknown market ${batch.market}`);
      let changes = streams.get(batch.market);
      for (const event of batch.events) {
        if (event.seq <= (changes?.lastSeq ?? this.lastSeq(batch.market))) continue;
        changes ??= this.newStream(batch.market);
        streams.set(batch.market, changes);
        changes.lastSeq = event.seq;
        const stream = changes;
        const update = (orderId: string, change: OrderChange): void =>
          this.updateOrder(stream, orderId, event.seq, batch.timestampUs, change);
        switch (event.type) {
          case 'accepted':
            changes.orders.set(event.orderId, acceptedOrder(batch.market, event, batch.timestampUs));
            break;
          case 'fill':
            this.projectFill(changes, market, event, batch.timestampUs);
            break;
          case 'done':
            // Expired, unfilled FOK, reduce-only, self-trade prevented...: all cancelled, the reason kept.
            update(event.orderId, () => ({
              status: event.reason === 'filled' ? 'filled' : 'cancelled',
              doneReason: event.reason,
              remainingLots: 0,
            }));
            break;
          case 'rested':
            // A post-only order may rest one tick behind the best price rather than at its own.
            update(event.orderId, () => ({ priceTicks: event.priceTicks, remainingLots: event.remainingLots }));
            break;
          case 'triggered':
            // A reduce-only order fires capped to the position: its size shrinks by what was cut.
            update(event.orderId, (current) => ({
              triggeredAtUs: batch.timestampUs,
              sizeLots: current.sizeLots - (current.remainingLots - event.remainingLots),
              remainingLots: event.remainingLots,
            }));
            break;
          case 'amended': {
            const filledLots = event.sizeLots - event.remainingLots;
            update(event.orderId, () => ({
              priceTicks: event.priceTicks,
              sizeLots: event.sizeLots,
              remainingLots: event.remainingLots,
              filledLots,
              status: filledLots > 0 ? 'partially_filled' : 'open',
            }));
            break;
          }
          case 'rejected': // rejected commands never existed for the ledger
          case 'book':
          case 'status':
            break;
        }
      }
    }
    return [...streams.values()];
  }

  /** Makes committed changes the new in-memory state. */
  commit(streams: readonly StreamChanges[]): void {
    for (const changes of streams) {
      this.appliedSeq.set(changes.market, changes.lastSeq);
      for (const [key, record] of changes.positions) this.positions.set(key, record);
      for (const [id, record] of changes.orders) {
        if (record.status === 'filled' || record.status === 'cancelled') this.orders.delete(id);
        else this.orders.set(id, record);
      }
    }
  }

  /** Records an order's new state as of event `seq`; orders settlement does not know (accepted before it started) are left alone. */
  private updateOrder(
    changes: StreamChanges,
    orderId: string,
    seq: number,
    timestampUs: number,
    change: OrderChange,
  ): void {
    const current = changes.orders.get(orderId) ?? this.orders.get(orderId);
    if (current)
      changes.orders.set(orderId, { ...current, ...change(current), updatedSeq: seq, updatedAtUs: timestampUs });
  }

  private newStream(market: string): StreamChanges {
    return { market, lastSeq: this.lastSeq(market), journals: [], orders: new Map(), positions: new Map(), fills: [] };
  }

  private projectFill(changes: StreamChanges, market: MarketSpec, fill: FillEvent, timestampUs: number): void {
    const current = (accountId: string): PositionRecord =>
      changes.positions.get(positionKey(accountId, market.symbol)) ??
      this.positions.get(positionKey(accountId, market.symbol)) ?? {
        accountId,
        market: market.symbol,
        sizeLots: 0,
        costTicksLots: 0n,
        realizedPnl: 0n,
        updatedSeq: 0,
      };
    const makerBefore = current(fill.maker.accountId);
    const takerBefore = current(fill.taker.accountId);
    const settled = settleFill(fill, market, makerBefore, takerBefore, this.fees);
    changes.journals.push(settled.journal);
    const sides = [
      { liquidity: 'maker' as const, party: fill.maker, before: makerBefore, result: settled.maker },
      { liquidity: 'taker' as const, party: fill.taker, before: takerBefore, result: settled.taker },
    ];
    for (const { liquidity, party, before, result } of sides) {
      changes.positions.set(positionKey(party.accountId, market.symbol), {
        ...before,
        ...result.position,
        realizedPnl: before.realizedPnl + result.realizedPnl,
        updatedSeq: fill.seq,
      });
      const side = liquidity === 'taker' ? fill.takerSide : fill.takerSide === 'buy' ? 'sell' : 'buy';
      changes.fills.push({
        tradeId: fill.tradeId,
        liquidity,
        market: market.symbol,
        accountId: party.accountId,
        orderId: party.orderId,
        side,
        priceTicks: fill.priceTicks,
        sizeLots: fill.sizeLots,
        fee: result.fee,
        realizedPnl: result.realizedPnl,
        seq: fill.seq,
        timestampUs,
      });
      this.updateOrder(changes, party.orderId, fill.seq, timestampUs, (current) => ({
        filledLots: current.sizeLots - party.remainingLots,
        remainingLots: party.remainingLots,
        status: party.remainingLots === 0 ? 'filled' : 'partially_filled',
      }));
    }
  }
}

function acceptedOrder(market: string, event: OrderAcceptedEvent, timestampUs: number): OrderRecord {
  return {
    orderId: event.orderId,
    accountId: event.accountId,
    clientOrderId: event.clientOrderId,
    market,
    side: event.side,
    type: event.orderType,
    timeInForce: event.timeInForce,
    priceTicks: event.priceTicks,
    sizeLots: event.sizeLots,
    filledLots: 0,
    remainingLots: event.sizeLots,
    status: 'open',
    doneReason: null,
    createdSeq: event.seq,
    updatedSeq: event.seq,
    createdAtUs: timestampUs,
    updatedAtUs: timestampUs,
    trigger: event.trigger ?? null,
    triggeredAtUs: null,
    expiresAtUs: event.expiresAtUs ?? null,
    postOnly: event.postOnly ?? null,
    reduceOnly: event.reduceOnly ?? false,
  };
}
