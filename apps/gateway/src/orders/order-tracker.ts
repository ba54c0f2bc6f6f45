import type {
  FillParty,
  MatchingEvent,
  MatchingEventBatch,
  OrderAcceptedEvent,
  OrderAmendedEvent,
  OrderDoneEvent,
  OrderRejectedEvent,
} from '@exchange/contracts';
import type { DoneReason, OrderType, Side, TimeInForce } from '@exchange/domain';

/** `untriggered`: a conditional order waiting off the book until its trigger fires. */
export type OrderStatus = 'untriggered' | 'open' | 'partially_filled' | 'filled' | 'cancelled';

/** The options an order was placed with, as the book accepted it; each absent when not set. */
export type OrderOptions = Pick<
  OrderAcceptedEvent,
  'trigger' | 'expiresAtUs' | 'postOnly' | 'reduceOnly' | 'selfTradePrevention'
>;

/** An order as the gateway sees it from the matching events. Integers: ticks, lots. */
export interface TrackedOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Limit price: a post-only order re-priced behind the best price shows where it rests. */
  readonly priceTicks: number | null;
  /** Total size, filled part included (an amend or the reduce-only cap may change it). */
  readonly sizeLots: number;
  readonly filledLots: number;
  /** Sum of price ticks x lots over the fills, for the average price. */
  readonly filledValue: bigint;
  /** Size still working (or waiting for its trigger); 0 once the order is filled or cancelled. */
  readonly openLots: number;
  readonly status: OrderStatus;
  readonly options: OrderOptions;
  /** Why the order left the book; null while it is live. */
  readonly doneReason: DoneReason | null;
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
  /** State after the batch of every tracked order it mentions (orders that left the book included). */
  readonly orders: ReadonlyMap<string, TrackedOrder>;
  readonly rejections: ReadonlyMap<string, OrderRejectedEvent>;
  /** Every order that left the book in this batch, tracked or not. */
  readonly done: ReadonlyMap<string, OrderDoneEvent>;
  /** The last change of terms of each order the batch amended. */
  readonly amendments: ReadonlyMap<string, OrderAmendedEvent>;
  /** Fills in which the order was the taker, in execution order. */
  readonly takerFills: ReadonlyMap<string, readonly TakerFill[]>;
}

type MutableOrder = { -readonly [K in keyof TrackedOrder]: TrackedOrder[K] };

interface BatchState {
  readonly touch: (orderId: string) => MutableOrder | undefined;
  readonly rejections: Map<string, OrderRejectedEvent>;
  readonly done: Map<string, OrderDoneEvent>;
  readonly amendments: Map<string, OrderAmendedEvent>;
  readonly takerFills: Map<string, TakerFill[]>;
}

/**
 * Follows every live order through the matching events, so that an order's state can be answered
 * the moment its batch arrives (before settlement has written it to Postgres). Orders that leave
 * the book are forgotten, which bounds memory by the number of open orders.
 */
export class OrderTracker {
  private readonly live = new Map<string, MutableOrder>();
  /** Live order ids per account, for cancel-all. */
  private readonly byAccount = new Map<string, Set<string>>();

  get size(): number {
    return this.live.size;
  }

  find(orderId: string): TrackedOrder | undefined {
    const order = this.live.get(orderId);
    return order && { ...order };
  }

  /** Markets in which the account has live orders (resting or waiting for a trigger). */
  marketsWithOrders(accountId: string): Set<string> {
    const ids = this.byAccount.get(accountId) ?? [];
    return new Set([...ids].map((orderId) => (this.live.get(orderId) as MutableOrder).market));
  }

  apply(batch: MatchingEventBatch): BatchOutcome {
    const touched = new Map<string, MutableOrder>();
    const state: BatchState = {
      touch: (orderId) => {
        const order = this.live.get(orderId) ?? touched.get(orderId);
        if (order) touched.set(orderId, order);
        return order;
      },
      rejections: new Map(),
      done: new Map(),
      amendments: new Map(),
      takerFills: new Map(),
    };
    for (const event of batch.events) this.applyEvent(batch.market, event, state);

    const orders = new Map<string, TrackedOrder>();
    for (const [orderId, order] of touched) {
      if (order.status === 'filled' || order.status === 'cancelled') this.forget(order);
      orders.set(orderId, { ...order });
    }
    const { rejections, done, amendments, takerFills } = state;
    return { market: batch.market, timestampUs: batch.timestampUs, orders, rejections, done, amendments, takerFills };
  }

