import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientMessage } from '../src/ws/client-message';
import { Liveness } from '../src/ws/liveness';
import { SubscriptionRegistry } from '../src/ws/subscription-registry';

describe('parseClientMessage', () => {
  it('accepts subscribe, unsubscribe and ping', () => {
    assert.deepEqual(parseClientMessage('{"op":"subscribe","channel":"book","market":"BTC-PERP"}'), {
      ok: true,
      message: { op: 'subscribe', channel: 'book', market: 'BTC-PERP' },
    });
    assert.deepEqual(parseClientMessage('{"op":"unsubscribe","channel":"trades","market":"ETH-PERP","x":1}'), {
      ok: true,
      message: { op: 'unsubscribe', channel: 'trades', market: 'ETH-PERP' },
    });
    assert.deepEqual(parseClientMessage('{"op":"ping"}'), { ok: true, message: { op: 'ping' } });
  });

  it('accepts auth with a key and the account channel without a market', () => {
    assert.deepEqual(parseClientMessage('{"op":"auth","key":"ak_1.secret"}'), {
      ok: true,
      message: { op: 'auth', key: 'ak_1.secret' },
    });
    assert.deepEqual(parseClientMessage('{"op":"subscribe","channel":"account","market":"BTC-PERP"}'), {
      ok: true,
      message: { op: 'subscribe', channel: 'account' },
    });
    assert.deepEqual(parseClientMessage('{"op":"unsubscribe","channel":"account"}'), {
      ok: true,
      message: { op: 'unsubscribe', channel: 'account' },
    });
    const code = (text: string) => {
      const parsed = parseClientMessage(text);
      return parsed.ok ? 'ok' : parsed.code;
    };
    assert.equal(code('{"op":"auth"}'), 'MALFORMED_MESSAGE');
    assert.equal(code('{"op":"auth","key":""}'), 'MALFORMED_MESSAGE');
    assert.equal(code('{"op":"auth","key":{"id":"ak_1"}}'), 'MALFORMED_MESSAGE');
    assert.equal(code('{"op":"subscribe","channel":"accounts"}'), 'UNKNOWN_CHANNEL');
  });

  it('describes what is wrong with a malformed message', () => {
    const code = (text: string) => {
      const parsed = parseClientMessage(text);
      return parsed.ok ? 'ok' : parsed.code;
    };
    assert.equal(code('not json'), 'MALFORMED_MESSAGE');
    assert.equal(code('[1,2]'), 'MALFORMED_MESSAGE');
    assert.equal(code('null'), 'MALFORMED_MESSAGE');
    assert.equal(code('{"op":"dance"}'), 'UNKNOWN_OP');
    assert.equal(code('{"op":"subscribe","channel":"candles","market":"BTC-PERP"}'), 'UNKNOWN_CHANNEL');
    assert.equal(code('{"op":"subscribe","channel":"book"}'), 'INVALID_MARKET');
    assert.equal(code('{"op":"subscribe","channel":"book","market":"BTC PERP"}'), 'INVALID_MARKET');
  });
});

describe('SubscriptionRegistry', () => {
  it('maps topics to subscribers and back, and removes a subscriber everywhere', () => {
    const registry = new SubscriptionRegistry<string>();
    assert.equal(registry.add('book:BTC-PERP', 'a'), true);
    assert.equal(registry.add('book:BTC-PERP', 'a'), false);
    registry.add('book:BTC-PERP', 'b');
    registry.add('trades:BTC-PERP', 'a');
    assert.deepEqual([...registry.subscribers('book:BTC-PERP')], ['a', 'b']);
    assert.deepEqual([...registry.topicsOf('a')], ['book:BTC-PERP', 'trades:BTC-PERP']);

    assert.equal(registry.remove('book:BTC-PERP', 'b'), true);
    assert.equal(registry.remove('book:BTC-PERP', 'b'), false);
    registry.removeSubscriber('a');
    assert.equal(registry.subscribers('book:BTC-PERP').size, 0);
    assert.equal(registry.subscribers('trades:BTC-PERP').size, 0);
    assert.equal(registry.topicsOf('a').size, 0);
  });
});

describe('Liveness', () => {
  it('pings clients heard recently and names the silent ones once', () => {
    const liveness = new Liveness<string>(30_000);
    liveness.heard('a', 0);
    liveness.heard('b', 0);
    liveness.heard('b', 20_000);
    assert.deepEqual(liveness.sweep(15_000), { ping: ['a', 'b'], silent: [] });
    assert.deepEqual(liveness.sweep(30_001), { ping: ['b'], silent: ['a'] });
    assert.deepEqual(liveness.sweep(30_002), { ping: ['b'], silent: [] });
    liveness.forget('b');
    assert.deepEqual(liveness.sweep(30_003), { ping: [], silent: [] });
  });
});
