import type { BookLevelChange } from '@exchange/contracts';
import type { Side } from '@exchange/domain';
import type { PriceLevel } from './price-level';

/** Best bid first: higher prices first. Among equal prices the sort keeps the order of touching. */
const bidsBestFirst = (a: PriceLevel, b: PriceLevel): number => b.priceTicks - a.priceTicks;
const asksBestFirst = (a: PriceLevel, b: PriceLevel): number => a.priceTicks - b.priceTicks;

/**
 * The levels of one side a command changed, each with its size before the first change, so the
 * command's book event lists exactly the levels whose size differs afterwards (a level emptied and
 * refilled to the same size within one command is not a change).
 *
 * Built for the common command that touches one or two levels: each level carries the number of the
 * drain round it was last touched in, so noting a touch is a compare, and the touched levels collect
 * in one reused array that is sorted only when it holds more than one.
 */
export class TouchedLevels {
  /** The first `count` entries are this command's; later ones are stale, kept to avoid resizing the array. */
  private readonly levels: PriceLevel[] = [];
  private count = 0;
  /** Numbers the drain rounds; starts above a new level's 0 so a new level is never taken as touched. */
  private round = 1;

  constructor(private readonly side: Side) {}

  get isEmpty(): boolean {
    return this.count === 0;
  }

  /** Records the size of a level about to change; only the first call per level and command counts. */
  touch(level: PriceLevel): void {
    if (level.touchedInRound === this.round) return;
    level.touchedInRound = this.round;
    level.sizeBeforeTouch = level.totalLots;
    this.levels[this.count] = level;
    this.count += 1;
  }

  /**
   * Appends the changed levels to `changes`, best price first, and forgets them. A price emptied and
   * re-created in one command has two level objects: the first touched holds the size before, the
   * last touched the size now.
   */
  drain(changes: BookLevelChange[]): void {
    const { levels, side, count } = this;
    if (count === 0) return;
    const bestFirst = side === 'buy' ? bidsBestFirst : asksBestFirst;
    // Two levels (a move within one side) are the common case where order matters: a swap, not a sort.
    if (count === 2 && bestFirst(levels[0], levels[1]) > 0) {
      const second = levels[1];
      levels[1] = levels[0];
      levels[0] = second;
    } else if (count > 2) {
      levels.length = count;
      levels.sort(bestFirst);
    }
    let first = 0;
    while (first < count) {
      const sizeBefore = levels[first].sizeBeforeTouch;
      let last = first;
      while (last + 1 < count && levels[last + 1].priceTicks === levels[first].priceTicks) last += 1;
      const { priceTicks, totalLots } = levels[last];
      if (totalLots !== sizeBefore) changes.push({ side, priceTicks, sizeLots: totalLots });
      first = last + 1;
    }
    this.count = 0;
    this.round += 1;
  }
}