  private applyEvent(market: string, event: MatchingEvent, batch: BatchState): void {
    switch (event.type) {
      case 'accepted':
        this.remember(acceptedOrder(market, event));
        batch.touch(event.orderId);
        return;
      case 'rejected':
        batch.rejections.set(event.orderId, event);
        return;
      case 'triggered': {
        // It now executes as a new taker of remainingLots (capped to the position when reduce-only).
        const order = batch.touch(event.orderId);
        if (!order) return;
        order.status = 'open';
        order.openLots = event.remainingLots;
        order.sizeLots = order.filledLots + event.remainingLots;
        return;
      }
      case 'amended': {
        batch.amendments.set(event.orderId, event);
        const order = batch.touch(event.orderId);
        if (!order) return;
        order.priceTicks = event.priceTicks;
        order.sizeLots = event.sizeLots;
        order.openLots = event.remainingLots;
        return;
      }
      case 'fill': {
        recordFill(batch.touch(event.maker.orderId), event.maker, event.priceTicks, event.sizeLots);
        recordFill(batch.touch(event.taker.orderId), event.taker, event.priceTicks, event.sizeLots);
        const fills = batch.takerFills.get(event.taker.orderId) ?? [];
        fills.push({ tradeId: event.tradeId, priceTicks: event.priceTicks, sizeLots: event.sizeLots });
        batch.takerFills.set(event.taker.orderId, fills);
        return;
      }
      case 'rested': {
        const order = batch.touch(event.orderId);
        if (!order) return;
        order.priceTicks = event.priceTicks;
        order.openLots = event.remainingLots;
        order.status = order.filledLots > 0 ? 'partially_filled' : 'open';
        return;
      }
      case 'done': {
        batch.done.set(event.orderId, event);
        const order = batch.touch(event.orderId);
        if (!order) return;
        order.openLots = 0;
        order.status = event.reason === 'filled' ? 'filled' : 'cancelled';
        order.doneReason = event.reason;
        return;
      }
      case 'book': // book deltas feed the level-2 book, not orders
      case 'status':
        return;
    }
  }

  private remember(order: MutableOrder): void {
    this.live.set(order.orderId, order);
    const ids = this.byAccount.get(order.accountId) ?? new Set<string>();
    ids.add(order.orderId);
    this.byAccount.set(order.accountId, ids);
  }

  private forget(order: MutableOrder): void {
    this.live.delete(order.orderId);
    const ids = this.byAccount.get(order.accountId);
    ids?.delete(order.orderId);
    if (ids?.size === 0) this.byAccount.delete(order.accountId);
  }
}

function acceptedOrder(market: string, event: OrderAcceptedEvent): MutableOrder {
  const { trigger, expiresAtUs, postOnly, reduceOnly, selfTradePrevention } = event;
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
    filledValue: 0n,
    openLots: event.sizeLots,
    // A conditional order waits off the book; any other is open until its rested or done follows.
    status: trigger === undefined ? 'open' : 'untriggered',
    options: {
      ...(trigger === undefined ? {} : { trigger }),
      ...(expiresAtUs === undefined ? {} : { expiresAtUs }),
      ...(postOnly === undefined ? {} : { postOnly }),
      ...(reduceOnly === undefined ? {} : { reduceOnly }),
      ...(selfTradePrevention === undefined ? {} : { selfTradePrevention }),
    },
    doneReason: null,
  };
}

function recordFill(order: MutableOrder | undefined, party: FillParty, priceTicks: number, sizeLots: number): void {
  if (!order) return;
  order.filledLots += sizeLots;
  order.filledValue += BigInt(priceTicks) * BigInt(sizeLots);
  order.openLots = party.remainingLots;
  order.status = party.remainingLots === 0 ? 'filled' : 'partially_filled';
}
