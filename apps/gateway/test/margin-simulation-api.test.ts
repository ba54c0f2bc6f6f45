import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { MarginSimulationRequest, MarginSimulationResult } from '@exchange/contracts';
import { assertRefusedFieldByField, assertRefusesMalformedJson, Harness, startGateway } from './app-harness';
import { FakeRiskService, gatewayWithRiskService, RiskAnswer } from './fake-risk-service';
import { ETH_PERP, TRADER_ACCOUNT, TRADER_KEY } from './fakes';

const RESULT: MarginSimulationResult = {
  model: 'portfolio',
  paramsVersion: 'v7',
  params: { BTC: { priceMoves: [-0.15, 0.15], volShock: 0.45 } },
  initialMargin: '1250500000',
  maintenanceMargin: '625250000',
  units: [
    {
      unit: 'BTC',
      initialMargin: '1250500000',
      maintenanceMargin: '625250000',
      charges: { scenarioLoss: 1200.5, contingency: 50, deltaFloor: null },
      scenarios: [
        { move: -0.15, volShock: 'up', extended: false, pnl: -1200.5, charged: -1200.5 },
        { move: 0.45, volShock: 'same', extended: true, pnl: -9000, charged: -900 },
      ],
    },
  ],
};

const simulate = (gateway: Harness, body: unknown) =>
  gateway.request({ method: 'POST', url: '/v1/margin/simulate', key: TRADER_KEY, body });

