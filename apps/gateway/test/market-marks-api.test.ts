import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { InstrumentMark } from '@exchange/contracts';
import type { Harness } from './app-harness';
import { gatewayWithRiskService } from './fake-risk-service';

const MARK: InstrumentMark = {
  market: 'BTC-PERP',
  markPrice: '50010500000',
  indexPrice: '50000000000',
  forward: 50010.5,
  yearsToExpiry: 0,
  impliedVol: null,
  greeks: null,
};

const markOf = (gateway: Harness, market: string) =>
  gateway.request({ method: 'GET', url: `/v1/markets/${market}/mark` });

describe('GET /v1/markets/{market}/mark', () => {
  const { risk, gateway: currentGateway } = gatewayWithRiskService({ status: 200, body: MARK });
  let gateway: Harness;
  beforeEach(() => {
    gateway = currentGateway();
  });

  it("answers, without a key, the risk engine's mark in USDC decimals", async () => {
    const response = await markOf(gateway, 'BTC-PERP');
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, { ...MARK, markPrice: '50010.5', indexPrice: '50000' });
    assert.deepEqual(
      risk.requests.map(({ method, url }) => [method, url]),
      [['GET', '/internal/v1/marks/BTC-PERP']],
    );
  });

  it('passes an option’s vol and Greeks through', async () => {
    const greeks = { delta: 0.31, gamma: 0.00003, vega: 5400.5, theta: -33000 };
    risk.next = { status: 200, body: { ...MARK, forward: 50200, yearsToExpiry: 0.08, impliedVol: 0.6, greeks } };
    const response = await markOf(gateway, 'BTC-PERP');
    assert.equal(response.body.impliedVol, 0.6);
    assert.deepEqual(response.body.greeks, greeks);
  });

  it('refuses an unknown market without asking the risk service', async () => {
    const response = await markOf(gateway, 'DOGE-PERP');
    assert.equal(response.status, 404);
    assert.equal(response.body.code, 'UNKNOWN_MARKET');
    assert.equal(risk.requests.length, 0);
  });

  it('passes on NO_MARK_PRICE, and answers 503 when the risk service fails or answers nonsense', async () => {
    risk.next = { status: 409, body: { code: 'NO_MARK_PRICE', message: 'no mark for BTC-PERP', details: {} } };
    const unmarked = await markOf(gateway, 'BTC-PERP');
    assert.deepEqual([unmarked.status, unmarked.body.code], [409, 'NO_MARK_PRICE']);
    for (const next of [
      { status: 500, body: { code: 'INTERNAL', message: 'boom' } },
      { status: 200, body: { ...MARK, markPrice: '-1' } },
      { status: 200, body: 'not json' },
      { status: 200, body: MARK, delayMs: 1_000 },
    ]) {
      risk.next = next;
      const response = await markOf(gateway, 'BTC-PERP');
      assert.deepEqual([response.status, response.body.code], [503, 'RISK_UNAVAILABLE'], JSON.stringify(next));
    }
  });
});
