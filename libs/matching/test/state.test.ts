import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookCommand } from '@exchange/contracts';
import { BookStateError, OrderBook, asciiJson, fnv1a64, type MatchingBook } from '../src';
import { BookOrder } from '../src/book-order';
import {
  BTC_PERP,
  FAST,
  T0_US,
  cancel,
  clock,
  describeBooks,
  limit,
  mark,
  setPosition,
  status,
  stop,
  type BookImplementation,
} from './fixtures';

const COMMANDS: BookCommand[] = [
  limit('b1', 'alice', 'buy', 99, 2),
  limit('b2', 'bob', 'buy', 99, 3),
  limit('b3', 'carol', 'buy', 98, 1),
  limit('s1', 'alice', 'sell', 101, 4),
  limit('s2', 'dave', 'sell', 102, 1),
  limit('x1', 'dave', 'buy', 101, 1),
];

function bookWith(commands: BookCommand[], startUs = T0_US, books: BookImplementation = FAST): MatchingBook {
  const book = books.create(BTC_PERP);
  commands.forEach((command, index) => book.apply(command, startUs + index));
  return book;
}

/** Reaches into the fast book's private structures to simulate a bug. */
function internals(book: MatchingBook) {
  const state = (book as OrderBook)['state'];
  const bids = state.bids;
  const levelAt = (price: number) => {
    const level = bids['levels'].get(price);
    if (!level) throw new Error(`no bid level ${price}`);
    return level;
  };
  const order = (orderId: string) => {
    const found = state.orders.get(orderId);
    if (!found) throw new Error(`no order ${orderId}`);
    return found as BookOrder & { priceTicks: number };
  };
  const newOrder = (orderId: string, accountId: string, priceTicks: number, sizeLots: number, seq: number) =>
    new BookOrder(
      limit(orderId, accountId, 'buy', priceTicks, sizeLots),
      state.accounts.get(accountId),
      seq,
      T0_US,
      sizeLots,
    );
  return { state, bids, levelAt, order, newOrder, openOrders: state.orders, seen: state.seenOrderIds };
}

