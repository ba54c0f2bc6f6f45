import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ORDER_RESULTS, SetMarginMode, TraderRequest } from '@exchange/contracts';
import {
  answerCommands,
  assertRefusedFieldByField,
  assertRefusesMalformedJson,
  Harness,
  startGateway,
} from './app-harness';
import { TRADER_ACCOUNT, TRADER_KEY } from './fakes';

const put = (gateway: Harness, body: unknown) =>
  gateway.request({ method: 'PUT', url: '/v1/account/margin-mode', key: TRADER_KEY, body });

const marginModeRequests = (gateway: Harness): SetMarginMode[] =>
  gateway.bus.published
    .filter(({ topic }) => topic === 'orders.commands')
    .map(({ message }) => message as TraderRequest)
    .filter((request): request is SetMarginMode => request.kind === 'margin_mode');

describe('PUT /v1/account/margin-mode', () => {
  let gateway: Harness;
  beforeEach(async () => {
    gateway = await startGateway({ orderRateBurst: 1000 });
  });
  afterEach(() => gateway.close());

  it('publishes SetMarginMode for the caller’s account and answers the applied mode', async () => {
    answerCommands<TraderRequest>(gateway, (request) => ({
      kind: 'applied',
      requestId: request.requestId,
      accountId: request.accountId,
      marginMode: 'portfolio',
    }));
    const response = await put(gateway, { mode: 'portfolio' });
    assert.deepEqual([response.status, response.body], [200, { marginMode: 'portfolio' }]);
    const [request] = marginModeRequests(gateway);
    assert.match(request.requestId, /^r_[0-9a-z]{22}$/);
    assert.deepEqual(
      { ...request, requestId: 'r' },
      {
        kind: 'margin_mode',
        requestId: 'r',
        accountId: TRADER_ACCOUNT,
        mode: 'portfolio',
        receivedAtUs: gateway.clock.nowUs(),
      },
    );
  });

  it('passes on the risk stage’s refusal as orders do: INSUFFICIENT_MARGIN with its details', async () => {
    answerCommands<TraderRequest>(gateway, (request) => ({
      kind: 'rejected',
      requestId: request.requestId,
      orderId: '',
      accountId: request.accountId,
      market: null,
      code: 'INSUFFICIENT_MARGIN',
      message: 'initial margin 1500 under standard margin exceeds equity 1000',
      details: { initialMargin: '1500', equity: '1000', shortfall: '500' },
    }));
    const response = await put(gateway, { mode: 'standard' });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      code: 'INSUFFICIENT_MARGIN',
      message: 'initial margin 1500 under standard margin exceeds equity 1000',
      details: {
        initialMargin: '1500',
        equity: '1000',
        shortfall: '500',
        requestId: marginModeRequests(gateway)[0].requestId,
      },
    });
  });

  it('refuses anything but standard or portfolio before publishing', async () => {
    const badModes: unknown[] = [
      {},
      { mode: 'cross' },
      { mode: 'PORTFOLIO' },
      { mode: 1 },
      { mode: null },
      { mode: ['standard'] },
    ];
    await assertRefusedFieldByField(
      (body) => put(gateway, body),
      [...badModes.map((body) => [body, 'mode'] as const), [{ mode: 'standard', leverage: 10 }, 'leverage']],
    );
    await assertRefusesMalformedJson(
      gateway,
      { method: 'PUT', url: '/v1/account/margin-mode', key: TRADER_KEY },
      '{"mode":"portfolio"',
    );
    assert.deepEqual(marginModeRequests(gateway), []);
  });

  it('needs an API key', async () => {
    const response = await gateway.request({
      method: 'PUT',
      url: '/v1/account/margin-mode',
      body: { mode: 'standard' },
    });
    assert.deepEqual([response.status, response.body.code], [401, 'UNAUTHENTICATED']);
  });

  it('answers 504 when the risk stage is silent, and 503 when the request cannot be sent', async () => {
    answerCommands<TraderRequest>(gateway, () => 'silence');
    const silent = await put(gateway, { mode: 'portfolio' });
    assert.deepEqual([silent.status, silent.body.code], [504, 'STATUS_UNKNOWN']);
    assert.match(silent.body.message, /GET \/v1\/account/);
    assert.equal(silent.body.details.requestId, marginModeRequests(gateway)[0].requestId);

    gateway.bus.failPublish = true;
    const unsent = await put(gateway, { mode: 'portfolio' });
    assert.deepEqual([unsent.status, unsent.body.code], [503, 'SERVICE_UNAVAILABLE']);
  });

  it('ignores results nobody waits for (another gateway’s requests)', async () => {
    await gateway.bus.deliver(ORDER_RESULTS, {
      kind: 'applied',
      requestId: 'r_someone_else',
      accountId: TRADER_ACCOUNT,
      marginMode: 'standard',
    });
    const health = await gateway.request({ method: 'GET', url: '/health' });
    assert.equal(health.status, 200);
    assert.equal(
      gateway.logs.some((line) => line.msg === 'failed to process a message'),
      false,
    );
  });
});
