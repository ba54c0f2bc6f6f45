import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { MarginParamsUpdate } from '@exchange/contracts';
import { BTC_PORTFOLIO_PARAMS, ETH_PORTFOLIO_PARAMS, PortfolioMarginParams } from '@exchange/margin';
import { assertRefusesMalformedJson, Harness, startGateway } from './app-harness';
import { FakeRiskService, gatewayWithRiskService } from './fake-risk-service';
import { STAFF_KEY, TRADER_KEY } from './fakes';

/** The structures as JSON carries them, as the risk service would answer them. */
const BTC: PortfolioMarginParams = JSON.parse(JSON.stringify(BTC_PORTFOLIO_PARAMS));
const ETH: PortfolioMarginParams = JSON.parse(JSON.stringify(ETH_PORTFOLIO_PARAMS));
const CURRENT = { paramsVersion: 'BTC:portfolio-margin-1,ETH:portfolio-margin-1', byUnderlying: { BTC, ETH } };

/** BTC's parameters under a new version with a wider price range. */
const WIDER: PortfolioMarginParams = { ...BTC, version: 'btc-2025-02', priceRange: 0.2 };

const put = (gateway: Harness, underlying: string, body: unknown, key = STAFF_KEY) =>
  gateway.request({ method: 'PUT', url: `/admin/v1/margin-params/${underlying}`, key, body });

const published = (gateway: Harness): MarginParamsUpdate[] =>
  gateway.bus.published
    .filter(({ topic }) => topic === 'margin.params')
    .map(({ message }) => message as MarginParamsUpdate);

