import type { OrderTrigger } from '@exchange/contracts';
import type { Side, TriggerReference } from '@exchange/domain';
import { byAcceptance, type ConditionalOrder } from './book-order';
import { DueQueue } from './due-queue';

/**
 * Whether the trigger fires when its reference price rises to it (buy stops, sell take-profits) or
 * falls to it (sell stops, buy take-profits).
 */
export function firesOnRise(side: Side, trigger: OrderTrigger): boolean {
  return (trigger.kind === 'stop') === (side === 'buy');
}

/** True when `referencePriceTicks` (null: not known yet) has reached the trigger. */
export function hasReached(side: Side, trigger: OrderTrigger, referencePriceTicks: number | null): boolean {
  if (referencePriceTicks === null) return false;
  return firesOnRise(side, trigger)
    ? referencePriceTicks >= trigger.priceTicks
    : referencePriceTicks <= trigger.priceTicks;
}

const triggerPrice = (order: ConditionalOrder) => order.trigger.priceTicks;
/** Rising prices reach the lowest triggers first; ties by acceptance. */
const risingOrder = (a: ConditionalOrder, b: ConditionalOrder) =>
  triggerPrice(a) < triggerPrice(b) || (triggerPrice(a) === triggerPrice(b) && a.acceptedSeq < b.acceptedSeq);
/** Falling prices reach the highest triggers first; ties by acceptance. */
const fallingOrder = (a: ConditionalOrder, b: ConditionalOrder) =>
  triggerPrice(a) > triggerPrice(b) || (triggerPrice(a) === triggerPrice(b) && a.acceptedSeq < b.acceptedSeq);

/**
 * The untriggered conditional orders of one market, in four queues (mark or last price, rising or
 * falling). Firing order, when one price change reaches several triggers: mark-price triggers
 * before last-price triggers; within one reference, rising triggers (lowest trigger price first)
 * before falling ones (highest first); equal trigger prices by acceptance. The book fires one order
 * at a time and asks again, so the trades of a fired order can reach further triggers.
 */
export class TriggerBook {
  private readonly queues: Record<
    TriggerReference,
    { rising: DueQueue<ConditionalOrder>; falling: DueQueue<ConditionalOrder> }
  > = {
    mark: { rising: new DueQueue(risingOrder), falling: new DueQueue(fallingOrder) },
    last: { rising: new DueQueue(risingOrder), falling: new DueQueue(fallingOrder) },
  };

  get size(): number {
    const { mark, last } = this.queues;
    return mark.rising.size + mark.falling.size + last.rising.size + last.falling.size;
  }

  add(order: ConditionalOrder): void {
    this.queueOf(order).add(order);
  }

  remove(order: ConditionalOrder): boolean {
    return this.queueOf(order).remove(order);
  }

  /** The order to fire next at these reference prices, or null when none has been reached. */
  next(markTicks: number | null, lastTicks: number | null): ConditionalOrder | null {
    return this.reached(this.queues.mark, markTicks) ?? this.reached(this.queues.last, lastTicks);
  }

  /** All waiting orders, by acceptance. */
  orders(): ConditionalOrder[] {
    const { mark, last } = this.queues;
    return [mark.rising, mark.falling, last.rising, last.falling]
      .flatMap((queue) => queue.inDueOrder())
      .sort(byAcceptance);
  }

  private reached(
    queues: { rising: DueQueue<ConditionalOrder>; falling: DueQueue<ConditionalOrder> },
    priceTicks: number | null,
  ): ConditionalOrder | null {
    if (priceTicks === null) return null;
    const rising = queues.rising.peek();
    if (rising && priceTicks >= triggerPrice(rising)) return rising;
    const falling = queues.falling.peek();
    if (falling && priceTicks <= triggerPrice(falling)) return falling;
    return null;
  }

  private queueOf(order: ConditionalOrder): DueQueue<ConditionalOrder> {
    const queues = this.queues[order.trigger.reference];
    return firesOnRise(order.side, order.trigger) ? queues.rising : queues.falling;
  }
}
