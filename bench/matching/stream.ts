import type { AmendOrder, CancelOrder, PlaceOrder } from '@exchange/contracts';
import type { MarketSpec, Side } from '@exchange/domain';
import { BUY, ModelBook, SELL, type BookSummary, type SideIndex } from './model-book';
import { mulberry32 } from './prng';

export type StreamCommand = PlaceOrder | CancelOrder | AmendOrder;

export const MARKET: MarketSpec = {
  symbol: 'BTC-PERP',
  kind: 'perpetual',
  underlying: 'BTC',
  quoteAsset: 'USDC',
  tickSize: '0.5',
  lotSize: '0.001',
  minSizeLots: 1,
  status: 'active',
};

/** The size and seed of one stream. */
export interface StreamShape {
  readonly seed: number;
  /** Orders resting after the build phase; the mix keeps the book near this size afterwards. */
  readonly restingOrders: number;
  /** How many price levels below the mid (bids) and above it (asks) orders spread over. */
  readonly levelsPerSide: number;
  readonly warmupCommands: number;
  readonly measuredCommands: number;
}

export type CommandKind = 'move' | 'gtc' | 'ioc' | 'cancel';

/** exchange-core's benchmark mix: mostly moves of resting orders, few new orders. */
const MIX: readonly (readonly [CommandKind, number])[] = [
  ['move', 0.82],
  ['gtc', 0.09],
  ['ioc', 0.03],
  ['cancel', 0.06],
];

/** Half the accounts only buy, half only sell: no account can trade with itself in either engine. */
const ACCOUNTS = 400;
const MID_TICKS = 100_000; // 50,000 USDC at a 0.5 tick
/** The mid wanders by one tick on this share of commands, at most MAX_DRIFT ticks from where it started. */
const DRIFT_CHANCE = 0.05;
const MAX_DRIFT = 1;
/** An IOC crosses the mid by 1 to IOC_REACH ticks. */
const IOC_REACH = 4;
/** Depth below the touch is levelsPerSide x u^DEPTH_SHAPE (u uniform): most orders sit near the top. */
const DEPTH_SHAPE = 2;
/** The mix turns a GTC into a cancel (or back) when the book strays this far from its target size. */
const SIZE_TOLERANCE = 0.05;
const T0_US = 1_700_000_000_000_000;

export interface CommandStream {
  readonly shape: StreamShape;
  /** GTC orders that fill the book to `restingOrders` without trading. */
  readonly build: readonly StreamCommand[];
  readonly warmup: readonly StreamCommand[];
  readonly measured: readonly StreamCommand[];
  /** Count of each kind in the measured phase. */
  readonly measuredMix: Readonly<Record<CommandKind, number>>;
  /** The book after all three phases, by the generator's own model. */
  readonly expected: BookSummary;
}

/** Builds the whole stream up front so that generating it is never timed. */
export function generateStream(shape: StreamShape): CommandStream {
  const generator = new StreamGenerator(shape);
  const build = generator.buildPhase();
  const warmup = generator.mixedPhase(shape.warmupCommands).commands;
  const measured = generator.mixedPhase(shape.measuredCommands);
  return {
    shape,
    build,
    warmup,
    measured: measured.commands,
    measuredMix: measured.mix,
    expected: generator.model.summary(),
  };
}

class StreamGenerator {
  readonly model: ModelBook;
  private readonly random: () => number;
  private readonly accountIds = Array.from({ length: ACCOUNTS }, (_, index) => `acct${index}`);
  private readonly orderIds: string[] = [];
  private readonly accountOf: Uint16Array;
  private mid = MID_TICKS;
  private time = T0_US;

  constructor(private readonly shape: StreamShape) {
    this.random = mulberry32(shape.seed);
    const commands = shape.restingOrders + shape.warmupCommands + shape.measuredCommands;
    const reach = shape.levelsPerSide + MAX_DRIFT + IOC_REACH + 2;
    this.model = new ModelBook(MID_TICKS - reach, 2 * reach + 1, commands, commands);
    this.accountOf = new Uint16Array(commands);
  }

  buildPhase(): StreamCommand[] {
    return Array.from({ length: this.shape.restingOrders }, () => this.placeGtc());
  }

  mixedPhase(count: number): { commands: StreamCommand[]; mix: Record<CommandKind, number> } {
    const mix: Record<CommandKind, number> = { move: 0, gtc: 0, ioc: 0, cancel: 0 };
    const commands = new Array<StreamCommand>(count);
    for (let index = 0; index < count; index++) {
      this.drift();
      const kind = this.nextKind();
      mix[kind] += 1;
      commands[index] = this.command(kind);
    }
    return { commands, mix };
  }

