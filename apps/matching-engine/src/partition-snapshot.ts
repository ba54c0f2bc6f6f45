import { MATCHING_EVENTS } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { OrderBook, snapshotHash, type BookSnapshot } from '@exchange/matching';
import type { EngineSnapshot, StoredEngineSnapshot } from '@exchange/persistence';

/** One market's part of a partition snapshot: the book and the engine time it had reached. */
export interface MarketState {
  readonly market: string;
  readonly engineTimeUs: number;
  readonly book: BookSnapshot;
}

/** A snapshot that does not reproduce the state it recorded: restoring it would diverge silently. */
export class SnapshotMismatchError extends Error {}

export interface RestoredMarket {
  readonly book: OrderBook;
  readonly engineTimeUs: number;
}

/**
 * Serialises the books synchronously, at a batch boundary: the returned value no longer changes
 * while the engine matches on, so it can be written later.
 */
export function takePartitionSnapshot(
  partition: number,
  nextInputOffset: string,
  outputOffsets: Readonly<Record<number, string>>,
  markets: readonly { readonly book: OrderBook; readonly engineTimeUs: number }[],
): EngineSnapshot {
  const books: MarketState[] = markets.map(({ book, engineTimeUs }) => ({
    market: book.market.symbol,
    engineTimeUs,
    book: book.snapshot(),
  }));
  return {
    partition,
    nextInputOffset,
    outputOffsets,
    books,
    stateHashes: Object.fromEntries(books.map((state) => [state.market, snapshotHash(state.book)])),
  };
}

/** Rebuilds the snapshot's books; throws SnapshotMismatchError unless each one hashes as recorded. */
export function restorePartition(
  snapshot: StoredEngineSnapshot,
  specs: ReadonlyMap<string, MarketSpec>,
): Map<string, RestoredMarket> {
  const restored = new Map<string, RestoredMarket>();
  const where = `snapshot of orders.accepted partition ${snapshot.partition} at offset ${snapshot.nextInputOffset}`;
  for (const state of snapshot.books as readonly MarketState[]) {
    const spec = specs.get(state.market);
    if (!spec) throw new SnapshotMismatchError(`${where}: market ${state.market} is not listed`);
    const book = OrderBook.restore(spec, state.book);
    const recorded = snapshot.stateHashes[state.market];
    const actual = book.stateHash();
    if (actual !== recorded)
      throw new SnapshotMismatchError(
        `${where}: the restored ${state.market} book hashes to ${actual}, the snapshot recorded ${recorded}`,
      );
    restored.set(state.market, { book, engineTimeUs: state.engineTimeUs });
  }
  return restored;
}

/**
 * Where the answered-inputs scan may start: no answer to an input after a snapshot lies before the
 * output offsets it recorded, so the scan starts at their minimum per output partition. An input
 * partition that holds commands but no snapshot replays from its beginning, and its answers can lie
 * anywhere: then undefined (scan everything).
 */
export function answeredScanStart(
  snapshots: ReadonlyMap<number, StoredEngineSnapshot>,
  inputEnd: Readonly<Record<number, string>>,
): Record<number, string> | undefined {
  const unsnapshotted = Object.entries(inputEnd).some(
    ([partition, end]) => BigInt(end) > 0n && !snapshots.has(Number(partition)),
  );
  if (unsnapshotted || snapshots.size === 0) return undefined;
  const from: Record<number, string> = {};
  for (let partition = 0; partition < MATCHING_EVENTS.partitions; partition++) {
    const offsets = [...snapshots.values()].map((snapshot) => BigInt(snapshot.outputOffsets[partition] ?? '0'));
    from[partition] = offsets.reduce((lowest, offset) => (offset < lowest ? offset : lowest)).toString();
  }
  return from;
}
