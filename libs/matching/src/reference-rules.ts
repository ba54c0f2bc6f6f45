import type { BookLevelChange } from '@exchange/contracts';
import type { Side } from '@exchange/domain';
import type { OrderSnapshot } from './snapshot';

/** The reference book's order: the snapshot shape, mutable. */
export type ReferenceOrder = { -readonly [K in keyof OrderSnapshot]: OrderSnapshot[K] };

export const bySeq = (a: ReferenceOrder, b: ReferenceOrder): number => a.acceptedSeq - b.acceptedSeq;

const sideRank = (side: Side) => (side === 'buy' ? 0 : 1);

/** Bids before asks, better price first. */
const byLevel = (a: { side: Side; priceTicks: number }, b: { side: Side; priceTicks: number }): number =>
  sideRank(a.side) - sideRank(b.side) || (a.side === 'buy' ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks);

/** Resting orders in snapshot order: by level, and (the sort is stable) in time priority within one. */
export const inBookOrder = (resting: readonly ReferenceOrder[]): ReferenceOrder[] =>
  [...resting].sort((a, b) =>
    byLevel({ side: a.side, priceTicks: a.priceTicks! }, { side: b.side, priceTicks: b.priceTicks! }),
  );

const risesToTrigger = (order: ReferenceOrder) => (order.trigger!.kind === 'stop') === (order.side === 'buy');

/** The waiting order to fire next at these prices, by the documented order; undefined when none is reached. */
export function nextToFire(
  waiting: readonly ReferenceOrder[],
  markTicks: number | null,
  lastTicks: number | null,
): ReferenceOrder | undefined {
  const reached = waiting.filter((order) => {
    const trigger = order.trigger!;
    const price = trigger.reference === 'mark' ? markTicks : lastTicks;
    if (price === null) return false;
    return risesToTrigger(order) ? price >= trigger.priceTicks : price <= trigger.priceTicks;
  });
  // Mark before last; rising (lowest trigger first) before falling (highest first); then acceptance.
  const key = (order: ReferenceOrder) => {
    const trigger = order.trigger!;
    const rising = risesToTrigger(order);
    return [
      trigger.reference === 'mark' ? 0 : 1,
      rising ? 0 : 1,
      rising ? trigger.priceTicks : -trigger.priceTicks,
      order.acceptedSeq,
    ];
  };
  const compare = (a: number[], b: number[]) =>
    a.map((part, index) => part - b[index]).find((difference) => difference !== 0) ?? 0;
  return reached.sort((a, b) => compare(key(a), key(b)))[0];
}

/** Total open lots per level, keyed `side:price`. */
export function levelSizes(resting: readonly ReferenceOrder[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const order of resting) {
    const key = `${order.side}:${order.priceTicks}`;
    sizes.set(key, (sizes.get(key) ?? 0) + order.remainingLots);
  }
  return sizes;
}

/** Every level whose size differs between the two, with its new size (0: gone), in book order. */
export function changedLevels(before: Map<string, number>, after: Map<string, number>): BookLevelChange[] {
  const changes: BookLevelChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(key) === after.get(key)) continue;
    const [side, price] = key.split(':');
    changes.push({ side: side as Side, priceTicks: Number(price), sizeLots: after.get(key) ?? 0 });
  }
  return changes.sort(byLevel);
}
