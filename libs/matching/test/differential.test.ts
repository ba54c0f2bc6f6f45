import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { BookCommand, MatchingEvent } from '@exchange/contracts';
import type { MatchingBook } from '../src';
import { CommandGenerator } from './command-generator';
import { BTC_PERP, FAST, REFERENCE, T0_US } from './fixtures';

/** How often each kind of outcome occurred: the stream must exercise every rule, not just agree. */
class Coverage {
  private readonly counts = new Map<string, number>();

  record(events: readonly MatchingEvent[]): void {
    for (const event of events) {
      this.add(event.type);
      if (event.type === 'done') this.add(`done:${event.reason}`);
      if (event.type === 'rejected') this.add(`rejected:${event.code}`);
      if (event.type === 'amended') this.add(`amended:${event.reason}:${event.priorityKept}`);
      if (event.type === 'triggered') this.add(`triggered:${event.reference}`);
      if (event.type === 'status') this.add(`status:${event.status}`);
      if (event.type === 'fill') {
        assert.notEqual(event.maker.accountId, event.taker.accountId, `a self-fill: ${JSON.stringify(event)}`);
        this.add('fill');
      }
    }
  }

  /** Throws unless every outcome listed happened at least `times` times. */
  requireAtLeast(times: number, outcomes: readonly string[]): void {
    const missing = outcomes.filter((outcome) => (this.counts.get(outcome) ?? 0) < times);
    assert.deepEqual(missing, [], `rare outcomes: ${JSON.stringify(Object.fromEntries(this.counts))}`);
  }

  private add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/** Feeds both books the stream, comparing every command's events; returns what the stream covered. */
function runBoth(commands: readonly BookCommand[], fast: MatchingBook, reference: MatchingBook): Coverage {
  const coverage = new Coverage();
  commands.forEach((command, index) => {
    const timestampUs = T0_US + index;
    const expected = reference.apply(command, timestampUs);
    const actual = fast.apply(command, timestampUs);
    if (!isDeepStrictEqual(actual, expected)) {
      assert.deepEqual(actual, expected, `command ${index}: ${JSON.stringify(command)}`);
    }
    fast.validateInternalState();
    reference.validateInternalState();
    coverage.record(actual);
  });
  return coverage;
}

describe('differential: OrderBook against ReferenceBook', () => {
  for (const seed of [7, 2024, 99_991]) {
    it(`produce identical events and identical final books over 20000 commands (seed ${seed})`, () => {
      const commands = new CommandGenerator(seed).take(20_000);
      const options = { positions: CommandGenerator.startPositions() };
      const fast = FAST.create(BTC_PERP, options);
      const reference = REFERENCE.create(BTC_PERP, options);

      const coverage = runBoth(commands, fast, reference);

      assert.deepEqual(fast.snapshot(), reference.snapshot());
      assert.equal(fast.stateHash(), reference.stateHash());
      assert.deepEqual(fast.depth(Number.MAX_SAFE_INTEGER), reference.depth(Number.MAX_SAFE_INTEGER));
      assert.equal(fast.lastSeq, reference.lastSeq);
      coverage.requireAtLeast(100, ['fill', 'rested', 'book', 'done:filled', 'done:cancelled', 'done:unfilled_ioc']);
      coverage.requireAtLeast(20, [
        'triggered:mark',
        'triggered:last',
        'amended:amend:true',
        'amended:amend:false',
        'amended:reduce_only:true',
        'done:expired',
        'done:unfilled_fok',
        'done:self_trade_prevented',
        'done:reduce_only',
        'done:no_liquidity',
        'rejected:UNKNOWN_ORDER',
        'rejected:DUPLICATE_ORDER_ID',
        'rejected:DUPLICATE_CLIENT_ORDER_ID',
        'rejected:PRICE_OUTSIDE_BAND',
        'rejected:POST_ONLY_WOULD_TAKE',
        'rejected:REDUCE_ONLY_WOULD_INCREASE',
        'rejected:MARKET_NOT_ACCEPTING_ORDERS',
        'rejected:AMEND_NOT_ALLOWED',
        'rejected:INVALID_EXPIRY',
        'rejected:WOULD_TRIGGER_IMMEDIATELY',
        'rejected:INVALID_SIZE',
        'status:halted',
      ]);
    });
  }
});
