/**
 * Snapshot recovery of the matching engine: with a snapshot every 20 commands or every second, an
 * engine killed mid-burst restores its books from the latest snapshots, replays only the input
 * after them (its answered-inputs scan starting at their output offsets, as every partition with
 * input has one), and ends in the same fills, book (incl. seq) and ledger as a run without the crash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PORTS, eventually } from '@exchange/testing';
import { ExchangeHarness } from '../support/exchange-harness';
import { FLOW_DEPOSITS, Outcome, runMatchingFlow } from '../support/matching-flow';

// Inherited by the services the harness starts.
process.env.MATCHING_SNAPSHOT_EVERY_COMMANDS = '20';
process.env.MATCHING_SNAPSHOT_EVERY_SECONDS = '1';

interface SnapshotPoint {
  readonly partition: number;
  readonly nextInputOffset: number;
}

/** The latest snapshot of the market's book with at least `resting` orders on it, once one was written. */
async function latestSnapshot(
  exchange: ExchangeHarness,
  market: string,
  resting = 0,
): Promise<SnapshotPoint | undefined> {
  const { rows } = await exchange.pool.query<{ partition: number; offset: string }>(
    `SELECT s.partition, s.next_input_offset::text AS offset
       FROM engine_snapshots s, jsonb_array_elements(s.books) AS b
      WHERE b->>'market' = $1 AND jsonb_array_length(b->'book'->'resting') >= $2
      ORDER BY s.next_input_offset DESC LIMIT 1`,
    [market, resting],
  );
  return rows[0] && { partition: rows[0].partition, nextInputOffset: Number(rows[0].offset) };
}

/**
 * The highest matching.events offset a restart's answered-inputs scan would start at now (the
 * lowest each latest snapshot recorded, per output partition), as the engine computes it.
 */
async function answeredScanStart(exchange: ExchangeHarness): Promise<number> {
  const { rows } = await exchange.pool.query<{ start: string | null }>(
    `WITH latest AS (SELECT DISTINCT ON (partition) output_offsets FROM engine_snapshots
                      ORDER BY partition, next_input_offset DESC, id DESC)
     SELECT max(lowest)::text AS start
       FROM (SELECT min(o.value::bigint) AS lowest FROM latest, jsonb_each_text(latest.output_offsets) AS o
              GROUP BY o.key) AS per_partition`,
  );
  return Number(rows[0]?.start ?? 0);
}

/** One labelled gauge of the matching engine's /metrics. */
async function engineGauge(name: string, partition: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${DEFAULT_PORTS['matching-engine']}/metrics`);
  const line = (await response.text())
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{partition="${partition}"} `));
  assert.ok(line, `${name} for partition ${partition} not in /metrics`);
  return Number(line.split(' ').pop());
}

describe('matching engine snapshot recovery', { timeout: 300_000 }, () => {
  it('restores from a snapshot after a kill -9 mid-burst and ends as without the crash', async () => {
    const reference = await ExchangeHarness.start('snapshot_reference', FLOW_DEPOSITS);
    let expected: Outcome;
    try {
      expected = await runMatchingFlow(reference, { crash: false });
    } finally {
      await reference.stop();
    }

    const crashed = await ExchangeHarness.start('snapshot_crash', FLOW_DEPOSITS);
    try {
      let beforeCrash: SnapshotPoint | undefined;
      const actual = await runMatchingFlow(crashed, {
        crash: true,
        beforeBurst: async () => {
          await eventually('a snapshot of the ETH-PERP book', () => latestSnapshot(crashed, 'ETH-PERP'), 60_000);
          // The 7 asks the flow's first phase leaves: the snapshot reflects orders the replay must not repeat.
          beforeCrash = await eventually('a snapshot of the first phase', () => latestSnapshot(crashed, 'BTC-PERP', 7));
          // Snapshots recording output offsets past the beginning: the restart's scan can skip a prefix.
          await eventually('a later answered-scan start', async () =>
            (await answeredScanStart(crashed)) > 0 ? true : undefined,
          );
        },
      });
      assert.deepEqual(actual, expected);

      assert.ok(beforeCrash && beforeCrash.nextInputOffset > 0);
      const restartOffset = await engineGauge('matching_restart_input_offset', beforeCrash.partition);
      assert.ok(
        restartOffset >= beforeCrash.nextInputOffset,
        `restarted from ${restartOffset}, a snapshot at ${beforeCrash.nextInputOffset} existed before the crash`,
      );
      let scanStart = 0;
      for (let partition = 0; partition < 4; partition++)
        scanStart += await engineGauge('matching_answered_scan_start_offset', partition);
      assert.ok(scanStart > 0, 'the answered-inputs scan read matching.events from the beginning');
      const kept = await crashed.pool.query<{ partition: number; count: string }>(
        'SELECT partition, count(*)::text AS count FROM engine_snapshots GROUP BY partition',
      );
      for (const row of kept.rows) assert.ok(Number(row.count) <= 3, `partition ${row.partition} keeps ${row.count}`);
    } finally {
      await crashed.stop();
    }
  });
});