describe('POST /v1/margin/simulate', () => {
  const { risk, gateway: currentGateway, url: riskUrl } = gatewayWithRiskService({ status: 200, body: RESULT });
  let gateway: Harness;
  beforeEach(() => {
    gateway = currentGateway();
  });

  it('asks the risk service in lots and answers its result in USDC decimals', async () => {
    const response = await simulate(gateway, {
      positions: [
        { market: 'BTC-PERP', size: '-0.5' },
        { market: 'ETH-PERP', size: '2.25' },
        { market: 'BTC-PERP', size: '0.125' },
      ],
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const expected: MarginSimulationRequest = {
      accountId: TRADER_ACCOUNT,
      includeAccount: true,
      positions: [
        { market: 'BTC-PERP', sizeLots: -375 },
        { market: 'ETH-PERP', sizeLots: 225 },
      ],
    };
    assert.deepEqual(risk.requests, [
      { method: 'POST', url: '/internal/v1/margin/simulate', contentType: 'application/json', body: expected },
    ]);
    assert.deepEqual(response.body, {
      model: 'portfolio',
      paramsVersion: 'v7',
      params: RESULT.params,
      initialMargin: '1250.5',
      maintenanceMargin: '625.25',
      units: [
        {
          unit: 'BTC',
          initialMargin: '1250.5',
          maintenanceMargin: '625.25',
          charges: RESULT.units[0].charges,
          scenarios: RESULT.units[0].scenarios,
        },
      ],
    });
  });

  it('passes on includeAccount and the model asked for; no positions is the account alone', async () => {
    await simulate(gateway, {
      positions: [{ market: 'ETH-PERP', size: '1' }],
      includeAccount: false,
      model: 'standard',
    });
    await simulate(gateway, { positions: [] });
    assert.deepEqual(
      risk.requests.map((request) => request.body),
      [
        {
          accountId: TRADER_ACCOUNT,
          includeAccount: false,
          model: 'standard',
          positions: [{ market: ETH_PERP.symbol, sizeLots: 100 }],
        },
        { accountId: TRADER_ACCOUNT, includeAccount: true, positions: [] },
      ],
    );
  });

  it('refuses unknown markets and sizes off the lot grid before asking the risk service', async () => {
    const unknown = await simulate(gateway, {
      positions: [
        { market: 'BTC-PERP', size: '1' },
        { market: 'DOGE-PERP', size: '1' },
      ],
    });
    assert.deepEqual(
      [unknown.status, unknown.body],
      [404, { code: 'UNKNOWN_MARKET', message: 'unknown market DOGE-PERP', details: { field: 'positions.1.market' } }],
    );
    const cases: [unknown, string, string, string][] = [
      [{ market: 'BTC-PERP', size: '0.0001' }, 'INVALID_QUANTITY', 'positions.0.size', 'TOO_MANY_DECIMALS'],
      [{ market: 'BTC-PERP', size: '-0.0015' }, 'INVALID_QUANTITY', 'positions.0.size', 'TOO_MANY_DECIMALS'],
      [{ market: 'BTC-PERP', size: '0' }, 'INVALID_QUANTITY', 'positions.0.size', 'ZERO'],
      [{ market: 'BTC-PERP', size: '-0' }, 'INVALID_QUANTITY', 'positions.0.size', 'ZERO'],
      [{ market: 'BTC-PERP', size: '--1' }, 'INVALID_QUANTITY', 'positions.0.size', 'NOT_A_DECIMAL'],
      [{ market: 'BTC-PERP', size: '1e3' }, 'INVALID_QUANTITY', 'positions.0.size', 'NOT_A_DECIMAL'],
      [{ market: 'BTC-PERP', size: '+1' }, 'INVALID_QUANTITY', 'positions.0.size', 'NOT_A_DECIMAL'],
      [{ market: 'BTC-PERP', size: ' 1' }, 'INVALID_QUANTITY', 'positions.0.size', 'NOT_A_DECIMAL'],
      [{ market: 'BTC-PERP', size: '9'.repeat(30) }, 'INVALID_QUANTITY', 'positions.0.size', 'TOO_LARGE'],
      [{ market: 'BTC-PERP', size: '-1000000000.001' }, 'INVALID_QUANTITY', 'positions.0.size', 'TOO_LARGE'],
    ];
    for (const [position, code, field, reason] of cases) {
      const response = await simulate(gateway, { positions: [position] });
      assert.deepEqual(
        [response.status, response.body.code, response.body.details?.field, response.body.details?.reason],
        [400, code, field, reason],
        JSON.stringify(position),
      );
    }
    assert.deepEqual(risk.requests, []);
  });

  it('refuses malformed bodies field by field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'positions'],
      [{ positions: 'BTC-PERP' }, 'positions'],
      [{ positions: [{ market: 'BTC-PERP', size: -0.5 }] }, 'positions.0.size'],
      [{ positions: [{ market: 'BTC-PERP' }] }, 'positions.0.size'],
      [{ positions: [{ market: 'BTC PERP', size: '1' }] }, 'positions.0.market'],
      [{ positions: [{ market: 'BTC-PERP', size: '1', price: '5' }] }, 'positions.0.price'],
      [{ positions: [null] }, 'positions.0'],
      [{ positions: [], includeAccount: 'yes' }, 'includeAccount'],
      [{ positions: [], includeAccount: null }, 'includeAccount'],
      [{ positions: [], model: 'cross' }, 'model'],
      [{ positions: Array.from({ length: 201 }, () => ({ market: 'BTC-PERP', size: '1' })) }, 'positions'],
      [{ positions: [{ market: 'BTC-PERP', size: '1'.repeat(41) }] }, 'positions.0.size'],
    ];
    await assertRefusedFieldByField((body) => simulate(gateway, body), cases);
    await assertRefusesMalformedJson(
      gateway,
      { method: 'POST', url: '/v1/margin/simulate', key: TRADER_KEY },
      '{"positions":[{"market":"BTC-PERP"',
    );
    const anonymous = await gateway.request({ method: 'POST', url: '/v1/margin/simulate', body: { positions: [] } });
    assert.deepEqual([anonymous.status, anonymous.body.code], [401, 'UNAUTHENTICATED']);
    assert.deepEqual(risk.requests, []);
  });

  it('accepts 200 positions', async () => {
    const positions = Array.from({ length: 200 }, (_, index) => ({
      market: index % 2 ? 'BTC-PERP' : 'ETH-PERP',
      size: '1',
    }));
    const response = await simulate(gateway, { positions });
    assert.equal(response.status, 200);
    assert.deepEqual((risk.requests[0].body as MarginSimulationRequest).positions, [
      { market: 'ETH-PERP', sizeLots: 10_000 },
      { market: 'BTC-PERP', sizeLots: 100_000 },
    ]);
  });

  it('passes the risk service’s refusals through', async () => {
    for (const [status, code] of [
      [409, 'NO_MARK_PRICE'],
      [404, 'UNKNOWN_MARKET'],
      [404, 'UNKNOWN_ACCOUNT'],
      [400, 'INSUFFICIENT_MARGIN'],
    ] as const) {
      risk.next = { status, body: { code, message: `${code} it is`, details: { market: 'BTC-PERP' } } };
      const response = await simulate(gateway, { positions: [{ market: 'BTC-PERP', size: '1' }] });
      assert.deepEqual(
        [response.status, response.body],
        [status, { code, message: `${code} it is`, details: { market: 'BTC-PERP' } }],
      );
    }
  });

  it('answers 503 RISK_UNAVAILABLE when the risk service fails, is slow or answers nonsense', async () => {
    const answers: RiskAnswer[] = [
      { status: 500, body: { code: 'INTERNAL', message: 'internal error' } },
      { status: 200, body: RESULT, delayMs: 1000 },
      { status: 200, body: { ...RESULT, initialMargin: 1250.5 } },
      { status: 200, body: { ...RESULT, units: [{ unit: 'BTC' }] } },
      { status: 200, body: 'not json' },
      { status: 404, body: { code: 'NOT_FOUND', message: 'Cannot POST /internal/v1/margin/simulate' } },
      { status: 400, body: { code: 'VALIDATION_ERROR', message: 'invalid positions' } },
      { status: 400, body: { code: 'INVALID_COMMAND', message: 'expected {accountId, includeAccount, ...}' } },
      { status: 400, body: { statusCode: 400, message: 'Bad Request' } },
    ];
    for (const answer of answers) {
      risk.next = answer;
      const response = await simulate(gateway, { positions: [{ market: 'BTC-PERP', size: '1' }] });
      assert.deepEqual(
        [response.status, response.body],
        [503, { code: 'RISK_UNAVAILABLE', message: 'the risk service is unavailable, retry later' }],
        JSON.stringify(answer),
      );
    }
  });

  it('takes from the key’s order rate limit: 429 RATE_LIMITED beyond it, without asking the risk service', async () => {
    const limited = await startGateway({ portfolioMarginUrl: riskUrl(), orderRateBurst: 2, orderRatePerSecond: 1 });
    try {
      const allowed = await simulate(limited, { positions: [] });
      assert.deepEqual(
        [allowed.status, allowed.headers['x-ratelimit-limit'], allowed.headers['x-ratelimit-remaining']],
        [200, '2', '1'],
      );
      // An order (refused, but counted) takes the last token of the same bucket.
      const order = await limited.request({ method: 'POST', url: '/v1/orders', key: TRADER_KEY, body: {} });
      assert.deepEqual([order.status, order.headers['x-ratelimit-remaining']], [400, '0']);
      const refused = await simulate(limited, { positions: [] });
      assert.deepEqual(
        [refused.status, refused.body.code, refused.body.details, refused.headers['retry-after']],
        [429, 'RATE_LIMITED', { retryAfterMs: 1000 }, '1'],
      );
      assert.equal(risk.requests.length, 1);
      limited.clock.ms += 1000;
      assert.equal((await simulate(limited, { positions: [] })).status, 200);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 RISK_UNAVAILABLE when the risk service is unreachable', async () => {
    const closed = new FakeRiskService({ status: 200, body: RESULT });
    const url = await closed.start();
    await closed.stop();
    const unreachable = await startGateway({ portfolioMarginUrl: url });
    try {
      const response = await simulate(unreachable, { positions: [] });
      assert.deepEqual([response.status, response.body.code], [503, 'RISK_UNAVAILABLE']);
    } finally {
      await unreachable.close();
    }
  });
});
