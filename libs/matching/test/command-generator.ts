import type { BookCommand, PlaceOrder } from '@exchange/contracts';
import type { MarketStatus, PostOnlyMode, SelfTradePrevention, Side, TimeInForce } from '@exchange/domain';
import {
  amend,
  cancel,
  cancelAll,
  cancelByClientId,
  clock,
  conditional,
  limit,
  mark,
  market,
  setPosition,
  status,
} from './fixtures';
import { Random } from './random';

export const GENERATOR_ACCOUNTS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const SIDES: readonly Side[] = ['buy', 'sell'];
const POST_ONLY: readonly PostOnlyMode[] = ['reject', 'reprice'];
const SELF_TRADE: readonly SelfTradePrevention[] = ['cancel_maker', 'cancel_taker', 'cancel_both'];
const START_MID = 1000;

interface Issued {
  readonly orderId: string;
  readonly accountId: string;
}

/**
 * A seeded, reproducible stream of every command the book takes: limit (GTC, IOC, FOK, GTD), market
 * and conditional orders (stop and take-profit, market and limit, on mark and last price) with
 * post-only, reduce-only, self-trade modes and client order ids; cancels by id and client id,
 * amends, cancel-all; marks that random-walk (with jumps that cross many triggers), clock ticks,
 * status changes and positions. A few commands of each kind are invalid, to exercise rejections.
 */
export class CommandGenerator {
  private readonly random: Random;
  private mid = START_MID;
  private clockUs = 0;
  private status: MarketStatus = 'active';
  private nextId = 0;
  private readonly issued: Issued[] = [];
  private readonly issuedIds = new Set<string>();

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Starting positions for the generator's accounts (signed lots). */
  static startPositions(): Record<string, number> {
    return { alice: 10, bob: -10, carol: 0, dave: 25, erin: -3 };
  }

  take(count: number): BookCommand[] {
    return Array.from({ length: count }, () => this.command());
  }

  command(): BookCommand {
    // Closed spells are short: a closed market rejects nearly everything, which exercises little.
    if (this.status !== 'active' && this.random.chance(20)) return this.statusChange();
    const roll = this.random.below(1000);
    if (roll < 560) return this.place();
    if (roll < 680) return this.cancel();
    if (roll < 770) return this.amend();
    if (roll < 860) return this.mark();
    if (roll < 910) return clock((this.clockUs += 1 + this.random.below(3000)));
    if (roll < 940) return setPosition(this.account(), this.random.below(41) - 20);
    if (roll < 950) return cancelAll(this.account(), this.random.chance(50) ? null : 'BTC-PERP');
    if (roll < 965) return this.statusChange();
    return this.place();
  }

  private place(): PlaceOrder {
    const random = this.random;
    const accountId = this.account();
    const side = random.pick(SIDES);
    const orderId = random.chance(2) && this.issued.length > 0 ? random.pick(this.issued).orderId : `o${this.nextId++}`;
    const sizeLots = random.chance(1) ? 0 : 1 + random.below(12);
    const priceTicks = random.chance(3) ? this.mid + (random.chance(50) ? 80 : -80) : this.mid - 8 + random.below(17);
    const roll = random.below(100);
    let order: PlaceOrder;
    if (roll < 42) order = limit(orderId, accountId, side, priceTicks, sizeLots);
    else if (roll < 49) order = limit(orderId, accountId, side, priceTicks, sizeLots, 'IOC');
    else if (roll < 60) order = this.sweepingFillOrKill(orderId, accountId, side);
    else if (roll < 68) order = this.goodTillDate(limit(orderId, accountId, side, priceTicks, sizeLots));
    else if (roll < 78) {
      order = market(orderId, accountId, side, sizeLots);
      if (random.chance(20)) order = { ...order, timeInForce: 'FOK' };
    } else order = this.conditional(orderId, accountId, side, sizeLots, priceTicks);
    return this.withOptions(order);
  }

  /** A fill-or-kill priced through several levels, sized around what they hold: it fills or dies narrowly. */
  private sweepingFillOrKill(orderId: string, accountId: string, side: Side): PlaceOrder {
    const through = 4 + this.random.below(12);
    const priceTicks = side === 'buy' ? this.mid + through : this.mid - through;
    return limit(orderId, accountId, side, priceTicks, 1 + this.random.below(40), 'FOK');
  }

