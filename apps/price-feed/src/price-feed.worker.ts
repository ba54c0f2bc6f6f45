import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  MARKET_LISTINGS,
  MarketListed,
  PRICES,
  PriceUpdate,
  VOL_SURFACES,
  VolSurfaceUpdate,
} from '@exchange/contracts';
import { MarketSpec } from '@exchange/domain';
import { Delivered, MessageBus, Publisher, readToEnd, Subscription } from '@exchange/kafka';
import { Logger } from '@exchange/observability';
import { futureMarks } from './future-marks';
import { ListedMarkets } from './listed-markets';
import { RandomWalk } from './random-walk';
import { coverExpiries } from './seed-surfaces';

export const BUS = Symbol('BUS');
export const LOGGER = Symbol('LOGGER');
export const WALK = Symbol('WALK');
export const INTERVAL_MS = Symbol('INTERVAL_MS');
/** The markets table, read once at start. */
export const MARKETS = Symbol('MARKETS');
export const FORWARDS = Symbol('FORWARDS');

export interface MarketSource {
  list(): Promise<MarketSpec[]>;
}

export interface ForwardSettings {
  /** Annual basis of dated futures over the index. */
  readonly basisRate: number;
  /** Flat vol per underlying for a surface seeded where there is none. */
  readonly defaultVols: Readonly<Record<string, number>>;
}

/**
 * Publishes the simulated index prices on the prices topic at a fixed interval, with a mark for
 * each listed dated future (index plus basis), so forwards exist. Keeps every listed option expiry
 * on a volatility surface: at start, an underlying with options and no surface gets a flat default
 * one; a newly listed expiry the last surface lacks is added to it. Listings come from the markets
 * table at start and markets.listed after.
 */
@Injectable()
export class PriceFeedWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private publisher: Publisher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private publishing = false;
  private readonly listed = new ListedMarkets();
  /** The last surface on vol.surfaces per underlying, whoever sent it. */
  private readonly surfaces = new Map<string, VolSurfaceUpdate>();
  private readonly subscriptions: Subscription[] = [];
  private started = false;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(WALK) private readonly walk: RandomWalk,
    @Inject(INTERVAL_MS) private readonly intervalMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MARKETS) private readonly markets: MarketSource,
    @Inject(FORWARDS) private readonly forwards: ForwardSettings,
  ) {}

  get ready(): boolean {
    return this.started;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.publisher = await this.bus.publisher();
    for (const spec of await this.markets.list()) this.listed.add(spec);
    const surfacesFrom = await this.readSurfaces();
    await this.coverOptionExpiries(this.listed.optionUnderlyings(Date.now()));
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: 'price-feed-surfaces',
        topic: VOL_SURFACES,
        start: { from: 'offsets', offsets: surfacesFrom },
        handle: async (messages) =>
          messages.forEach((message) => this.surfaces.set(message.value.underlying, message.value)),
      }),
      // Every listing again on each start: the ones the table already had change nothing.
      await this.bus.subscribe({
        groupId: 'price-feed-listings',
        topic: MARKET_LISTINGS,
        start: { from: 'beginning' },
        handle: (messages) => this.onListings(messages),
      }),
    );
    await Promise.all(this.subscriptions.map((subscription) => subscription.ready));
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    await this.tick();
    this.started = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const subscription of this.subscriptions) await subscription.stop();
    await this.publisher?.close();
  }

  /** Reads vol.surfaces to its end; returns where following it goes on. */
  private async readSurfaces(): Promise<Record<number, string>> {
    const next: Record<number, string> = {};
    await readToEnd(this.bus, VOL_SURFACES, (message) => {
      this.surfaces.set(message.value.underlying, message.value);
      next[message.partition] = (BigInt(message.offset) + 1n).toString();
    });
    return next;
  }

  private async onListings(messages: readonly Delivered<MarketListed>[]): Promise<void> {
    const nowMs = Date.now();
    const withNewOptions = new Set<string>();
    for (const { value } of messages) {
      const { spec } = value;
      if (spec.expiryMs === undefined || spec.expiryMs <= nowMs || !this.listed.add(spec)) continue;
      this.logger.info('listed market followed', { market: spec.symbol, kind: spec.kind });
      if (spec.kind === 'option') withNewOptions.add(spec.underlying);
    }
    await this.coverOptionExpiries([...withNewOptions]);
  }

  /** Publishes, per underlying, a surface covering its listed option expiries where the last one does not. */
  private async coverOptionExpiries(underlyings: readonly string[]): Promise<void> {
    const nowMs = Date.now();
    for (const underlying of underlyings) {
      const expiries = this.listed.optionExpiries(underlying, nowMs);
      const last = this.surfaces.get(underlying);
      const cover = coverExpiries(underlying, expiries, last, this.forwards.defaultVols[underlying], nowMs);
      if (cover.kind === 'covered') continue;
      if (cover.kind === 'none') {
        this.logger.warn('option expiries without a volatility surface', {
          underlying,
          expiries,
          reason: cover.reason,
        });
        continue;
      }
      try {
        await this.publisher?.publish(VOL_SURFACES, [cover.update]);
        this.surfaces.set(underlying, cover.update);
        this.logger.info('seeded a volatility surface', {
          underlying,
          expiries: cover.update.slices.map((slice) => new Date(slice.expiryMs).toISOString()),
          extended: last !== undefined,
        });
      } catch (error) {
        // The next listing of the underlying, or the next start, tries again.
        this.logger.warn('volatility surface not published', { underlying, error });
      }
    }
  }

  private async tick(): Promise<void> {
    if (this.publishing || !this.publisher) return; // never queue ticks behind a slow broker
    this.publishing = true;
    try {
      const now = Date.now();
      const updates: PriceUpdate[] = [...this.walk.step()].map(([underlying, indexPrice]) => ({
        underlying,
        indexPrice,
        markPrices: futureMarks(this.listed.futures(underlying, now), indexPrice, this.forwards.basisRate, now),
        timestampMs: now,
        source: 'simulator',
      }));
      await this.publisher.publish(PRICES, updates);
    } catch (error) {
      this.logger.warn('price update not published', { error });
    } finally {
      this.publishing = false;
    }
  }
}
