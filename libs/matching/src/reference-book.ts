import type {
  AmendOrder,
  BookCommand,
  CancelOrder,
  MarketCommand,
  CancelAllOrders,
  MatchingEvent,
  PlaceOrder,
} from '@exchange/contracts';
import { opposite, type DoneReason, type MarketSpec, type Side } from '@exchange/domain';
import { planAmend } from './amend';
import type { OpenOrder } from './book-order';
import { BookStateError } from './book-state-error';
import { noOpenOrder } from './cancel-rules';
import {
  acceptedEvent,
  amendedEvent,
  doneEvent,
  fillEvent,
  rejectedEvent,
  restedEvent,
  statusEvent,
  triggeredEvent,
  type Rejection,
} from './events';
import { checkMarketCommand, commandParties, unknownCommand } from './market-commands';
import { checkOptions, type BookDepth, type BookOptions, type MatchingBook } from './matching-book';
import { postOnlyPrice, validatePlace, type BookFacts } from './place-validation';
import { DEFAULT_PRICE_BAND_BPS, PriceBand } from './price-band';
import { reducibleLots } from './reduce-only';
import { bySeq, changedLevels, inBookOrder, levelSizes, nextToFire, type ReferenceOrder } from './reference-rules';
import { DEFAULT_SELF_TRADE_PREVENTION, cancelsMaker, cancelsTaker } from './self-trade';
import { SNAPSHOT_VERSION, checkSnapshotHeader, orderSnapshot, snapshotHash, type BookSnapshot } from './snapshot';

/** Everything a fill-or-kill trial may change, to put back when it fails. */
interface Saved {
  readonly resting: ReferenceOrder[];
  readonly positions: Map<string, number>;
  readonly lastPriceTicks: number | null;
  readonly seq: number;
  readonly eventCount: number;
}

const copy = (order: ReferenceOrder): ReferenceOrder => ({ ...order });

/**
 * The obviously correct book the fast one is checked against: plain arrays scanned linearly, a
 * fill-or-kill tried for real and rolled back when it does not fill, book events from a diff of
 * every level before and after the command. It shares only the rules that are the specification
 * (validation, price band arithmetic, event shapes), never the mechanics.
 */
export class ReferenceBook implements MatchingBook, BookFacts {
  /** Resting orders in time priority: a better place in its level is an earlier index. */
  private resting: ReferenceOrder[] = [];
  /** Waiting conditional orders, by acceptance. */
  private readonly waiting: ReferenceOrder[] = [];
  private positions = new Map<string, number>();
  private readonly seen = new Set<string>();
  private seq: number;
  private events: MatchingEvent[] = [];
  readonly band: PriceBand;
  lastPriceTicks: number | null = null;
  clockUs = 0;

  constructor(
    public market: MarketSpec,
    options: BookOptions = {},
  ) {
    checkOptions(options);
    this.seq = options.startSeq ?? 0;
    this.band = new PriceBand(options.priceBandBps ?? DEFAULT_PRICE_BAND_BPS);
    for (const [accountId, lots] of Object.entries(options.positions ?? {})) this.positions.set(accountId, lots);
  }