describe('staff margin parameters', () => {
  const { risk, gateway: currentGateway } = gatewayWithRiskService({ status: 200, body: CURRENT });
  let gateway: Harness;
  beforeEach(() => {
    gateway = currentGateway();
  });

  /** Nothing reached the bus or the audit log. */
  const assertNothingDone = (): void => assert.deepEqual([published(gateway), gateway.store.auditEntries], [[], []]);

  describe('GET /admin/v1/margin-params', () => {
    it('answers what the risk service computes with', async () => {
      const response = await gateway.request({ method: 'GET', url: '/admin/v1/margin-params', key: STAFF_KEY });
      assert.deepEqual([response.status, response.body], [200, CURRENT]);
      assert.deepEqual(risk.requests, [
        { method: 'GET', url: '/internal/v1/margin-params', contentType: '', body: undefined },
      ]);
    });

    it('answers 503 RISK_UNAVAILABLE when the risk service fails, is slow or answers nonsense', async () => {
      for (const answer of [
        { status: 500, body: { code: 'INTERNAL', message: 'internal error' } },
        { status: 200, body: CURRENT, delayMs: 1000 },
        { status: 200, body: 'not json' },
        { status: 200, body: { paramsVersion: 'v1' } },
        { status: 200, body: { paramsVersion: 'v1', byUnderlying: { BTC: { ...BTC, version: 7 } } } },
        { status: 404, body: { code: 'NOT_FOUND', message: 'Cannot GET /internal/v1/margin-params' } },
      ]) {
        risk.next = answer;
        const response = await gateway.request({ method: 'GET', url: '/admin/v1/margin-params', key: STAFF_KEY });
        assert.deepEqual(
          [response.status, response.body],
          [503, { code: 'RISK_UNAVAILABLE', message: 'the risk service is unavailable, retry later' }],
          JSON.stringify(answer),
        );
      }
    });
  });

  describe('PUT /admin/v1/margin-params/{underlying}', () => {
    it('publishes a new version, audit-logs it and answers 202 with the structure', async () => {
      const response = await put(gateway, 'BTC', { ...WIDER, comment: 'wider after the halving' });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.deepEqual(response.body, WIDER);
      const timestampMs = gateway.clock.nowMs();
      // Only the structure's own fields travel: the comment is dropped.
      assert.deepEqual(published(gateway), [{ underlying: 'BTC', params: WIDER, timestampMs, source: 'staff' }]);
      assert.deepEqual(gateway.store.auditEntries, [
        { actor: 'ak_staff', action: 'margin_params.publish', target: 'BTC', details: { params: WIDER, timestampMs } },
      ]);
      assert.deepEqual(
        risk.requests.map(({ method, url }) => `${method} ${url}`),
        ['GET /internal/v1/margin-params'],
      );
    });

    it('publishes the first version of an underlying the risk service has no parameters for', async () => {
      risk.next = { status: 200, body: { paramsVersion: 'BTC:portfolio-margin-1', byUnderlying: { BTC } } };
      const response = await put(gateway, 'ETH', ETH);
      assert.deepEqual([response.status, response.body], [202, ETH]);
      assert.deepEqual(
        published(gateway).map(({ underlying, params }) => [underlying, params]),
        [['ETH', ETH]],
      );
    });

    it('refuses a version that names other values with 409, whatever changed', async () => {
      for (const clash of [
        { ...BTC, priceRange: 0.2 },
        { ...BTC, hedgeFirst: { ...BTC.hedgeFirst, z: 3 } },
        { ...BTC, extendedMoves: BTC.extendedMoves.slice(1) },
      ]) {
        const response = await put(gateway, 'BTC', clash);
        assert.deepEqual(
          [response.status, response.body],
          [
            409,
            {
              code: 'MARGIN_PARAMS_VERSION_EXISTS',
              message:
                'version portfolio-margin-1 of the BTC margin parameters exists with other values: name a new version',
              details: { underlying: 'BTC', version: 'portfolio-margin-1' },
            },
          ],
          JSON.stringify(clash),
        );
      }
      assertNothingDone();
    });

    it('answers 200 and publishes nothing when the risk service holds the structure already (a retry)', async () => {
      risk.next = { status: 200, body: { ...CURRENT, byUnderlying: { BTC: WIDER, ETH } } };
      const again = await put(gateway, 'BTC', WIDER);
      assert.deepEqual([again.status, again.body], [200, WIDER]);
      // The same values written otherwise: keys in another order, -0 for 0, an extra field.
      const reordered = Object.fromEntries(Object.entries({ ...WIDER, note: 'retry' }).reverse());
      const otherwise = JSON.stringify({ ...reordered, hedgeFirst: { ...WIDER.hedgeFirst, shortOptionRate: 0 } });
      risk.next = {
        status: 200,
        body: {
          ...CURRENT,
          byUnderlying: { BTC: { ...WIDER, hedgeFirst: { ...WIDER.hedgeFirst, shortOptionRate: 0 } } },
        },
      };
      const written = await gateway.request({
        method: 'PUT',
        url: '/admin/v1/margin-params/BTC',
        key: STAFF_KEY,
        json: otherwise.replace('"shortOptionRate":0', '"shortOptionRate":-0'),
      });
      assert.equal(written.status, 200, JSON.stringify(written.body));
      assertNothingDone();
    });

    it('names the first field of the wrong type or out of its range', async () => {
      const cases: [unknown, string, string][] = [
        [{ ...WIDER, priceRange: '0.2' }, 'priceRange', 'must be a finite number'],
        [{ ...WIDER, linear: 0.02 }, 'linear', 'must be an object'],
        [{ ...WIDER, volShock: { ...BTC.volShock, up: null } }, 'volShock.up', 'must be a finite number'],
        [{ ...WIDER, hedgeFirst: undefined }, 'hedgeFirst', 'must be an object'],
        [{ ...WIDER, version: 2 }, 'version', 'must be 1 to 64 letters, digits or . _ : -'],
        [{ ...WIDER, version: 'v 2' }, 'version', 'must be 1 to 64 letters, digits or . _ : -'],
        [{ ...WIDER, extendedMoves: '0.5' }, 'extendedMoves', 'must be a list of at most 20 moves'],
        [{ ...WIDER, volShock: { ...BTC.volShock, down: 1.5 } }, 'volShock.down', 'must be <= 1'],
        [{ ...WIDER, priceBuckets: 2.5 }, 'priceBuckets', 'must be a whole number'],
        [{ ...WIDER, priceRange: 0 }, 'priceRange', 'must be > 0'],
        [{ ...WIDER, dampenerUsd: -1 }, 'dampenerUsd', 'must be >= 0'],
        [{ ...WIDER, roll: { ...BTC.roll, floor: 1 } }, 'roll.floor', 'must be < 1'],
        [{ ...WIDER, extendedMoves: [0.5, -1] }, 'extendedMoves[1]', 'must be a finite move above -1 (-100%)'],
        [{ ...WIDER, underlying: 'ETH' }, 'underlying', 'must be BTC'],
      ];
      for (const [body, field, reason] of cases) {
        const response = await put(gateway, 'BTC', body);
        assert.deepEqual(
          [response.status, response.body],
          [400, { code: 'INVALID_MARGIN_PARAMS', message: `${field} ${reason}`, details: { field, reason } }],
          JSON.stringify(body),
        );
      }
      // JSON has no Infinity, but 1e400 parses to it.
      const infinite = await gateway.request({
        method: 'PUT',
        url: '/admin/v1/margin-params/BTC',
        key: STAFF_KEY,
        json: JSON.stringify(WIDER).replace('"dampenerUsd":100000', '"dampenerUsd":1e400'),
      });
      assert.deepEqual(
        [infinite.status, infinite.body.details],
        [400, { field: 'dampenerUsd', reason: 'must be a finite number' }],
      );
      assert.deepEqual(risk.requests, []);
      assertNothingDone();
    });

    it('refuses structures that break a rule across fields', async () => {
      const cases: [PortfolioMarginParams, string, string][] = [
        [
          { ...WIDER, linear: { ...BTC.linear, maintenanceRate: 0.03 } },
          'linear.maintenanceRate',
          'must not exceed linear.initialRate',
        ],
        [
          { ...WIDER, shortOption: { ...BTC.shortOption, initialFloorRate: 0.2 } },
          'shortOption.initialFloorRate',
          'must not exceed shortOption.initialRate',
        ],
        [
          { ...WIDER, priceRangeModel: { ...BTC.priceRangeModel, min: 0.5 } },
          'priceRangeModel.min',
          'must not exceed priceRangeModel.max',
        ],
      ];
      for (const [body, field, reason] of cases) {
        const response = await put(gateway, 'BTC', body);
        assert.deepEqual(
          [response.status, response.body.code, response.body.details],
          [400, 'INVALID_MARGIN_PARAMS', { field, reason }],
          field,
        );
      }
      assertNothingDone();
    });

    it('refuses underlyings without a listed market, before asking the risk service', async () => {
      for (const underlying of ['DOGE', 'btc']) {
        const response = await put(gateway, underlying, { ...WIDER, underlying });
        assert.deepEqual(
          [response.status, response.body],
          [
            400,
            {
              code: 'UNKNOWN_UNDERLYING',
              message: `no market is listed on underlying ${underlying}`,
              details: { underlying },
            },
          ],
        );
      }
      assert.deepEqual(risk.requests, []);
      assertNothingDone();
    });

    it('refuses malformed JSON and bodies that are not an object', async () => {
      await assertRefusesMalformedJson(
        gateway,
        { method: 'PUT', url: '/admin/v1/margin-params/BTC', key: STAFF_KEY },
        '{"version":"v2","linear":{',
      );
      for (const json of ['[]', '5', 'null', '"BTC"', `[${JSON.stringify(WIDER)}]`]) {
        const response = await gateway.request({
          method: 'PUT',
          url: '/admin/v1/margin-params/BTC',
          key: STAFF_KEY,
          json,
        });
        assert.deepEqual(
          [response.status, response.body.code, response.body.details],
          [
            400,
            'VALIDATION_ERROR',
            { fields: [{ field: '(body)', problems: ['must be a JSON object: the whole parameter structure'] }] },
          ],
          json,
        );
      }
      const empty = await gateway.request({ method: 'PUT', url: '/admin/v1/margin-params/BTC', key: STAFF_KEY });
      assert.deepEqual(
        [empty.status, empty.body.code, empty.body.details.field],
        [400, 'INVALID_MARGIN_PARAMS', 'linear'],
      );
      assert.deepEqual(risk.requests, []);
      assertNothingDone();
    });

    it('answers 503 RISK_UNAVAILABLE and publishes nothing when the risk service does not answer', async () => {
      for (const answer of [
        { status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: 'starting' } },
        { status: 200, body: CURRENT, delayMs: 1000 },
        { status: 200, body: { byUnderlying: { BTC } } },
      ]) {
        risk.next = answer;
        const response = await put(gateway, 'BTC', WIDER);
        assert.deepEqual([response.status, response.body.code], [503, 'RISK_UNAVAILABLE'], JSON.stringify(answer));
      }
      const closed = new FakeRiskService({ status: 200, body: CURRENT });
      const unreachable = await startGateway({ portfolioMarginUrl: await closed.start() });
      await closed.stop();
      try {
        const response = await put(unreachable, 'BTC', WIDER);
        assert.deepEqual([response.status, response.body.code], [503, 'RISK_UNAVAILABLE']);
        assert.deepEqual([published(unreachable), unreachable.store.auditEntries], [[], []]);
      } finally {
        await unreachable.close();
      }
      assertNothingDone();
    });

    it('answers 503 SERVICE_UNAVAILABLE when the update cannot be published', async () => {
      gateway.bus.failPublish = true;
      const response = await put(gateway, 'BTC', WIDER);
      assert.deepEqual(
        [response.status, response.body],
        [503, { code: 'SERVICE_UNAVAILABLE', message: 'margin parameter update not published, retry later' }],
      );
    });
  });

  it('documents both routes with the parameter structure', async () => {
    const docs = (await gateway.request({ method: 'GET', url: '/docs-json' })).body;
    const replace = docs.paths['/admin/v1/margin-params/{underlying}'].put;
    const structure = { $ref: '#/components/schemas/PortfolioMarginParamsView' };
    assert.deepEqual(replace.requestBody.content['application/json'].schema, structure);
    assert.deepEqual(Object.keys(replace.responses), ['200', '202', '400', '401', '403', '409', '503']);
    assert.deepEqual(replace.responses['202'].content['application/json'].schema, structure);
    assert.deepEqual(
      Object.keys(docs.components.schemas.PortfolioMarginParamsView.properties).sort(),
      Object.keys(BTC).sort(),
    );
    const current = docs.paths['/admin/v1/margin-params'].get;
    assert.deepEqual(Object.keys(current.responses), ['200', '401', '403', '503']);
    assert.deepEqual(
      docs.components.schemas.CurrentMarginParamsView.properties.byUnderlying.additionalProperties,
      structure,
    );
  });

  it('is for staff only', async () => {
    const trader = await put(gateway, 'BTC', WIDER, TRADER_KEY);
    assert.deepEqual([trader.status, trader.body.code], [403, 'FORBIDDEN']);
    const traderRead = await gateway.request({ method: 'GET', url: '/admin/v1/margin-params', key: TRADER_KEY });
    assert.deepEqual([traderRead.status, traderRead.body.code], [403, 'FORBIDDEN']);
    const anonymous = await gateway.request({ method: 'PUT', url: '/admin/v1/margin-params/BTC', body: WIDER });
    assert.deepEqual([anonymous.status, anonymous.body.code], [401, 'UNAUTHENTICATED']);
    const anonymousRead = await gateway.request({ method: 'GET', url: '/admin/v1/margin-params' });
    assert.deepEqual([anonymousRead.status, anonymousRead.body.code], [401, 'UNAUTHENTICATED']);
    assert.deepEqual(risk.requests, []);
    assertNothingDone();
  });
});
