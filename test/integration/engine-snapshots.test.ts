/**
 * The matching engine's snapshot store against a real Postgres: a written snapshot reads back
 * exactly, the latest is chosen per partition by input offset, and only the newest few are kept.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DATABASE, readConfig } from '@exchange/config';
import {
  createDatabase,
  type Database,
  dropDatabase,
  type EngineSnapshot,
  EngineSnapshotRepository,
  migrate,
  withDatabaseName,
} from '@exchange/persistence';

const URL = withDatabaseName(readConfig(DATABASE, process.env).DATABASE_URL, 'exchange_test_engine_snapshots');

let database: Database;
let snapshots: EngineSnapshotRepository;

before(async () => {
  await dropDatabase(URL);
  await migrate(URL);
  database = createDatabase(URL);
  snapshots = new EngineSnapshotRepository(database);
});

beforeEach(async () => {
  await database.pool.query('TRUNCATE engine_snapshots');
});

after(async () => {
  await database?.close();
  await dropDatabase(URL);
});

const snapshotAt = (partition: number, nextInputOffset: string): EngineSnapshot => ({
  partition,
  nextInputOffset,
  outputOffsets: { 0: '7', 1: '0', 2: '12', 3: '3' },
  books: [{ market: `M${partition}`, engineTimeUs: 1_700_000_000_000_000, book: { seq: Number(nextInputOffset) } }],
  stateHashes: { [`M${partition}`]: `hash-${nextInputOffset}` },
});

describe('EngineSnapshotRepository', () => {
  it('reads a snapshot back exactly, with its creation time', async () => {
    const before = Date.now();
    await snapshots.save(snapshotAt(2, '9007199254740993'), 3);
    const latest = await snapshots.latestPerPartition();
    assert.deepEqual([...latest.keys()], [2]);
    const { createdAt, ...stored } = latest.get(2)!;
    assert.deepEqual(stored, snapshotAt(2, '9007199254740993'));
    assert.ok(createdAt.getTime() >= before - 1_000 && createdAt.getTime() <= Date.now() + 1_000);
  });

  it('returns the snapshot furthest into the input of each partition, whatever the write order', async () => {
    await snapshots.save(snapshotAt(0, '40'), 3);
    await snapshots.save(snapshotAt(0, '100'), 3);
    await snapshots.save(snapshotAt(0, '70'), 3);
    await snapshots.save(snapshotAt(3, '5'), 3);
    const latest = await snapshots.latestPerPartition();
    assert.deepEqual(
      [...latest].map(([partition, snapshot]) => [partition, snapshot.nextInputOffset]),
      [
        [0, '100'],
        [3, '5'],
      ],
    );
  });

  it('keeps only the newest snapshots of the partition it writes', async () => {
    for (const offset of ['10', '20', '30', '40']) await snapshots.save(snapshotAt(1, offset), 2);
    await snapshots.save(snapshotAt(2, '1'), 2);
    assert.equal(await snapshots.countFor(1), 2);
    assert.equal(await snapshots.countFor(2), 1);
    const { rows } = await database.pool.query<{ offset: string }>(
      'SELECT next_input_offset::text AS offset FROM engine_snapshots WHERE partition = 1 ORDER BY 1',
    );
    assert.deepEqual(
      rows.map((row) => row.offset),
      ['30', '40'],
    );
  });

  it('refuses to keep fewer than one snapshot', async () => {
    await assert.rejects(snapshots.save(snapshotAt(0, '1'), 0), RangeError);
    assert.equal(await snapshots.countFor(0), 0);
  });
});
