import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MATCHING_EVENTS, MatchingEventBatch, TopicSpec } from '@exchange/contracts';
import { assertLogCoversOffsets, Delivered, MessageBus, Subscription } from '@exchange/kafka';
import { DEFAULT_FEE_SCHEDULE } from '@exchange/ledger';
import { Counter, Histogram, Logger, MetricsRegistry } from '@exchange/observability';
import { SettlementProjector } from './settlement-projector';
import { SETTLEMENT_STORE, SettlementStore } from './settlement-store';
import { BUS, LOGGER, MARKETS, MarketSource } from './tokens';

/**
 * Consumes matching events and writes the ledger, balances, positions, orders and fills to
 * Postgres, one transaction per Kafka batch together with the applied sequence and the next
 * offset. It resumes from the offsets in Postgres, not Kafka's committed ones, so a kill -9 between
 * the commit of the transaction and the commit of the Kafka offset loses nothing and doubles nothing.
 */
@Injectable()
export class SettlementWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private projector: SettlementProjector | null = null;
  private subscription: Subscription | null = null;
  private readonly journals: Counter;
  private readonly writeLatency: Histogram;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(SETTLEMENT_STORE) private readonly store: SettlementStore,
    @Inject(MARKETS) private readonly markets: MarketSource,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.journals = metrics.counter('settlement_journals_total', 'Ledger journals written');
    this.writeLatency = metrics.histogram('settlement_write_seconds', 'Time to write one batch');
  }

  get ready(): boolean {
    return this.subscription !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const start = await this.store.loadStart();
    await assertLogCoversOffsets(this.bus, MATCHING_EVENTS as TopicSpec<unknown>, start.nextOffsets);
    this.projector = new SettlementProjector(await this.markets.list(), DEFAULT_FEE_SCHEDULE, start);
    const subscription = await this.bus.subscribe({
      groupId: 'settlement',
      topic: MATCHING_EVENTS,
      start: { from: 'offsets', offsets: start.nextOffsets },
      handle: (messages) => this.settle(messages),
    });
    await subscription.ready;
    this.subscription = subscription;
    this.logger.info('settlement ready', { appliedSequences: start.appliedSequences, offsets: start.nextOffsets });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.store.close();
  }

  private async settle(messages: readonly Delivered<MatchingEventBatch>[]): Promise<void> {
    const projector = this.projector;
    if (!projector || messages.length === 0) return;
    const started = process.hrtime.bigint();
    const batches = messages.map((message) => message.value);
    await this.learnListedMarkets(projector, batches);
    const changes = projector.project(batches);
    // Nothing new (empty answers, e.g. a cancel-all with nothing to cancel, or a replay): nothing to
    // write. The offset stays where the last write left it; re-reading these batches changes nothing.
    if (changes.length === 0) return;
    const last = messages[messages.length - 1];
    await this.writeUntilDone(changes, {
      partition: last.partition,
      nextOffset: (BigInt(last.offset) + 1n).toString(),
    });
    projector.commit(changes);
    this.journals.inc(
      {},
      changes.reduce((total, stream) => total + stream.journals.length, 0),
    );
    this.writeLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  /**
   * A market listed since start: its row is committed before the listing is published, so one
   * re-read of the table finds it. A market still unknown after it fails the batch in `project`.
   */
  private async learnListedMarkets(
    projector: SettlementProjector,
    batches: readonly MatchingEventBatch[],
  ): Promise<void> {
    const unknown = [...new Set(batches.map((batch) => batch.market))].filter((market) => !projector.knows(market));
    if (unknown.length === 0) return;
    projector.addMarkets(await this.markets.list());
    this.logger.info('re-read the markets table for markets listed since start', {
      markets: unknown,
      found: unknown.filter((market) => projector.knows(market)),
    });
  }

  /**
   * A failed write is the database's problem, not the message's: skipping it would leave a hole in
   * the ledger, so settlement waits and tries again rather than dead-lettering the batch.
   */
  private async writeUntilDone(
    changes: Parameters<SettlementStore['write']>[0],
    input: Parameters<SettlementStore['write']>[1],
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.write(changes, input);
      } catch (error) {
        this.logger.error('settlement write failed; retrying', { attempt, partition: input.partition, error });
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }
}