  private conditional(
    orderId: string,
    accountId: string,
    side: Side,
    sizeLots: number,
    priceTicks: number,
  ): PlaceOrder {
    const random = this.random;
    const kind = random.chance(60) ? 'stop' : 'take_profit';
    // Place the trigger where the price has yet to go (mostly), so it waits.
    const risesToIt = (kind === 'stop') === (side === 'buy');
    const away = (1 + random.below(15)) * (risesToIt !== random.chance(10) ? 1 : -1);
    const trigger = { at: this.mid + away, by: random.chance(50) ? ('mark' as const) : ('last' as const) };
    const order = conditional(
      kind,
      orderId,
      accountId,
      side,
      sizeLots,
      random.chance(50) ? trigger : { ...trigger, priceTicks },
    );
    const timeInForce = random.pick<TimeInForce>(['GTC', 'GTC', 'IOC', 'GTD']);
    if (order.type === 'market' || timeInForce === 'IOC') return order;
    return timeInForce === 'GTD' ? this.goodTillDate(order) : order;
  }

  private goodTillDate(order: PlaceOrder): PlaceOrder {
    const expiresAtUs = this.random.chance(3) ? this.clockUs : this.clockUs + 1 + this.random.below(8000);
    return { ...order, timeInForce: 'GTD', expiresAtUs };
  }

  private withOptions(order: PlaceOrder): PlaceOrder {
    const random = this.random;
    let result = order;
    const restable =
      order.type === 'limit' &&
      order.trigger === undefined &&
      (order.timeInForce === 'GTC' || order.timeInForce === 'GTD');
    if (restable && random.chance(12)) result = { ...result, postOnly: random.pick(POST_ONLY) };
    if (random.chance(25)) result = { ...result, reduceOnly: true };
    if (random.chance(25)) result = { ...result, selfTradePrevention: random.pick(SELF_TRADE) };
    if (random.chance(25)) result = { ...result, clientOrderId: `c${random.below(6)}` };
    if (!this.issuedIds.has(result.orderId)) {
      this.issuedIds.add(result.orderId);
      this.issued.push({ orderId: result.orderId, accountId: result.accountId });
    }
    return result;
  }

  private cancel(): BookCommand {
    const random = this.random;
    if (random.chance(20)) return cancelByClientId(this.account(), `c${random.below(6)}`);
    const target = this.recent();
    if (!target) return cancel('none', this.account());
    return cancel(target.orderId, random.chance(10) ? this.account() : target.accountId);
  }

  private amend(): BookCommand {
    const random = this.random;
    const target = this.recent();
    if (!target) return amend('none', this.account(), { sizeLots: 1 });
    const changes: Parameters<typeof amend>[2] = {};
    const what = random.below(10);
    if (what < 5) Object.assign(changes, { priceTicks: this.mid - 8 + random.below(17) });
    if (what >= 3 && what < 9) Object.assign(changes, { sizeLots: 1 + random.below(15) });
    if (random.chance(5)) Object.assign(changes, { side: random.pick(SIDES) });
    if (random.chance(3)) Object.assign(changes, { reduceOnly: true });
    return amend(target.orderId, target.accountId, changes);
  }

  private mark(): BookCommand {
    const step = this.random.chance(10) ? this.random.below(41) - 20 : this.random.below(7) - 3;
    this.mid = Math.min(1100, Math.max(900, this.mid + step));
    return mark(this.mid);
  }

  private statusChange(): BookCommand {
    const others: readonly MarketStatus[] = ['post_only', 'cancel_only', 'halted', 'settled'];
    this.status = this.status !== 'active' && this.random.chance(90) ? 'active' : this.random.pick(others);
    return status(this.status);
  }

  private account(): string {
    return this.random.pick(GENERATOR_ACCOUNTS);
  }

  /** One of the last 60 orders issued. */
  private recent(): Issued | undefined {
    if (this.issued.length === 0) return undefined;
    return this.issued[this.issued.length - 1 - this.random.below(Math.min(this.issued.length, 60))];
  }
}