describe('OrderBook.validateInternalState', () => {
  it('passes on an empty book and on a busy one', () => {
    new OrderBook(BTC_PERP).validateInternalState();
    bookWith([...COMMANDS, mark(100), stop('st', 'erin', 'buy', 1, { at: 110 })]).validateInternalState();
    bookWith(COMMANDS).validateInternalState();
  });

  const corruptions: [string, (parts: ReturnType<typeof internals>) => void, RegExp][] = [
    ['a level total that disagrees with its orders', (p) => p.levelAt(99)['total']++, /total 6, orders sum to 5/],
    ['an order size changed behind its level', (p) => (p.order('b2').remainingLots -= 1), /total 5, orders sum to 4/],
    ['an order size above its original size', (p) => (p.order('b3').remainingLots = 2), /has 2 of 1 lots open/],
    ['a wrong order count', (p) => p.levelAt(99)['count']++, /count 3, 2 linked/],
    ['a broken back link', (p) => (p.order('b2').prev = null), /broken link before b2/],
    ['a wrong tail', (p) => (p.levelAt(99)['tail'] = p.order('b1')), /tail is not the last order/],
    ['a level left empty', (p) => p.levelAt(98).remove(p.order('b3')), /empty level kept/],
    ['prices out of order', (p) => p.bids['prices'].reverse(), /prices out of order/],
    ['a sorted price without a level', (p) => p.bids['prices'].splice(0, 1, 97), /no level for price 97/],
    ['a level without a sorted price', (p) => p.bids['prices'].pop(), /1 sorted prices, 2 levels/],
    ['an order missing from the index', (p) => p.openOrders.delete('b1'), /5 orders on the book, 0 waiting, 4 indexed/],
    [
      'an index entry that is not the resting order',
      (p) => p.openOrders.set('b1', p.newOrder('b1', 'alice', 99, 2, 1)),
      /order b1 not indexed/,
    ],
    ['an order id never accepted', (p) => p.seen.delete('s1'), /order s1 never accepted/],
    [
      'an order on the wrong side',
      (p) => Object.assign(p.order('b3'), { side: 'sell' }),
      /buy level 98: holds sell order b3 at 98/,
    ],
    [
      'a crossed book',
      (p) => {
        p.seen.add('c1');
        p.state.rest(p.newOrder('c1', 'erin', 105, 1, 99) as BookOrder & { priceTicks: number });
      },
      /crossed book: bid 105 ask 101/,
    ],
    [
      'an order missing from its account',
      (p) => p.order('b2').account.unlink(p.order('b2')),
      /accounts hold 4 open orders, 5 indexed/,
    ],
    ['a broken account list', (p) => (p.order('b1').account['count'] += 1), /alice: 3 open orders counted, 2 linked/],
    [
      'a client order id of no open order',
      (p) => p.order('b2').account.byClientOrderId.set('ghost', p.order('b2')),
      /bob: stale client order ids/,
    ],
    [
      'a reduce-only order above the position',
      (p) => {
        Object.assign(p.order('b3'), { reduceOnly: true });
        p.order('b3').account.reduceOnly.add(p.order('b3'));
      },
      /carol: reduce-only b3 has 1 lots open, position allows 0/,
    ],
    [
      'a position that is not exact',
      (p) => (p.order('b3').account.positionLots = 0.5),
      /carol: position 0.5 is not exact/,
    ],
    ['a wrong sequence', (p) => (p.state.seq = -1), /invalid sequence -1/],
  ];
  for (const [name, corrupt, message] of corruptions) {
    it(`detects ${name}`, () => {
      const book = bookWith(COMMANDS.slice(0, 5));
      corrupt(internals(book));
      assert.throws(
        () => book.validateInternalState(),
        (error: unknown) => {
          assert.ok(error instanceof BookStateError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describeBooks('stateHash', (books) => {
  const hashOf = (commands: BookCommand[], startUs = T0_US) => bookWith(commands, startUs, books).stateHash();

  it('is 16 hex digits and equal for books fed the same commands', () => {
    const hash = hashOf(COMMANDS);
    assert.match(hash, /^[0-9a-f]{16}$/);
    assert.equal(hashOf(COMMANDS), hash);
  });

  it('does not depend on the engine time of the commands', () => {
    assert.equal(hashOf(COMMANDS, 5), hashOf(COMMANDS, T0_US));
  });

  it('pins the canonical serialisation of a small book', () => {
    const book = bookWith([limit('b1', 'alice', 'buy', 99, 2), limit('s1', 'bob', 'sell', 101, 4)], T0_US, books);
    const order = (id: string, account: string, side: string, price: number, size: number, seq: number) =>
      `["${id}","${account}",null,"${side}","limit","GTC",${price},${size},${size},${seq},null,null,null,false,"cancel_maker"]`;
    const canonical =
      `["BTC-PERP",6,"active",500,null,null,0,` +
      `[${order('b1', 'alice', 'buy', 99, 2, 1)},${order('s1', 'bob', 'sell', 101, 4, 4)}],[],[],["b1","s1"]]`;
    assert.equal(book.stateHash(), fnv1a64(canonical));
  });

  const variants: [string, BookCommand[]][] = [
    ['one more order', [...COMMANDS, limit('b4', 'erin', 'buy', 90, 1)]],
    ['a different size', [...COMMANDS.slice(0, 5), limit('x1', 'dave', 'buy', 101, 2)]],
    ['a different price', [...COMMANDS.slice(0, 5), limit('x1', 'dave', 'buy', 100, 1)]],
    ['a different account', [...COMMANDS.slice(0, 2), limit('b3', 'erin', 'buy', 98, 1), ...COMMANDS.slice(3)]],
    ['a different queue order', [COMMANDS[1], COMMANDS[0], ...COMMANDS.slice(2)]],
    ['only a later sequence (a rejected command)', [...COMMANDS, cancel('nope', 'alice')]],
    ['a cancelled order', [...COMMANDS, cancel('b3', 'carol')]],
    ['a mark price', [...COMMANDS, mark(100)]],
    ['the engine clock', [...COMMANDS, clock(T0_US)]],
    ['a market status', [...COMMANDS, status('halted')]],
    ['a position', [...COMMANDS, setPosition('erin', 3)]],
    ['a waiting conditional order', [...COMMANDS, stop('st', 'erin', 'buy', 1, { at: 110 })]],
  ];
  for (const [name, commands] of variants) {
    it(`differs for ${name}`, () => assert.notEqual(hashOf(commands), hashOf(COMMANDS)));
  }

  it('differs for another start sequence, another band and another market', () => {
    const empty = books.create(BTC_PERP).stateHash();
    assert.notEqual(books.create(BTC_PERP, { startSeq: 1 }).stateHash(), empty);
    assert.notEqual(books.create(BTC_PERP, { priceBandBps: 100 }).stateHash(), empty);
    assert.notEqual(books.create({ ...BTC_PERP, symbol: 'ETH-PERP' }).stateHash(), empty);
  });

  it('hashes ids outside ASCII without confusing them', () => {
    const first = hashOf([limit('ordre-é', 'compte-ü', 'buy', 99, 1)]);
    const second = hashOf([limit('ordre-è', 'compte-ü', 'buy', 99, 1)]);
    assert.match(first, /^[0-9a-f]{16}$/);
    assert.notEqual(first, second);
  });
});

describe('fnv1a64 and asciiJson', () => {
  /** Textbook FNV-1a 64 in bigint arithmetic, to check the 32-bit-halves version against. */
  function reference(text: string): string {
    let hash = 0xcbf29ce484222325n;
    for (let index = 0; index < text.length; index += 1) {
      hash = ((hash ^ BigInt(text.charCodeAt(index))) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return hash.toString(16).padStart(16, '0');
  }

  it('matches the published FNV-1a 64 test vectors', () => {
    assert.equal(fnv1a64(''), 'cbf29ce484222325');
    assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  });

  it('matches a bigint reference over every ASCII byte and long inputs', () => {
    const allBytes = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).join('');
    for (const text of [allBytes, allBytes.repeat(50), '~'.repeat(1000), '\u007f\u0000\u007f']) {
      assert.equal(fnv1a64(text), reference(text));
    }
  });

  it('refuses non-ASCII input', () => {
    assert.throws(() => fnv1a64('é'), RangeError);
  });

  it('escapes every non-ASCII character in JSON', () => {
    assert.equal(asciiJson(['é', 'a"b', '😀', 1]), '["\\u00e9","a\\"b","\\ud83d\\ude00",1]');
  });
});
