import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  MARGIN_STATES,
  MARKET_LISTINGS,
  MATCHING_EVENTS,
  ORDER_COMMANDS,
  ORDER_RESULTS,
  PRICES,
  TopicSpec,
  VOL_SURFACES,
} from '@exchange/contracts';
import type { MessageBus, StartPosition, Subscription } from '@exchange/kafka';
import type { Logger } from '@exchange/observability';
import { MarginStates } from '../account/margin-states';
import { MarkPrices } from '../account/mark-prices';
import type { GatewaySettings } from '../config';
import { MarketCatalog } from '../markets/market-catalog.service';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { CommandWaiters, resultAnswer } from '../orders/command-answer';
import { BUS, LOGGER, SETTINGS } from '../tokens';
import { MarketDataFanout } from '../ws/market-data-fanout.service';
import { MatchingEventsHandler } from './matching-events.handler';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

interface Stream {
  readonly name: string;
  readonly subscribe: () => Promise<Subscription>;
}

/**
 * The gateway's Kafka consumers, each in a group of its own instance (every replica sees every
 * message): matching events and margin states from the beginning (to rebuild books and the latest
 * margin per account, pushed to the account's WebSocket subscribers), prices from the beginning,
 * market listings from the beginning (other instances' listings join the catalog before its next
 * refresh), order results from the end (only answers to requests made from now on matter).
 * Subscriptions are retried in the background until they succeed; the gateway reports unhealthy
 * until all are ready.
 */
@Injectable()
export class EventStreams implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly streams: readonly Stream[];
  private readonly subscriptions: Subscription[] = [];
  private readyCount = 0;
  private stopping = false;

  constructor(
    private readonly matching: MatchingEventsHandler,
    private readonly waiters: CommandWaiters,
    private readonly margins: MarginStates,
    private readonly marks: MarkPrices,
    private readonly catalog: MarketCatalog,
    private readonly fanout: MarketDataFanout,
    private readonly metrics: GatewayMetrics,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.streams = this.defineStreams();
  }

  /** True once every consumer has joined its group. */
  get ready(): boolean {
    return this.readyCount === this.streams.length;
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.subscriptions.map((subscription) => subscription.stop()));
    this.waiters.expireAll();
  }

  private defineStreams(): Stream[] {
    return [
      this.stream('matching', MATCHING_EVENTS, { from: 'beginning' }, (batch) => this.matching.handle(batch)),
      this.stream('results', ORDER_RESULTS, { from: 'end' }, (result) =>
        this.waiters.settle(result.requestId, resultAnswer(result)),
      ),
      this.stream('margins', MARGIN_STATES, { from: 'beginning' }, (state) => {
        if (this.margins.update(state)) this.fanout.accountMargin(state);
      }),
      this.stream('prices', PRICES, { from: 'beginning' }, (update) => this.marks.update(update)),
      this.stream('listings', MARKET_LISTINGS, { from: 'beginning' }, (listing) => this.catalog.add(listing.spec)),
    ];
  }

  private stream<T>(name: string, topic: TopicSpec<T>, start: StartPosition, handle: (value: T) => unknown): Stream {
    return {
      name,
      subscribe: () =>
        this.bus.subscribe({
          groupId: `${this.settings.instanceId}-${name}`,
          topic,
          start,
          // Never throw back to the consumer: one bad message must not stall the partition.
          handle: async (messages) => {
            for (const message of messages) {
              try {
                handle(message.value);
              } catch (error) {
                this.metrics.consumeErrors.inc({ topic: topic.name });
                this.logger.error('failed to process a message', { topic: topic.name, offset: message.offset, error });
              }
            }
          },
        }),
    };
  }

  private async start(): Promise<void> {
    await this.retry('create topics', () =>
      this.bus.ensureTopics([
        MATCHING_EVENTS,
        ORDER_RESULTS,
        MARGIN_STATES,
        PRICES,
        ORDER_COMMANDS,
        MARKET_LISTINGS,
        VOL_SURFACES,
      ] as TopicSpec<unknown>[]),
    );
    await Promise.all(
      this.streams.map(async (stream) => {
        const subscription = await this.retry(`subscribe ${stream.name}`, stream.subscribe);
        if (!subscription) return;
        this.subscriptions.push(subscription);
        if (this.stopping) return void subscription.stop().catch(() => undefined);
        await subscription.ready;
        this.readyCount++;
        this.logger.info('consumer ready', { stream: stream.name });
      }),
    ).catch((error: unknown) => this.logger.error('consumer failed to become ready', { error }));
  }

  /** Runs `attempt` until it succeeds or the gateway stops (then undefined), backing off exponentially. */
  private async retry<T>(what: string, attempt: () => Promise<T>): Promise<T | undefined> {
    for (let delayMs = RETRY_MIN_MS; !this.stopping; delayMs = Math.min(delayMs * 2, RETRY_MAX_MS)) {
      try {
        return await attempt();
      } catch (error) {
        this.logger.warn(`could not ${what}, retrying`, { delayMs, error });
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
    return undefined;
  }
}