  static restore(market: MarketSpec, snapshot: BookSnapshot): ReferenceBook {
    checkSnapshotHeader(market.symbol, snapshot);
    const book = new ReferenceBook(
      { ...market, status: snapshot.status },
      {
        startSeq: snapshot.seq,
        priceBandBps: snapshot.priceBandBps,
        positions: Object.fromEntries(snapshot.positions),
      },
    );
    if (snapshot.markPriceTicks !== null) book.band.setMark(snapshot.markPriceTicks);
    book.lastPriceTicks = snapshot.lastPriceTicks;
    book.clockUs = snapshot.clockUs;
    book.resting = snapshot.resting.map((order) => ({ ...order }));
    book.waiting.push(...snapshot.waiting.map((order) => ({ ...order })));
    for (const orderId of snapshot.seenOrderIds) book.seen.add(orderId);
    book.validateInternalState();
    return book;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get openOrderCount(): number {
    return this.resting.length;
  }

  get waitingOrderCount(): number {
    return this.waiting.length;
  }

  apply(command: BookCommand, timestampUs: number): MatchingEvent[] {
    const before = levelSizes(this.resting);
    this.events = [];
    switch (command.kind) {
      case 'place':
        this.place(command, timestampUs);
        break;
      case 'cancel':
        this.cancel(command);
        break;
      case 'amend':
        this.amend(command);
        break;
      case 'cancel_all':
      case 'mark':
      case 'clock':
      case 'status':
      case 'set_position':
      case 'list':
        this.marketLevel(command);
        break;
      default: {
        const { orderId, accountId } = commandParties(command);
        this.reject(orderId, accountId, unknownCommand(command));
      }
    }
    this.fireTriggers();
    this.pushBookEvent(before);
    return this.events;
  }

  // --- queries, each a scan ---

  bestPrice(side: Side): number | null {
    const prices = this.resting.filter((order) => order.side === side).map((order) => order.priceTicks!);
    if (prices.length === 0) return null;
    return side === 'buy' ? Math.max(...prices) : Math.min(...prices);
  }

  bestBid(): number | null {
    return this.bestPrice('buy');
  }

  bestAsk(): number | null {
    return this.bestPrice('sell');
  }

  restingLotsAt(side: Side, priceTicks: number): number {
    return this.resting
      .filter((order) => order.side === side && order.priceTicks === priceTicks)
      .reduce((sum, order) => sum + order.remainingLots, 0);
  }

  depth(levels: number): BookDepth {
    const sideDepth = (side: Side) => {
      const prices = [...new Set(this.resting.filter((o) => o.side === side).map((o) => o.priceTicks!))];
      prices.sort((a, b) => (side === 'buy' ? b - a : a - b));
      return prices
        .slice(0, levels)
        .map((priceTicks) => ({ priceTicks, sizeLots: this.restingLotsAt(side, priceTicks) }));
    };
    return { bids: sideDepth('buy'), asks: sideDepth('sell') };
  }

  openOrder(orderId: string): OpenOrder | undefined {
    const order = this.resting.find((o) => o.orderId === orderId);
    if (!order) return undefined;
    const { accountId, side, priceTicks, sizeLots, remainingLots, acceptedAtUs } = order;
    return { orderId, accountId, side, priceTicks: priceTicks!, sizeLots, remainingLots, acceptedAtUs };
  }

  hasSeenOrder(orderId: string): boolean {
    return this.seen.has(orderId);
  }

  hasOpenClientOrderId(accountId: string, clientOrderId: string): boolean {
    return this.openOrders().some((o) => o.accountId === accountId && o.clientOrderId === clientOrderId);
  }

  positionOf(accountId: string): number {
    return this.positions.get(accountId) ?? 0;
  }

  snapshot(): BookSnapshot {
    const positions = [...this.positions].filter(([, lots]) => lots !== 0);
    return {
      version: SNAPSHOT_VERSION,
      market: this.market.symbol,
      seq: this.seq,
      status: this.market.status,
      priceBandBps: this.band.bps,
      markPriceTicks: this.band.markTicks,
      lastPriceTicks: this.lastPriceTicks,
      clockUs: this.clockUs,
      resting: inBookOrder(this.resting).map(orderSnapshot),
      waiting: [...this.waiting].sort(bySeq).map(orderSnapshot),
      positions: positions.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      seenOrderIds: [...this.seen].sort(),
    };
  }

  stateHash(): string {
    return snapshotHash(this.snapshot());
  }

  validateInternalState(): void {
    const fail = (message: string) => {
      throw new BookStateError(`reference: ${message}`);
    };
    const open = this.openOrders();
    if (new Set(open.map((o) => o.orderId)).size !== open.length) fail('an order id is open twice');
    for (const order of open) {
      if (!this.seen.has(order.orderId)) fail(`order ${order.orderId} never accepted`);
      if (order.remainingLots <= 0 || order.remainingLots > order.sizeLots) fail(`order ${order.orderId} size`);
      if (order.expiresAtUs !== null && order.expiresAtUs <= this.clockUs) fail(`order ${order.orderId} overdue`);
    }
    for (const order of this.resting) {
      if (order.priceTicks === null) fail(`resting order ${order.orderId} without a price`);
      if (order.reduceOnly && order.remainingLots > reducibleLots(order.side, this.positionOf(order.accountId))) {
        fail(`reduce-only order ${order.orderId} exceeds the position`);
      }
    }
    for (const order of this.waiting)
      if (order.trigger === null) fail(`waiting order ${order.orderId} without trigger`);
    if (this.market.status === 'active' && nextToFire(this.waiting, this.band.markTicks, this.lastPriceTicks)) {
      fail('a reached trigger waits');
    }
    const bid = this.bestBid();
    const ask = this.bestAsk();
    if (bid !== null && ask !== null && bid >= ask) fail(`crossed book: bid ${bid} ask ${ask}`);
  }

  // --- commands ---

  private place(command: PlaceOrder, timestampUs: number): void {
    const rejection = validatePlace(command, this.market, this);
    if (rejection) return this.reject(command.orderId, command.accountId, rejection);
    this.seen.add(command.orderId);
    const conditional = command.trigger !== undefined;
    const sizeLots =
      command.reduceOnly && !conditional
        ? Math.min(command.sizeLots, reducibleLots(command.side, this.positionOf(command.accountId)))
        : command.sizeLots;
    const seq = this.nextSeq();
    this.events.push(acceptedEvent(seq, command, sizeLots));
    const order: ReferenceOrder = orderSnapshot({
      ...command,
      sizeLots,
      remainingLots: sizeLots,
      acceptedAtUs: timestampUs,
      acceptedSeq: seq,
      trigger: command.trigger ?? null,
      expiresAtUs: command.expiresAtUs ?? null,
      postOnly: command.postOnly ?? null,
      reduceOnly: command.reduceOnly ?? false,
      selfTradePrevention: command.selfTradePrevention ?? DEFAULT_SELF_TRADE_PREVENTION,
    });
    if (conditional) {
      this.waiting.push(order);
      return;
    }
    if (order.postOnly !== null) order.priceTicks = postOnlyPrice(this, order.side, order.priceTicks!, order.postOnly);
    this.execute(order);
  }

  private cancel(command: CancelOrder): void {
    const order = this.openOrders().find((o) =>
      command.clientOrderId === undefined
        ? o.orderId === command.orderId
        : o.accountId === command.accountId && o.clientOrderId === command.clientOrderId,
    );
    if (!order || order.accountId !== command.accountId) {
      return this.reject(command.orderId, command.accountId, noOpenOrder(command));
    }
    this.remove(order);
    this.done(order, 'cancelled', order.remainingLots);
  }

  private amend(command: AmendOrder): void {
    const waiting = this.waiting.find((o) => o.orderId === command.orderId);
    const order = this.resting.find((o) => o.orderId === command.orderId) ?? waiting;
    const check = planAmend(command, order, waiting !== undefined, this);
    if ('rejection' in check) return this.reject(command.orderId, command.accountId, check.rejection);
    const target = order as ReferenceOrder;
    const { plan } = check;
    if (!plan.priorityKept) this.remove(target);
    target.priceTicks = plan.priceTicks;
    target.sizeLots = plan.sizeLots;
    target.remainingLots = plan.remainingLots;
    this.events.push(amendedEvent(this.nextSeq(), target, 'amend', plan, plan.priorityKept));
    if (!plan.priorityKept) this.execute(target);
  }

  private marketLevel(command: MarketCommand | CancelAllOrders): void {
    const rejection = checkMarketCommand(command, this.market);
    if (rejection) {
      const accountId = command.kind === 'set_position' || command.kind === 'cancel_all' ? command.accountId : '';
      return this.reject('', accountId, rejection);
    }
    switch (command.kind) {
      case 'cancel_all':
        for (const order of this.openOrders()
          .filter((o) => o.accountId === command.accountId)
          .sort(bySeq)) {
          this.remove(order);
          this.done(order, 'cancelled', order.remainingLots);
        }
        return;
      case 'mark':
        this.band.setMark(command.priceTicks);
        return;
      case 'clock': {
        this.clockUs = Math.max(this.clockUs, command.timestampUs);
        const due = this.openOrders().filter((o) => o.expiresAtUs !== null && o.expiresAtUs <= this.clockUs);
        due.sort((a, b) => a.expiresAtUs! - b.expiresAtUs! || a.acceptedSeq - b.acceptedSeq);
        for (const order of due) {
          this.remove(order);
          this.done(order, 'expired', order.remainingLots);
        }
        return;
      }
      case 'status':
        this.market = { ...this.market, status: command.status };
        this.events.push(statusEvent(this.nextSeq(), command.status));
        return;
      case 'set_position':
        this.positions.set(command.accountId, command.positionLots);
        this.enforceReduceOnly(command.accountId);
        return;
    }
  }

  // --- matching ---

  /** The order trades now as a taker, then rests or is done; a fill-or-kill is tried and rolled back. */
  private execute(order: ReferenceOrder): void {
    const limitTicks = order.priceTicks ?? this.band.marketLimit(order.side);
    if (order.timeInForce === 'FOK') {
      const saved = this.save();
      const sizeBefore = order.remainingLots;
      const stopped = this.sweep(order, limitTicks);
      if (stopped || order.remainingLots > 0) {
        this.rollBack(saved);
        order.remainingLots = sizeBefore;
        return this.done(order, 'unfilled_fok', sizeBefore);
      }
      return this.done(order, 'filled', 0);
    }
    const stopped = this.sweep(order, limitTicks);
    if (stopped) return this.done(order, 'self_trade_prevented', order.remainingLots);
    if (order.remainingLots === 0) return this.done(order, 'filled', 0);
    const rests = order.type === 'limit' && (order.timeInForce === 'GTC' || order.timeInForce === 'GTD');
    if (rests) {
      this.resting.push(order);
      this.events.push(restedEvent(this.nextSeq(), order, order.side, order.priceTicks!, order.remainingLots));
      return;
    }
    const nothingFilled = order.type === 'market' && order.remainingLots === order.sizeLots;
    this.done(order, nothingFilled ? 'no_liquidity' : 'unfilled_ioc', order.remainingLots);
  }

  /** Trades against the best resting order, earliest first at a price, until filled or the limit; true when self-trade prevention stopped it. */
  private sweep(taker: ReferenceOrder, limitTicks: number | null): boolean {
    while (taker.remainingLots > 0) {
      const maker = this.bestMaker(opposite(taker.side));
      if (!maker) return false;
      const makerPrice = maker.priceTicks!;
      if (limitTicks !== null && (taker.side === 'buy' ? makerPrice > limitTicks : makerPrice < limitTicks))
        return false;
      if (maker.accountId === taker.accountId) {
        if (cancelsMaker(taker.selfTradePrevention)) {
          this.remove(maker);
          this.done(maker, 'self_trade_prevented', maker.remainingLots);
        }
        if (cancelsTaker(taker.selfTradePrevention)) return true;
        continue;
      }
      const lots = Math.min(taker.remainingLots, maker.remainingLots);
      maker.remainingLots -= lots;
      taker.remainingLots -= lots;
      this.events.push(fillEvent(this.nextSeq(), this.market.symbol, makerPrice, lots, taker.side, maker, taker));
      this.lastPriceTicks = makerPrice;
      this.move(maker.accountId, maker.side, lots);
      this.move(taker.accountId, taker.side, lots);
      if (maker.remainingLots === 0) {
        this.remove(maker);
        this.done(maker, 'filled', 0);
      }
      this.enforceReduceOnly(maker.accountId);
      this.enforceReduceOnly(taker.accountId);
    }
    return false;
  }

  private bestMaker(side: Side): ReferenceOrder | undefined {
    const best = this.bestPrice(side);
    return this.resting.find((order) => order.side === side && order.priceTicks === best);
  }

  private move(accountId: string, side: Side, lots: number): void {
    this.positions.set(accountId, this.positionOf(accountId) + (side === 'buy' ? lots : -lots));
  }

  /** No resting reduce-only order may trade more than its account's position can close. */
  private enforceReduceOnly(accountId: string): void {
    const position = this.positionOf(accountId);
    const orders = this.resting.filter((o) => o.accountId === accountId && o.reduceOnly).sort(bySeq);
    for (const order of orders) {
      const allowed = reducibleLots(order.side, position);
      if (order.remainingLots <= allowed) continue;
      if (allowed === 0) {
        this.remove(order);
        this.done(order, 'reduce_only', order.remainingLots);
        continue;
      }
      order.sizeLots -= order.remainingLots - allowed;
      order.remainingLots = allowed;
      const terms = { priceTicks: order.priceTicks!, sizeLots: order.sizeLots, remainingLots: order.remainingLots };
      this.events.push(amendedEvent(this.nextSeq(), order, 'reduce_only', terms, true));
    }
  }

  // --- conditional orders ---

  private fireTriggers(): void {
    while (this.market.status === 'active') {
      const next = nextToFire(this.waiting, this.band.markTicks, this.lastPriceTicks);
      if (!next) return;
      this.fire(next);
    }
  }

  private fire(order: ReferenceOrder): void {
    const trigger = order.trigger!;
    const referenceTicks = (trigger.reference === 'mark' ? this.band.markTicks : this.lastPriceTicks)!;
    this.waiting.splice(this.waiting.indexOf(order), 1);
    const allowed = order.reduceOnly
      ? reducibleLots(order.side, this.positionOf(order.accountId))
      : order.remainingLots;
    if (allowed > 0 && allowed < order.remainingLots) {
      order.sizeLots -= order.remainingLots - allowed;
      order.remainingLots = allowed;
    }
    this.events.push(triggeredEvent(this.nextSeq(), order, trigger, referenceTicks, order.remainingLots));
    if (allowed === 0) return this.done(order, 'reduce_only', order.remainingLots);
    const price = order.priceTicks;
    if (price !== null) {
      const rests = order.type === 'limit' && (order.timeInForce === 'GTC' || order.timeInForce === 'GTD');
      const full = rests && this.restingLotsAt(order.side, price) + order.remainingLots > Number.MAX_SAFE_INTEGER;
      if (!this.band.contains(price) || full) return this.done(order, 'trigger_rejected', order.remainingLots);
    }
    this.execute(order);
  }

  // --- plumbing ---

  private openOrders(): ReferenceOrder[] {
    return [...this.resting, ...this.waiting];
  }

  private remove(order: ReferenceOrder): void {
    const list = this.resting.includes(order) ? this.resting : this.waiting;
    list.splice(list.indexOf(order), 1);
  }

  private save(): Saved {
    return {
      resting: this.resting.map(copy),
      positions: new Map(this.positions),
      lastPriceTicks: this.lastPriceTicks,
      seq: this.seq,
      eventCount: this.events.length,
    };
  }

  private rollBack(saved: Saved): void {
    this.resting = saved.resting;
    this.positions = saved.positions;
    this.lastPriceTicks = saved.lastPriceTicks;
    this.seq = saved.seq;
    this.events.length = saved.eventCount;
  }

  /** One book event listing every level whose size differs from before the command. */
  private pushBookEvent(before: Map<string, number>): void {
    const changes = changedLevels(before, levelSizes(this.resting));
    if (changes.length > 0) this.events.push({ type: 'book', seq: this.nextSeq(), changes });
  }

  private done(order: ReferenceOrder, reason: DoneReason, remainingLots: number): void {
    this.events.push(doneEvent(this.nextSeq(), order, reason, remainingLots));
  }

  private reject(orderId: string, accountId: string, rejection: Rejection): void {
    this.events.push(rejectedEvent(this.nextSeq(), orderId, accountId, rejection));
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}
