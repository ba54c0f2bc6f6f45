import { inTransaction, type Database } from './database';
import { toSafeNumber } from './values';

/**
 * One restart point of the matching engine: the state of every book fed by one orders.accepted
 * partition, as of the next input offset to read there. `books` is whatever the engine serialised
 * (plain JSON); this store neither reads nor checks it.
 */
export interface EngineSnapshot {
  readonly partition: number;
  readonly nextInputOffset: string;
  /** matching.events offsets (per partition) before which no answer to a later input lies. */
  readonly outputOffsets: Readonly<Record<number, string>>;
  readonly books: unknown;
  /** The state hash of each book in `books`, by market. */
  readonly stateHashes: Readonly<Record<string, string>>;
}

export interface StoredEngineSnapshot extends EngineSnapshot {
  readonly createdAt: Date;
}

interface SnapshotRow {
  partition: number;
  next_input_offset: string;
  output_offsets: Record<number, string>;
  books: unknown;
  state_hashes: Record<string, string>;
  created_at: Date;
}

export class EngineSnapshotRepository {
  constructor(private readonly database: Database) {}

  /** Stores the snapshot and drops all but the newest `keep` of its partition. */
  async save(snapshot: EngineSnapshot, keep: number): Promise<void> {
    if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`keep must be a positive integer, got ${keep}`);
    await inTransaction(this.database.pool, async (client) => {
      await client.query(
        `INSERT INTO engine_snapshots (partition, next_input_offset, output_offsets, books, state_hashes)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)`,
        [
          snapshot.partition,
          snapshot.nextInputOffset,
          JSON.stringify(snapshot.outputOffsets),
          JSON.stringify(snapshot.books),
          JSON.stringify(snapshot.stateHashes),
        ],
      );
      await client.query(
        `DELETE FROM engine_snapshots
          WHERE partition = $1
            AND id NOT IN (SELECT id FROM engine_snapshots WHERE partition = $1
                            ORDER BY next_input_offset DESC, id DESC LIMIT $2)`,
        [snapshot.partition, keep],
      );
    });
  }

  /** The snapshot furthest into the input of each partition that has one, by partition. */
  async latestPerPartition(): Promise<Map<number, StoredEngineSnapshot>> {
    const result = await this.database.pool.query<SnapshotRow>(
      // Qualified: the bare name would sort by the text output column.
      `SELECT DISTINCT ON (s.partition)
              s.partition, s.next_input_offset::text, s.output_offsets, s.books, s.state_hashes, s.created_at
         FROM engine_snapshots s
        ORDER BY s.partition, s.next_input_offset DESC, s.id DESC`,
    );
    return new Map(result.rows.map((row) => [row.partition, toSnapshot(row)]));
  }

  /** How many snapshots are kept for the partition. */
  async countFor(partition: number): Promise<number> {
    const result = await this.database.pool.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM engine_snapshots WHERE partition = $1',
      [partition],
    );
    return toSafeNumber(result.rows[0].count);
  }
}

function toSnapshot(row: SnapshotRow): StoredEngineSnapshot {
  return {
    partition: row.partition,
    nextInputOffset: row.next_input_offset,
    outputOffsets: row.output_offsets,
    books: row.books,
    stateHashes: row.state_hashes,
    createdAt: row.created_at,
  };
}
