import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomWalk, seededUniform } from '../src/random-walk';

const BTC = { underlying: 'BTC', startPrice: 50_000_000_000, stepVolatility: 0.0005 };

describe('seeded random walk', () => {
  it('repeats the same path for the same seed', () => {
    const a = new RandomWalk([BTC], 7);
    const b = new RandomWalk([BTC], 7);
    for (let i = 0; i < 100; i++) assert.deepEqual(a.step(), b.step());
  });

  it('takes a different path for another seed', () => {
    assert.notDeepEqual(new RandomWalk([BTC], 7).step(), new RandomWalk([BTC], 8).step());
  });

  it('moves in whole micro-USDC, stays positive and near its start over a short walk', () => {
    const walk = new RandomWalk([BTC], 1);
    let price = BTC.startPrice;
    for (let i = 0; i < 1000; i++) price = walk.step().get('BTC') ?? 0;
    assert.ok(Number.isInteger(price) && price > 0);
    assert.ok(Math.abs(Math.log(price / BTC.startPrice)) < 0.2, `drifted to ${price}`);
  });

  it('draws uniforms in [0, 1)', () => {
    const uniform = seededUniform(42);
    for (let i = 0; i < 10_000; i++) {
      const x = uniform();
      assert.ok(x >= 0 && x < 1);
    }
  });
});
