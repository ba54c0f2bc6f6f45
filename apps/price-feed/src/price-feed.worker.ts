import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PRICES, PriceUpdate } from '@exchange/contracts';
import { MessageBus, Publisher } from '@exchange/kafka';
import { Logger } from '@exchange/observability';
import { RandomWalk } from './random-walk';

export const BUS = Symbol('BUS');
export const LOGGER = Symbol('LOGGER');
export const WALK = Symbol('WALK');
export const INTERVAL_MS = Symbol('INTERVAL_MS');

/** Publishes the simulated index prices on the prices topic at a fixed interval. */
@Injectable()
export class PriceFeedWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private publisher: Publisher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private publishing = false;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(WALK) private readonly walk: RandomWalk,
    @Inject(INTERVAL_MS) private readonly intervalMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get ready(): boolean {
    return this.publisher !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.publisher = await this.bus.publisher();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    await this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.publisher?.close();
  }

  private async tick(): Promise<void> {
    if (this.publishing || !this.publisher) return; // never queue ticks behind a slow broker
    this.publishing = true;
    try {
      const now = Date.now();
      const updates: PriceUpdate[] = [...this.walk.step()].map(([underlying, indexPrice]) => ({
        underlying,
        indexPrice,
        markPrices: {},
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
