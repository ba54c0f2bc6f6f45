import type { BookCommand } from '@exchange/contracts';
import { RejectCode, type MarketStatus } from '@exchange/domain';
import { BTC_PERP, amend, cancel, clock, limit, mark, market, setPosition, status } from './fixtures';
import { scenarios, then as t } from './scenarios';

const resting = limit('b1', 'alice', 'buy', 100, 1);

scenarios('market status commands', [
  {
    name: 'a status change is reported as an event',
    when: status('halted'),
    then: [t.status('halted')],
  },
  ...(['halted', 'cancel_only', 'settled'] as const).flatMap((closed) => [
    {
      name: `${closed}: new orders are refused`,
      given: [resting, status(closed)],
      when: limit('b2', 'bob', 'buy', 99, 1),
      then: [t.rejected('b2', 'bob', RejectCode.MARKET_NOT_ACCEPTING_ORDERS)],
    },
    {
      name: `${closed}: cancels are still taken`,
      given: [resting, status(closed)],
      when: cancel('b1', 'alice'),
      then: [t.done('b1', 'alice', 'cancelled', 1), t.book(['buy', 100, 0])],
    },
  ]),
  {
    name: 'post_only: a crossing order is refused',
    given: [resting, status('post_only')],
    when: limit('s1', 'bob', 'sell', 100, 1),
    then: [t.rejected('s1', 'bob', RejectCode.MARKET_NOT_ACCEPTING_ORDERS)],
  },
  {
    name: 'post_only: a market order is refused',
    given: [resting, status('post_only')],
    when: market('m1', 'bob', 'sell', 1),
    then: [t.rejected('m1', 'bob', RejectCode.MARKET_NOT_ACCEPTING_ORDERS)],
  },
  {
    name: 'active again: orders trade',
    given: [resting, status('halted'), status('active')],
    when: limit('s1', 'bob', 'sell', 100, 1),
    then: [
      t.accepted(limit('s1', 'bob', 'sell', 100, 1)),
      t.fill(100, 1, 'sell', ['b1', 'alice', 0], ['s1', 'bob', 0]),
      t.done('b1', 'alice', 'filled', 0),
      t.done('s1', 'bob', 'filled', 0),
      t.book(['buy', 100, 0]),
    ],
  },
]);

const elsewhere = (command: BookCommand): BookCommand => ({ ...command, market: 'ETH-PERP' });
const listing: BookCommand = { kind: 'list', market: BTC_PERP.symbol, spec: BTC_PERP };

scenarios('malformed market-level commands are refused without effect', [
  ...(
    [
      ['a mark for another market', elsewhere(mark(100)), '', RejectCode.UNKNOWN_MARKET],
      ['a clock for another market', elsewhere(clock(1)), '', RejectCode.UNKNOWN_MARKET],
      ['a status for another market', elsewhere(status('halted')), '', RejectCode.UNKNOWN_MARKET],
      ['a position for another market', elsewhere(setPosition('bob', 1)), 'bob', RejectCode.UNKNOWN_MARKET],
      ['a mark of 0', mark(0), '', RejectCode.INVALID_PRICE],
      ['a fractional mark', mark(100.5), '', RejectCode.INVALID_PRICE],
      ['a negative clock', clock(-1), '', RejectCode.INVALID_COMMAND],
      ['an unknown status', status('closing' as MarketStatus), '', RejectCode.INVALID_COMMAND],
      ['a fractional position', setPosition('bob', 1.5), 'bob', RejectCode.INVALID_SIZE],
      ['a list command (the engine creates books)', listing, '', RejectCode.INVALID_COMMAND],
      ['a list command for another market', elsewhere(listing), '', RejectCode.UNKNOWN_MARKET],
      [
        'an unknown command kind',
        { kind: 'explode', market: BTC_PERP.symbol } as unknown as BookCommand,
        '',
        RejectCode.INVALID_COMMAND,
      ],
    ] as const
  ).map(([what, command, accountId, code]) => ({
    name: `refuses ${what}`,
    given: [resting],
    when: command,
    then: [t.rejected('', accountId, code)],
  })),
  {
    name: 'an unknown kind still names the order and account it carries',
    when: { ...amend('b1', 'alice', { sizeLots: 1 }), kind: 'replace' } as unknown as BookCommand,
    then: [t.rejected('b1', 'alice', RejectCode.INVALID_COMMAND)],
  },
]);
