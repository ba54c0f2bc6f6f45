import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookLevelChange } from '@exchange/contracts';
import type { RestingOrder } from '../src/book-order';
import { PriceLevel } from '../src/price-level';
import { TouchedLevels } from '../src/touched-levels';

const orderOf = (remainingLots: number): RestingOrder => ({ remainingLots }) as RestingOrder;

/** A level at `priceTicks` holding one order of `lots` (none when 0). */
function levelWith(priceTicks: number, lots: number): PriceLevel {
  const level = new PriceLevel(priceTicks);
  if (lots > 0) level.append(orderOf(lots));
  return level;
}

function drained(touched: TouchedLevels): BookLevelChange[] {
  const changes: BookLevelChange[] = [];
  touched.drain(changes);
  return changes;
}

describe('TouchedLevels', () => {
  it('lists changed levels best price first for bids and for asks, and forgets them', () => {
    for (const [side, expected] of [
      ['buy', [101, 100, 99]],
      ['sell', [99, 100, 101]],
    ] as const) {
      const touched = new TouchedLevels(side);
      for (const priceTicks of [100, 99, 101]) {
        const level = levelWith(priceTicks, 2);
        touched.touch(level);
        level.append(orderOf(priceTicks - 95));
      }
      assert.deepEqual(
        drained(touched),
        expected.map((priceTicks) => ({ side, priceTicks, sizeLots: priceTicks - 93 })),
      );
      assert.equal(touched.isEmpty, true);
      assert.deepEqual(drained(touched), []);
    }
  });

  it('orders two levels best first whichever was touched first', () => {
    const touched = new TouchedLevels('sell');
    const [worse, better] = [levelWith(105, 1), levelWith(104, 1)];
    touched.touch(worse);
    touched.touch(better);
    worse.append(orderOf(2));
    better.append(orderOf(3));
    assert.deepEqual(drained(touched), [
      { side: 'sell', priceTicks: 104, sizeLots: 4 },
      { side: 'sell', priceTicks: 105, sizeLots: 3 },
    ]);
  });

  it('keeps the size before the first touch of a command, and omits a level back at that size', () => {
    const touched = new TouchedLevels('buy');
    const level = levelWith(100, 4);
    const order = orderOf(1);
    touched.touch(level);
    level.append(order);
    touched.touch(level);
    level.remove(order);
    assert.deepEqual(drained(touched), []);
    touched.touch(level);
    level.append(order);
    assert.deepEqual(drained(touched), [{ side: 'buy', priceTicks: 100, sizeLots: 5 }]);
  });

  it('compares a price emptied and re-created in one command with its size before the command', () => {
    const touched = new TouchedLevels('buy');
    const emptied = levelWith(100, 4);
    touched.touch(emptied);
    emptied.remove(emptied.first() as RestingOrder);
    const recreated = levelWith(100, 0);
    touched.touch(recreated);
    recreated.append(orderOf(4));
    assert.deepEqual(drained(touched), []);

    const refilled = levelWith(100, 0);
    touched.touch(recreated);
    recreated.remove(recreated.first() as RestingOrder);
    touched.touch(refilled);
    refilled.append(orderOf(6));
    assert.deepEqual(drained(touched), [{ side: 'buy', priceTicks: 100, sizeLots: 6 }]);
  });
});
