import type { FillParty, MatchingEvent, MatchingEventBatch, OrderRejectedEvent } from '@exchange/contracts';
import type { OrderType, Side, TimeInForce } from '@exchange/domain';

export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled';

/** An order as the gateway sees it from the matching events. Integers: ticks, lots. */
export interface TrackedOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  readonly filledLots: number;
  /** Sum of price ticks x lots over the fills, for the average price. */
  readonly filledValue: bigint;
  /** Size still working on the book; 0 once the order is filled or cancelled. */
  readonly openLots: number;
  readonly status: OrderStatus;
}

export interface TakerFill {
  readonly tradeId: string;
  readonly priceTicks: number;
  readonly sizeLots: number;
}

/** What one batch did to the orders it touched. */
export interface BatchOutcome {
  readonly market: string;
  readonly timestampUs: number;
  /** State after the batch of every order it mentions (orders that left the book included). */
  readonly orders: ReadonlyMap<string, TrackedOrder>;
  readonly rejections: ReadonlyMap<string, OrderRejectedEvent>;
  /** Fills in which the order was the taker, in execution order. */
  readonly takerFills: ReadonlyMap<string, readonly TakerFill[]>;
}

type MutableOrder = { -readonly [K in keyof TrackedOrder]: TrackedOrder[K] };

/**
 * Follows every live order through the matching events, so that an order's state can be answered
 * the moment its batch arrives (before settlement has written it to Postgres). Orders that leave
 * the book are forgotten, which bounds memory by the number of open orders.
 */
export class OrderTracker {
  private readonly live = new Map<string, MutableOrder>();

  get size(): number {
    return this.live.size;
  }

  find(orderId: string): TrackedOrder | undefined {
    const order = this.live.get(orderId);
    return order && { ...order };
  }

  apply(batch: MatchingEventBatch): BatchOutcome {
    const touched = new Map<string, MutableOrder>();
    const rejections = new Map<string, OrderRejectedEvent>();
    const takerFills = new Map<string, TakerFill[]>();
    const touch = (orderId: string): MutableOrder | undefined => {
      const order = this.live.get(orderId) ?? touched.get(orderId);
      if (order) touched.set(orderId, order);
      return order;
    };

    for (const event of batch.events) {
      this.applyEvent(batch.market, event, touch, rejections, takerFills);
    }

    const orders = new Map<string, TrackedOrder>();
    for (const [orderId, order] of touched) {
      if (order.status === 'filled' || order.status === 'cancelled') this.live.delete(orderId);
      orders.set(orderId, { ...order });
    }
    return { market: batch.market, timestampUs: batch.timestampUs, orders, rejections, takerFills };
  }

  private applyEvent(
    market: string,
    event: MatchingEvent,
    touch: (orderId: string) => MutableOrder | undefined,
    rejections: Map<string, OrderRejectedEvent>,
    takerFills: Map<string, TakerFill[]>,
  ): void {
    switch (event.type) {
      case 'accepted': {
        const order: MutableOrder = {
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
          filledValue: 0n,
          openLots: event.sizeLots,
          status: 'open',
        };
        this.live.set(order.orderId, order);
        touch(order.orderId);
        return;
      }
      case 'rejected':
        rejections.set(event.orderId, event);
        return;
      case 'fill': {
        recordFill(touch(event.maker.orderId), event.maker, event.priceTicks, event.sizeLots);
        recordFill(touch(event.taker.orderId), event.taker, event.priceTicks, event.sizeLots);
        const fills = takerFills.get(event.taker.orderId) ?? [];
        fills.push({ tradeId: event.tradeId, priceTicks: event.priceTicks, sizeLots: event.sizeLots });
        takerFills.set(event.taker.orderId, fills);
        return;
      }
      case 'rested': {
        const order = touch(event.orderId);
        if (!order) return;
        order.openLots = event.remainingLots;
        order.status = order.filledLots > 0 ? 'partially_filled' : 'open';
        return;
      }
      case 'done': {
        const order = touch(event.orderId);
        if (!order) return;
        order.openLots = 0;
        order.status = event.reason === 'filled' ? 'filled' : 'cancelled';
        return;
      }
      case 'book':
      case 'triggered': // conditional orders, amends and market status do not reach the book through the gateway yet
      case 'amended':
      case 'status':
        return;
    }
  }
}

function recordFill(order: MutableOrder | undefined, party: FillParty, priceTicks: number, sizeLots: number): void {
  if (!order) return;
  order.filledLots += sizeLots;
  order.filledValue += BigInt(priceTicks) * BigInt(sizeLots);
  order.openLots = party.remainingLots;
  order.status = party.remainingLots === 0 ? 'filled' : 'partially_filled';
}
