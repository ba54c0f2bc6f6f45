import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { VolSurfaceUpdate } from '@exchange/contracts';
import { assertRefusesMalformedJson, Harness, startGateway } from './app-harness';
import { STAFF_KEY, TRADER_KEY } from './fakes';

const DEC_2025 = '2025-12-26T08:00:00Z';
const JUN_2026 = '2026-06-26T08:00:00Z';
/** A smile well inside the SVI constraints: 0.04 + 0.1 (-0.3 (k - 0) + sqrt(k^2 + 0.1^2)). */
const svi = { a: 0.04, b: 0.1, rho: -0.3, m: 0, sigma: 0.1 };

const post = (gateway: Harness, body: unknown, key = STAFF_KEY) =>
  gateway.request({ method: 'POST', url: '/admin/v1/vol-surfaces', key, body });

const published = (gateway: Harness): VolSurfaceUpdate[] =>
  gateway.bus.published
    .filter(({ topic }) => topic === 'vol.surfaces')
    .map(({ message }) => message as VolSurfaceUpdate);

describe('POST /admin/v1/vol-surfaces', () => {
  let gateway: Harness;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(() => gateway.close());

  it('checks, audit-logs and publishes a surface by expiry, and echoes it', async () => {
    // The later smile's total variance (at least 0.3) stays above the earlier flat 0.5^2 x 0.98 years.
    const response = await post(gateway, {
      underlying: 'BTC',
      slices: [
        { expiry: '2026-06-26T10:00:00+02:00', svi: { ...svi, a: 0.3 } },
        { expiry: DEC_2025, atmVol: 0.5 },
      ],
    });
    assert.equal(response.status, 202, JSON.stringify(response.body));
    const nowMs = gateway.clock.nowMs();
    const update: VolSurfaceUpdate = {
      underlying: 'BTC',
      slices: [
        { expiryMs: Date.parse(DEC_2025), smile: { kind: 'flat', vol: 0.5 } },
        { expiryMs: Date.parse(JUN_2026), smile: { kind: 'svi', ...svi, a: 0.3 } },
      ],
      timestampMs: nowMs,
      source: 'staff',
    };
    assert.deepEqual(published(gateway), [update]);
    assert.deepEqual(gateway.store.auditEntries, [
      {
        actor: 'ak_staff',
        action: 'vol_surfaces.publish',
        target: 'BTC',
        details: { slices: update.slices, timestampMs: nowMs },
      },
    ]);
    assert.deepEqual(response.body, {
      underlying: 'BTC',
      slices: [
        { expiry: DEC_2025, atmVol: 0.5 },
        { expiry: JUN_2026, svi: { ...svi, a: 0.3 } },
      ],
      timestampMs: nowMs,
    });
  });

  it('refuses calendar arbitrage with the expiry, the check and the reason, and publishes nothing', async () => {
    // Total variance 0.81 x 0.98 y at the first expiry, 0.09 x 1.48 y at the second: it falls.
    const response = await post(gateway, {
      underlying: 'BTC',
      slices: [
        { expiry: DEC_2025, atmVol: 0.9 },
        { expiry: JUN_2026, atmVol: 0.3 },
      ],
    });
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'VOL_SURFACE_ARBITRAGE');
    assert.equal(response.body.details.expiry, JUN_2026);
    assert.equal(response.body.details.check, 'calendar');
    assert.match(response.body.details.reason, /below that of the earlier expiry/);
    assert.deepEqual([published(gateway), gateway.store.auditEntries], [[], []]);
  });

  it('refuses butterfly arbitrage and impossible SVI parameters', async () => {
    const steepWings = await post(gateway, {
      underlying: 'BTC',
      slices: [{ expiry: DEC_2025, svi: { ...svi, b: 2, rho: 0.5 } }],
    });
    assert.equal(steepWings.status, 422);
    assert.deepEqual(
      [steepWings.body.code, steepWings.body.details.check, steepWings.body.details.expiry],
      ['VOL_SURFACE_ARBITRAGE', 'butterfly', DEC_2025],
    );
    const cases: [Record<string, number>, RegExp][] = [
      [{ rho: 1 }, /rho/],
      [{ b: -0.1 }, /b = -0.1/],
      [{ sigma: 0 }, /sigma/],
      [{ a: -1 }, /a \+ b sigma/],
    ];
    for (const [change, reason] of cases) {
      const response = await post(gateway, {
        underlying: 'BTC',
        slices: [{ expiry: DEC_2025, svi: { ...svi, ...change } }],
      });
      assert.equal(response.status, 422, JSON.stringify(change));
      assert.deepEqual([response.body.code, response.body.details.check], ['INVALID_VOL_SURFACE', 'parameters']);
      assert.match(response.body.details.reason, reason);
    }
    const zeroVol = await post(gateway, { underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: 0 }] });
    assert.deepEqual([zeroVol.status, zeroVol.body.code], [422, 'INVALID_VOL_SURFACE']);
    assert.deepEqual(published(gateway), []);
  });

  it('refuses unknown underlyings and past, malformed, fractional-second or repeated expiries', async () => {
    const unknown = await post(gateway, { underlying: 'DOGE', slices: [{ expiry: DEC_2025, atmVol: 0.5 }] });
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'UNKNOWN_UNDERLYING']);
    const cases: [unknown[], string][] = [
      [[{ expiry: '2024-12-27T08:00:00Z', atmVol: 0.5 }], 'PAST'],
      [[{ expiry: '2025-01-01T00:00:00Z', atmVol: 0.5 }], 'PAST'], // the gateway's clock: now is not the future
      [[{ expiry: '2025-02-30T08:00:00Z', atmVol: 0.5 }], 'MALFORMED'],
      [[{ expiry: '26DEC25', atmVol: 0.5 }], 'MALFORMED'],
      [[{ expiry: '2025-12-26T08:00:00.500Z', atmVol: 0.5 }], 'NOT_WHOLE_SECOND'],
      [[{ expiry: '2045-12-26T08:00:00Z', atmVol: 0.5 }], 'TOO_LATE'],
      [
        [
          { expiry: DEC_2025, atmVol: 0.5 },
          { expiry: '2025-12-26T09:00:00+01:00', atmVol: 0.6 },
        ],
        'DUPLICATE',
      ],
    ];
    for (const [slices, reason] of cases) {
      const response = await post(gateway, { underlying: 'BTC', slices });
      assert.deepEqual(
        [response.status, response.body.code, response.body.details?.reason],
        [400, 'INVALID_EXPIRY', reason],
        JSON.stringify(slices),
      );
    }
    assert.deepEqual(published(gateway), []);
  });

  it('refuses malformed bodies: both or neither smile, wrong types, non-finite or absurd numbers', async () => {
    const cases: [unknown, string][] = [
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: 0.5, svi }] }, 'slices.0'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025 }] }, 'slices.0'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: '0.5' }] }, 'slices.0.atmVol'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: -0.5 }] }, 'slices.0.atmVol'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: 11 }] }, 'slices.0.atmVol'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, svi: { ...svi, a: 1e6 } }] }, 'slices.0.svi.a'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, svi: { ...svi, sigma: undefined } }] }, 'slices.0.svi.sigma'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, svi: { ...svi, nu: 1 } }] }, 'slices.0.svi.nu'],
      [{ underlying: 'BTC', slices: [{ expiry: DEC_2025, svi: 'flat' }] }, 'slices.0.svi'],
      [{ underlying: 'BTC', slices: [{ expiry: 20251226, atmVol: 0.5 }] }, 'slices.0.expiry'],
      [{ underlying: 'BTC', slices: [] }, 'slices'],
      [{ underlying: 'BTC', slices: [7] }, 'slices.0'],
      [{ underlying: 'BTC', slices: { expiry: DEC_2025, atmVol: 0.5 } }, 'slices'],
      [{ underlying: 'btc', slices: [{ expiry: DEC_2025, atmVol: 0.5 }] }, 'underlying'],
      [{ slices: [{ expiry: DEC_2025, atmVol: 0.5 }] }, 'underlying'],
    ];
    for (const [body, field] of cases) {
      const response = await post(gateway, body);
      assert.deepEqual([response.status, response.body.code], [400, 'VALIDATION_ERROR'], JSON.stringify(body));
      assert.ok(
        response.body.details.fields.some((problem: { field: string }) => problem.field === field),
        `${JSON.stringify(body)}: ${JSON.stringify(response.body.details.fields)}`,
      );
    }
    // JSON has no Infinity, but 1e400 parses to it.
    const infinite = await gateway.request({
      method: 'POST',
      url: '/admin/v1/vol-surfaces',
      key: STAFF_KEY,
      json: `{"underlying":"BTC","slices":[{"expiry":"${DEC_2025}","atmVol":1e400}]}`,
    });
    assert.deepEqual([infinite.status, infinite.body.details.fields[0].field], [400, 'slices.0.atmVol']);
    const tooMany = await post(gateway, {
      underlying: 'BTC',
      slices: Array.from({ length: 65 }, (_, index) => ({
        expiry: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`,
        atmVol: 0.5,
      })),
    });
    assert.deepEqual([tooMany.status, tooMany.body.details.fields[0].field], [400, 'slices']);
    await assertRefusesMalformedJson(
      gateway,
      { method: 'POST', url: '/admin/v1/vol-surfaces', key: STAFF_KEY },
      '{"underlying":"BTC","slices":[',
    );
    assert.deepEqual(published(gateway), []);
  });

  it('is for staff only', async () => {
    const body = { underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: 0.5 }] };
    const trader = await post(gateway, body, TRADER_KEY);
    assert.deepEqual([trader.status, trader.body.code], [403, 'FORBIDDEN']);
    const anonymous = await gateway.request({ method: 'POST', url: '/admin/v1/vol-surfaces', body });
    assert.deepEqual([anonymous.status, anonymous.body.code], [401, 'UNAUTHENTICATED']);
    assert.deepEqual(published(gateway), []);
  });

  it('answers 503 when the surface cannot be published', async () => {
    gateway.bus.failPublish = true;
    const response = await post(gateway, { underlying: 'BTC', slices: [{ expiry: DEC_2025, atmVol: 0.5 }] });
    assert.deepEqual([response.status, response.body.code], [503, 'SERVICE_UNAVAILABLE']);
  });
});
