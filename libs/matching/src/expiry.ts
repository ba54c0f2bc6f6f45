import type { BookOrder } from './book-order';
import { DueQueue } from './due-queue';

/** A GTD order: one with an expiry. */
export type ExpiringOrder = BookOrder & { readonly expiresAtUs: number };

export const isExpiring = (order: BookOrder): order is ExpiringOrder => order.expiresAtUs !== null;

/** GTD orders expire earliest expiry first, equal expiries by acceptance. */
const expiresBefore = (a: ExpiringOrder, b: ExpiringOrder) =>
  a.expiresAtUs < b.expiresAtUs || (a.expiresAtUs === b.expiresAtUs && a.acceptedSeq < b.acceptedSeq);

/** The open GTD orders (resting or waiting for a trigger), next to expire last. */
export class ExpiryQueue extends DueQueue<ExpiringOrder> {
  constructor() {
    super(expiresBefore);
  }

  /** The next order due at `nowUs`, without taking it; undefined when none is due. */
  due(nowUs: number): ExpiringOrder | undefined {
    const next = this.peek();
    return next && next.expiresAtUs <= nowUs ? next : undefined;
  }
}
