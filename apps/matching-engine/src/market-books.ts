import type { ListMarketCommand } from '@exchange/contracts';
import { listingProblem, type MarketSpec } from '@exchange/domain';
import { OrderBook } from '@exchange/matching';
import type { StoredEngineSnapshot } from '@exchange/persistence';
import { restorePartition, type RestoredMarket } from './partition-snapshot';

export type ListOutcome =
  | { readonly outcome: 'created' }
  /** The engine already hosts the market: from the markets table at start, or listed earlier in the log. */
  | { readonly outcome: 'exists' }
  | { readonly outcome: 'refused'; readonly reason: string };

/**
 * The books the engine hosts, one per market, the specs they were made from, and the input
 * partitions that carry each (a partition's snapshot holds the books it carries). Books come from
 * the markets table at start and from `list` commands in the input; a list for a book that exists
 * changes nothing, so replaying one after a restart (or after the table already had the row) is
 * harmless. Both paths refuse a spec that cannot be listed, so a replay opens the same books.
 */
export class MarketBooks {
  private readonly books = new Map<string, OrderBook>();
  private readonly specs = new Map<string, MarketSpec>();
  private readonly marketsByPartition = new Map<number, Set<string>>();
  /** Rows of the markets table no book was opened for: a list command of the same spec is refused too. */
  readonly refusedAtStart: { readonly market: string; readonly reason: string }[] = [];

  constructor(markets: readonly MarketSpec[]) {
    for (const market of markets) {
      const problem = listingProblem(market);
      if (problem) this.refusedAtStart.push({ market: market.symbol, reason: problem });
      else this.openBook(market);
    }
  }

  get(market: string | null): OrderBook | undefined {
    return market === null ? undefined : this.books.get(market);
  }

  markets(): string[] {
    return [...this.books.keys()];
  }

  /**
   * Opens the book a `list` command from `partition` names, unless it exists or the spec cannot be
   * listed; from here on the partition carries the market.
   */
  list(command: ListMarketCommand, partition: number): ListOutcome {
    const outcome = this.open(command);
    if (outcome.outcome !== 'refused') this.carry(partition, command.market);
    return outcome;
  }

  /** Records that `partition` carried a command for `market`. */
  carry(partition: number, market: string): void {
    let markets = this.marketsByPartition.get(partition);
    if (!markets) this.marketsByPartition.set(partition, (markets = new Set()));
    markets.add(market);
  }

  /** The books `partition` carried: what its snapshot must hold. */
  ofPartition(partition: number): OrderBook[] {
    return [...(this.marketsByPartition.get(partition) ?? [])].map((market) => this.books.get(market) as OrderBook);
  }

  /** Replaces the snapshot's books with their restored state; see restorePartition for what it refuses. */
  restore(snapshot: StoredEngineSnapshot): Map<string, RestoredMarket> {
    const restored = restorePartition(snapshot, this.specs);
    for (const [market, { book }] of restored) {
      this.books.set(market, book);
      this.carry(snapshot.partition, market);
    }
    return restored;
  }

  private open({ market, spec }: ListMarketCommand): ListOutcome {
    if (this.books.has(market)) return { outcome: 'exists' };
    if (spec.symbol !== market) return { outcome: 'refused', reason: `the spec lists ${spec.symbol}, not ${market}` };
    const problem = listingProblem(spec);
    if (problem) return { outcome: 'refused', reason: problem };
    this.openBook(spec);
    return { outcome: 'created' };
  }

  private openBook(spec: MarketSpec): void {
    this.specs.set(spec.symbol, spec);
    this.books.set(spec.symbol, new OrderBook(spec));
  }
}
