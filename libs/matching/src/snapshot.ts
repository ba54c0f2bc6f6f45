import type { OrderTrigger, PlaceOrder } from '@exchange/contracts';
import type { MarketStatus, OrderType, PostOnlyMode, SelfTradePrevention, Side, TimeInForce } from '@exchange/domain';
import { asciiJson, fnv1a64 } from './state-hash';

export const SNAPSHOT_VERSION = 1;

/** One open order, every field needed to recreate it. */
export interface OrderSnapshot {
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  readonly remainingLots: number;
  readonly acceptedAtUs: number;
  readonly acceptedSeq: number;
  readonly trigger: OrderTrigger | null;
  readonly expiresAtUs: number | null;
  readonly postOnly: PostOnlyMode | null;
  readonly reduceOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
}

/**
 * A book's whole state as plain JSON-serialisable data, in a canonical order: two books in the same
 * state give equal snapshots, and `OrderBook.restore` continues exactly where the snapshot was taken.
 */
export interface BookSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly market: string;
  /** Sequence of the last event emitted. */
  readonly seq: number;
  readonly status: MarketStatus;
  readonly priceBandBps: number;
  readonly markPriceTicks: number | null;
  readonly lastPriceTicks: number | null;
  readonly clockUs: number;
  /** Resting orders: bids best price first, then asks best price first; queue order within a level. */
  readonly resting: readonly OrderSnapshot[];
  /** Untriggered conditional orders, by acceptance. */
  readonly waiting: readonly OrderSnapshot[];
  /** Non-zero net positions (signed lots), by account id. */
  readonly positions: readonly (readonly [string, number])[];
  /** Every order id ever accepted, sorted: they can never be used again. */
  readonly seenOrderIds: readonly string[];
}

type OrderFields = Omit<OrderSnapshot, 'trigger'> & { readonly trigger: OrderTrigger | null };

export function orderSnapshot(order: OrderFields): OrderSnapshot {
  const { trigger } = order;
  return {
    orderId: order.orderId,
    accountId: order.accountId,
    clientOrderId: order.clientOrderId,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    priceTicks: order.priceTicks,
    sizeLots: order.sizeLots,
    remainingLots: order.remainingLots,
    acceptedAtUs: order.acceptedAtUs,
    acceptedSeq: order.acceptedSeq,
    trigger: trigger && { kind: trigger.kind, reference: trigger.reference, priceTicks: trigger.priceTicks },
    expiresAtUs: order.expiresAtUs,
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
    selfTradePrevention: order.selfTradePrevention,
  };
}

/** The place command that recreates a snapshotted order (its open size and price are set after). */
export function placeCommandOf(market: string, order: OrderSnapshot): PlaceOrder {
  return {
    kind: 'place',
    requestId: '',
    orderId: order.orderId,
    accountId: order.accountId,
    clientOrderId: order.clientOrderId,
    market,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    priceTicks: order.priceTicks,
    sizeLots: order.sizeLots,
    receivedAtUs: order.acceptedAtUs,
    ...(order.trigger === null ? {} : { trigger: order.trigger }),
    ...(order.expiresAtUs === null ? {} : { expiresAtUs: order.expiresAtUs }),
    ...(order.postOnly === null ? {} : { postOnly: order.postOnly }),
    reduceOnly: order.reduceOnly,
    selfTradePrevention: order.selfTradePrevention,
  };
}

/** Throws unless the snapshot is of this version and market. */
export function checkSnapshotHeader(market: string, snapshot: BookSnapshot): void {
  if (snapshot.version !== SNAPSHOT_VERSION)
    throw new RangeError(`unknown snapshot version ${String(snapshot.version)}`);
  if (snapshot.market !== market) throw new RangeError(`snapshot of ${snapshot.market} restored as ${market}`);
}

const canonicalOrder = (order: OrderSnapshot) => [
  order.orderId,
  order.accountId,
  order.clientOrderId,
  order.side,
  order.type,
  order.timeInForce,
  order.priceTicks,
  order.sizeLots,
  order.remainingLots,
  order.acceptedSeq,
  order.trigger && [order.trigger.kind, order.trigger.reference, order.trigger.priceTicks],
  order.expiresAtUs,
  order.postOnly,
  order.reduceOnly,
  order.selfTradePrevention,
];

/**
 * FNV-1a 64 (hex) of the canonical state: equal books hash equal, so replicas, replays and the
 * reference book can be compared cheaply. Engine times of the commands (acceptedAtUs) are left out:
 * they never change what the book does.
 */
export function snapshotHash(snapshot: BookSnapshot): string {
  return fnv1a64(
    asciiJson([
      snapshot.market,
      snapshot.seq,
      snapshot.status,
      snapshot.priceBandBps,
      snapshot.markPriceTicks,
      snapshot.lastPriceTicks,
      snapshot.clockUs,
      snapshot.resting.map(canonicalOrder),
      snapshot.waiting.map(canonicalOrder),
      snapshot.positions,
      snapshot.seenOrderIds,
    ]),
  );
}
