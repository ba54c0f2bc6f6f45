/** What the engines and the generator's model must agree on after the same stream. */
export interface BookSummary {
  readonly bestBid: number | null;
  readonly bestAsk: number | null;
  readonly bidLots: number;
  readonly askLots: number;
  readonly bidLevels: number;
  readonly askLevels: number;
}

export const BUY = 0;
export const SELL = 1;
export type SideIndex = typeof BUY | typeof SELL;

const NONE = -1;

/** Queues whose dead prefix is longer than this (and than their live part) are compacted. */
const COMPACT_AFTER = 1024;

/**
 * One side of the model: open lots per price index and a FIFO of queue tickets per level. Tickets
 * of orders that left are skipped lazily rather than unlinked, which keeps the model simple.
 */
class ModelSide {
  readonly lots: Float64Array;
  private readonly queues: (number[] | undefined)[];
  private readonly heads: Int32Array;
  best = NONE;

  constructor(
    private readonly isBid: boolean,
    span: number,
  ) {
    this.lots = new Float64Array(span);
    this.queues = new Array<number[] | undefined>(span);
    this.heads = new Int32Array(span);
  }

  isBetter(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  append(level: number, ticket: number, lots: number): void {
    let queue = this.queues[level];
    if (!queue) {
      queue = [];
      this.queues[level] = queue;
    }
    queue.push(ticket);
    this.lots[level] += lots;
    if (this.best === NONE || this.isBetter(level, this.best)) this.best = level;
  }

  /** The oldest ticket at `level` that `isLive` accepts, dropping dead ones on the way. */
  front(level: number, isLive: (ticket: number) => boolean): number {
    const queue = this.queues[level] as number[];
    let head = this.heads[level];
    while (!isLive(queue[head])) head += 1;
    if (head > COMPACT_AFTER && head * 2 > queue.length) {
      this.queues[level] = queue.slice(head);
      head = 0;
    }
    this.heads[level] = head;
    return (this.queues[level] as number[])[head];
  }

  /** Takes lots off a level; an emptied level forgets its queue, and the best price moves on if it was the best. */
  remove(level: number, lots: number): void {
    this.lots[level] -= lots;
    if (this.lots[level] > 0) return;
    this.queues[level] = undefined;
    this.heads[level] = 0;
    if (level === this.best) this.best = this.nextBest(level);
  }

  summary(): { lots: number; levels: number } {
    let lots = 0;
    let levels = 0;
    for (const levelLots of this.lots) {
      lots += levelLots;
      if (levelLots > 0) levels += 1;
    }
    return { lots, levels };
  }

  private nextBest(from: number): number {
    const step = this.isBid ? -1 : 1;
    for (let level = from + step; level >= 0 && level < this.lots.length; level += step) {
      if (this.lots[level] > 0) return level;
    }
    return NONE;
  }
}

/**
 * The generator's own price-time book, independent of both engines under test: it tells the
 * generator which orders still rest (so amends and cancels target live orders) and what the book
 * should hold at the end. Orders are dense integer handles; prices are whole ticks in
 * [minPriceTicks, minPriceTicks + span). No self-trade handling: the stream never lets an account
 * meet itself.
 */
export class ModelBook {
  private readonly sides: readonly [ModelSide, ModelSide];
  private readonly sideOf: Uint8Array;
  private readonly levelOf: Int32Array;
  private readonly openLots: Float64Array;
  /** The queue ticket of a resting order, NONE when it does not rest. A move issues a new ticket. */
  private readonly ticketOf: Int32Array;
  private readonly ticketOwner: Int32Array;
  private nextTicket = 0;
  /** Resting handles, unordered, with each handle's index in it: O(1) random pick and removal. */
  private readonly resting: Int32Array;
  private readonly restingIndex: Int32Array;
  private restingSize = 0;
  private readonly isLive = (ticket: number): boolean => this.ticketOf[this.ticketOwner[ticket]] === ticket;

