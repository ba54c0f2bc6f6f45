import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShardedMap, ShardedSet } from '../src/sharded-map';

/** 2,000 distinct ids in scrambled order (7919 is prime to 2000), with short and empty ones. */
const IDS = [...Array.from({ length: 2000 }, (_, index) => `o${(index * 7919) % 2000}`), 'a', ''];

describe('ShardedSet', () => {
  it('remembers every key added, across shards, and lists them sorted', () => {
    const seen = new ShardedSet();
    for (const key of IDS) seen.add(key);
    seen.add('o5');
    assert.equal(seen.has('o1999'), true);
    assert.equal(seen.has(''), true);
    assert.equal(seen.has('o2000'), false);
    assert.deepEqual(seen.sorted(), [...IDS].sort());
  });

  it('forgets a deleted key only', () => {
    const seen = new ShardedSet();
    seen.add('a');
    seen.add('b');
    assert.equal(seen.delete('a'), true);
    assert.equal(seen.delete('a'), false);
    assert.deepEqual(seen.sorted(), ['b']);
  });
});

describe('ShardedMap', () => {
  it('maps every key to its latest value and counts keys, not writes', () => {
    const map = new ShardedMap<number>();
    IDS.forEach((key, index) => map.set(key, index));
    map.set('o7', -1);
    assert.equal(map.size, IDS.length);
    assert.equal(map.get('o7'), -1);
    assert.equal(map.get('a'), 2000);
    assert.equal(map.get('o2000'), undefined);
    assert.equal(map.has(''), true);
    assert.equal([...map.values()].length, IDS.length);
  });

  it('deletes a key once and shrinks its size', () => {
    const map = new ShardedMap<string>();
    map.set('x1', 'one');
    map.set('x2', 'two');
    assert.equal(map.delete('x1'), true);
    assert.equal(map.delete('x1'), false);
    assert.equal(map.size, 1);
    assert.equal(map.has('x1'), false);
    assert.deepEqual([...map.values()], ['two']);
  });
});