  private command(kind: CommandKind): StreamCommand {
    switch (kind) {
      case 'move':
        return this.move();
      case 'gtc':
        return this.placeGtc();
      case 'ioc':
        return this.placeIoc();
      case 'cancel':
        return this.cancel();
    }
  }

  private nextKind(): CommandKind {
    let draw = this.random();
    let kind: CommandKind = 'move';
    for (const [candidate, share] of MIX) {
      kind = candidate;
      if (draw < share) break;
      draw -= share;
    }
    const resting = this.model.restingCount;
    const target = this.shape.restingOrders;
    if (kind === 'cancel' && resting < target * (1 - SIZE_TOLERANCE)) return 'gtc';
    if (kind === 'gtc' && resting > target * (1 + SIZE_TOLERANCE)) return 'cancel';
    if (resting === 0 && kind !== 'gtc') return 'gtc';
    return kind;
  }

  private drift(): void {
    if (this.random() >= DRIFT_CHANCE) return;
    const step = this.random() < 0.5 ? -1 : 1;
    if (Math.abs(this.mid + step - MID_TICKS) <= MAX_DRIFT) this.mid += step;
  }

  /** A resting price for `side`: a few levels from the mid, rarely deep. */
  private restingPrice(side: SideIndex): number {
    const depth = Math.floor(this.shape.levelsPerSide * this.random() ** DEPTH_SHAPE);
    return side === BUY ? this.mid - 1 - depth : this.mid + 1 + depth;
  }

  private lots(mean: number): number {
    return 1 + Math.floor(-Math.log(1 - this.random()) * mean);
  }

  private placeGtc(): PlaceOrder {
    const side: SideIndex = this.random() < 0.5 ? BUY : SELL;
    return this.place(side, this.restingPrice(side), this.lots(4), 'GTC');
  }

  private placeIoc(): PlaceOrder {
    const side: SideIndex = this.random() < 0.5 ? BUY : SELL;
    const reach = 1 + Math.floor(this.random() * IOC_REACH);
    return this.place(side, side === BUY ? this.mid + reach : this.mid - reach, this.lots(3), 'IOC');
  }

  private place(side: SideIndex, priceTicks: number, sizeLots: number, timeInForce: 'GTC' | 'IOC'): PlaceOrder {
    const handle = this.orderIds.length;
    // Even accounts buy, odd accounts sell.
    const account = 2 * Math.floor(this.random() * (ACCOUNTS / 2)) + side;
    const orderId = `o${handle}`;
    this.orderIds.push(orderId);
    this.accountOf[handle] = account;
    this.model.place(handle, side, priceTicks, sizeLots, timeInForce === 'GTC');
    return {
      kind: 'place',
      // Neither engine reads the request id; sharing the order id's string keeps the stream small.
      requestId: orderId,
      orderId,
      accountId: this.accountIds[account],
      clientOrderId: null,
      market: MARKET.symbol,
      side: sideName(side),
      type: 'limit',
      timeInForce,
      priceTicks,
      sizeLots,
      receivedAtUs: this.tick(),
    };
  }

  /** A new price for a resting order: never its current one, which our engine would treat as a no-op. */
  private move(): AmendOrder {
    const handle = this.model.restingAt(this.random());
    const side = this.model.sideOfOrder(handle);
    const current = this.model.priceOf(handle);
    let priceTicks = this.restingPrice(side);
    if (priceTicks === current) priceTicks += side === BUY ? -1 : 1;
    this.model.move(handle, priceTicks);
    return { kind: 'amend', ...this.target(handle), market: MARKET.symbol, priceTicks, receivedAtUs: this.tick() };
  }

  private cancel(): CancelOrder {
    const handle = this.model.restingAt(this.random());
    this.model.cancel(handle);
    return { kind: 'cancel', ...this.target(handle), market: MARKET.symbol, receivedAtUs: this.tick() };
  }

  private target(handle: number): { requestId: string; orderId: string; accountId: string } {
    const orderId = this.orderIds[handle];
    return { requestId: orderId, orderId, accountId: this.accountIds[this.accountOf[handle]] };
  }

  private tick(): number {
    this.time += 1;
    return this.time;
  }
}

const sideName = (side: SideIndex): Side => (side === BUY ? 'buy' : 'sell');
