import type { BookLevelChange } from '@exchange/contracts';
import type { Side } from '@exchange/domain';

/**
 * The levels of one side a command changed, each with its size before the first change, so the
 * command's book event lists exactly the levels whose size differs afterwards (a level emptied and
 * refilled to the same size within one command is not a change).
 */
export class TouchedLevels {
  private readonly sizesBefore = new Map<number, number>();

  get isEmpty(): boolean {
    return this.sizesBefore.size === 0;
  }

  /** Records the size of a level about to change; only the first call per command counts. */
  touch(priceTicks: number, sizeLots: number): void {
    if (!this.sizesBefore.has(priceTicks)) this.sizesBefore.set(priceTicks, sizeLots);
  }

  /**
   * Appends the changed levels to `changes`, best price first, and forgets them.
   * `sizeAt` reads the current size of a level.
   */
  drain(side: Side, sizeAt: (priceTicks: number) => number, changes: BookLevelChange[]): void {
    if (this.sizesBefore.size === 0) return;
    const prices = [...this.sizesBefore.keys()].sort(side === 'buy' ? (a, b) => b - a : (a, b) => a - b);
    for (const priceTicks of prices) {
      const sizeLots = sizeAt(priceTicks);
      if (sizeLots !== this.sizesBefore.get(priceTicks)) changes.push({ side, priceTicks, sizeLots });
    }
    this.sizesBefore.clear();
  }
}