  constructor(
    private readonly minPriceTicks: number,
    span: number,
    orderCapacity: number,
    ticketCapacity: number,
  ) {
    this.sides = [new ModelSide(true, span), new ModelSide(false, span)];
    this.sideOf = new Uint8Array(orderCapacity);
    this.levelOf = new Int32Array(orderCapacity);
    this.openLots = new Float64Array(orderCapacity);
    this.ticketOf = new Int32Array(orderCapacity).fill(NONE);
    this.ticketOwner = new Int32Array(ticketCapacity);
    this.resting = new Int32Array(orderCapacity);
    this.restingIndex = new Int32Array(orderCapacity).fill(NONE);
  }

  get restingCount(): number {
    return this.restingSize;
  }

  /** The resting order at `fraction` (in [0, 1)) of the unordered resting set. */
  restingAt(fraction: number): number {
    return this.resting[Math.floor(fraction * this.restingSize)];
  }

  priceOf(handle: number): number {
    return this.levelOf[handle] + this.minPriceTicks;
  }

  sideOfOrder(handle: number): SideIndex {
    return this.sideOf[handle] as SideIndex;
  }

  /** A new order trades against the other side up to its limit; what is left rests unless `rests` is false (IOC). */
  place(handle: number, side: SideIndex, priceTicks: number, lots: number, rests: boolean): void {
    this.sideOf[handle] = side;
    this.openLots[handle] = lots;
    this.enter(handle, priceTicks, rests);
  }

  cancel(handle: number): void {
    this.leave(handle);
  }

  /** A price change: the order leaves its level and enters again at the new price, trading if it crosses. */
  move(handle: number, priceTicks: number): void {
    this.leave(handle);
    this.enter(handle, priceTicks, true);
  }

  summary(): BookSummary {
    const [bids, asks] = this.sides;
    const bidTotals = bids.summary();
    const askTotals = asks.summary();
    const price = (level: number): number | null => (level === NONE ? null : level + this.minPriceTicks);
    return {
      bestBid: price(bids.best),
      bestAsk: price(asks.best),
      bidLots: bidTotals.lots,
      askLots: askTotals.lots,
      bidLevels: bidTotals.levels,
      askLevels: askTotals.levels,
    };
  }

  private enter(handle: number, priceTicks: number, rests: boolean): void {
    const level = priceTicks - this.minPriceTicks;
    this.levelOf[handle] = level;
    const side = this.sideOf[handle] as SideIndex;
    const makers = this.sides[1 - side];
    while (this.openLots[handle] > 0 && makers.best !== NONE && !makers.isBetter(level, makers.best)) {
      const makerLevel = makers.best;
      const maker = this.ticketOwner[makers.front(makerLevel, this.isLive)];
      const lots = Math.min(this.openLots[handle], this.openLots[maker]);
      this.openLots[handle] -= lots;
      this.openLots[maker] -= lots;
      if (this.openLots[maker] === 0) this.forget(maker);
      makers.remove(makerLevel, lots);
    }
    if (this.openLots[handle] === 0 || !rests) return;
    const ticket = this.nextTicket++;
    this.ticketOwner[ticket] = handle;
    this.ticketOf[handle] = ticket;
    this.sides[side].append(level, ticket, this.openLots[handle]);
    this.restingIndex[handle] = this.restingSize;
    this.resting[this.restingSize++] = handle;
  }

  private leave(handle: number): void {
    this.sides[this.sideOf[handle]].remove(this.levelOf[handle], this.openLots[handle]);
    this.forget(handle);
  }

  /** Drops a resting order from the resting set; its ticket goes dead in its level's queue. */
  private forget(handle: number): void {
    this.ticketOf[handle] = NONE;
    const index = this.restingIndex[handle];
    const last = this.resting[--this.restingSize];
    this.resting[index] = last;
    this.restingIndex[last] = index;
    this.restingIndex[handle] = NONE;
  }
}
