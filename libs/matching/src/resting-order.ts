import type { Side } from '@exchange/domain';

/**
 * An order resting on the book. It is also the node of its price level's FIFO queue, so a
 * cancel unlinks it in O(1). Internal: callers get `OpenOrder` snapshots instead.
 */
export class RestingOrder {
  prev: RestingOrder | null = null;
  next: RestingOrder | null = null;

  constructor(
    readonly orderId: string,
    readonly accountId: string,
    readonly side: Side,
    readonly priceTicks: number,
    readonly sizeLots: number,
    public remainingLots: number,
    readonly acceptedAtUs: number,
  ) {}

  snapshot(): OpenOrder {
    const { orderId, accountId, side, priceTicks, sizeLots, remainingLots, acceptedAtUs } = this;
    return { orderId, accountId, side, priceTicks, sizeLots, remainingLots, acceptedAtUs };
  }
}

/** A resting order as the book reports it. */
export interface OpenOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: Side;
  readonly priceTicks: number;
  /** Size the order was placed with. */
  readonly sizeLots: number;
  /** Size still open. */
  readonly remainingLots: number;
  /** Engine time of the command that placed it. */
  readonly acceptedAtUs: number;
}
