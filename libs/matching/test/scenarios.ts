import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { BookCommand, MatchingEvent } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { BookOptions, MatchingBook } from '../src';
import { BTC_PERP, CheckedBook, describeBooks, expected, withoutMessages } from './fixtures';

/**
 * One behaviour as a table row: given these commands, when this one arrives, then exactly these
 * events (numbered from the next sequence, so rows list them without seq), and optionally checks on
 * the book afterwards.
 */
export interface Scenario {
  readonly name: string;
  readonly market?: Partial<MarketSpec>;
  readonly options?: BookOptions;
  readonly given?: readonly BookCommand[];
  readonly when: BookCommand;
  readonly then: readonly MatchingEvent[];
  readonly after?: (book: MatchingBook) => void;
}

type WithoutSeq<F> = F extends (seq: number, ...rest: infer Rest) => MatchingEvent
  ? (...rest: Rest) => MatchingEvent
  : never;

/** The `expected` builders without their seq argument, for `then` columns. */
export const then = Object.fromEntries(
  Object.entries(expected).map(([name, build]) => [
    name,
    (...rest: unknown[]) => (build as (seq: number, ...args: unknown[]) => MatchingEvent)(0, ...rest),
  ]),
) as { readonly [K in keyof typeof expected]: WithoutSeq<(typeof expected)[K]> };

/** Gives the expected events consecutive sequence numbers from `first` (and fills their trade ids). */
function numbered(events: readonly MatchingEvent[], first: number): MatchingEvent[] {
  return events.map((event, index) => {
    const seq = first + index;
    return event.type === 'fill' ? { ...event, seq, tradeId: `${BTC_PERP.symbol}-${seq}` } : { ...event, seq };
  });
}

/** Runs every scenario against both books. */
export function scenarios(title: string, rows: readonly Scenario[]): void {
  describeBooks(title, (books) => {
    for (const row of rows) {
      it(row.name, () => {
        const given = new CheckedBook(books, { ...BTC_PERP, ...row.market }, row.options);
        given.apply(...(row.given ?? []));
        const first = given.book.lastSeq + 1;
        assert.deepEqual(withoutMessages(given.apply(row.when)), numbered(row.then, first));
        row.after?.(given.book);
      });
    }
  });
}
