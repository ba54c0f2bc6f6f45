import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatScaled, formatSteps, parseScaled, toSteps, valuePerTickLot } from '@exchange/domain';

describe('decimal strings to steps', () => {
  const cases: [string, string, ReturnType<typeof toSteps>][] = [
    ['50000.5', '0.5', { ok: true, value: 100001 }],
    ['50000', '0.5', { ok: true, value: 100000 }],
    ['0.001', '0.001', { ok: true, value: 1 }],
    ['1.2340', '0.001', { ok: true, value: 1234 }],
    ['50000.25', '0.5', { ok: false, error: 'TOO_MANY_DECIMALS' }],
    ['50000.3', '0.5', { ok: false, error: 'NOT_A_MULTIPLE' }],
    ['-1', '0.001', { ok: false, error: 'NEGATIVE' }],
    ['1e5', '0.001', { ok: false, error: 'NOT_A_DECIMAL' }],
    ['', '0.001', { ok: false, error: 'NOT_A_DECIMAL' }],
    [' 1', '0.001', { ok: false, error: 'NOT_A_DECIMAL' }],
    ['1.', '0.001', { ok: false, error: 'NOT_A_DECIMAL' }],
    ['0x10', '1', { ok: false, error: 'NOT_A_DECIMAL' }],
    ['1000000000000000', '0.001', { ok: false, error: 'TOO_LARGE' }],
    ['9'.repeat(400), '1', { ok: false, error: 'TOO_LARGE' }],
  ];
  for (const [text, step, expected] of cases) {
    it(`${JSON.stringify(text)} in steps of ${step}`, () => assert.deepEqual(toSteps(text, step), expected));
  }

  it('round-trips steps through strings', () => {
    assert.equal(formatSteps(100001, '0.5'), '50000.5');
    assert.equal(formatSteps(1, '0.001'), '0.001');
    assert.equal(formatSteps(0, '0.001'), '0');
  });

  it('formats negative scaled values', () => {
    assert.equal(formatScaled(-1_500_000n, 6), '-1.5');
    assert.equal(formatScaled(5, 6), '0.000005');
  });

  it('parses signed decimals at a scale', () => {
    assert.deepEqual(parseScaled('-0.25', 6), { ok: true, value: -250000n });
  });

  it('values one tick on one lot in micro-USDC', () => {
    assert.equal(valuePerTickLot({ tickSize: '0.5', lotSize: '0.001' }), 500);
    assert.equal(valuePerTickLot({ tickSize: '0.05', lotSize: '0.01' }), 500);
    assert.equal(valuePerTickLot({ tickSize: '1', lotSize: '1' }), 1_000_000);
    assert.throws(() => valuePerTickLot({ tickSize: '0.0001', lotSize: '0.001' }));
  });
});
