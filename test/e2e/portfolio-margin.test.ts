import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, createTestAccount } from '@exchange/persistence';
import { DEFAULT_PORTS, eventually, RecordingSocket } from '@exchange/testing';
import { ExchangeHarness } from '../support/exchange-harness';

const DAY_MS = 86_400_000;

/** An expiry 30 days out at 08:00 UTC, as staff would list it. */
function expiryIn30Days(): string {
  const date = new Date(Date.now() + 30 * DAY_MS);
  date.setUTCHours(8, 0, 0, 0);
  return date.toISOString();
}

interface MarketView {
  readonly symbol: string;
  readonly strike?: string;
  readonly optionType?: string;
}

/**
 * Options and portfolio margin end to end: staff list an option series and set a volatility
 * surface over HTTP; the risk service marks the options from it, margins a portfolio account's
 * hedged book as one risk unit at the pre-trade gate, answers the what-if calculator, and comes
 * back from a kill -9 in the same state.
 */
describe('portfolio margin end to end', { timeout: 300_000 }, () => {
  let exchange: ExchangeHarness;
  const expiry = expiryIn30Days();
  let call50k: string;
  let call55k: string;

  before(async () => {
    exchange = await ExchangeHarness.start('portfolio', {
      dealer: '10000000',
      hedger: '2500',
      thin: '1200',
      coins: { USDC: '0', BTC: '1' },
    });
    await exchange.setPrice('BTC', '50000');
  });

  after(async () => {
    await exchange?.stop();
  });

  const riskUrl = `http://127.0.0.1:${DEFAULT_PORTS['portfolio-margin']}`;
  const stateHash = async (): Promise<string> => {
    const response = await fetch(`${riskUrl}/internal/v1/state-hash`);
    return ((await response.json()) as { stateHash: string }).stateHash;
  };

  const order = (market: string, side: 'buy' | 'sell', price: string, quantity: string) => ({
    market,
    side,
    type: 'limit',
    price,
    quantity,
  });

  it('lists an option series and refuses a surface with calendar arbitrage', async () => {
    const listing = await exchange.staffClient.post('/admin/v1/markets', {
      kind: 'option',
      underlying: 'BTC',
      expiry,
      strikes: ['50000', '55000'],
      optionTypes: ['call'],
      tickSize: '5',
      lotSize: '0.01',
      minSizeLots: 1,
    });
    assert.equal(listing.status, 201, JSON.stringify(listing.body));
    const markets = listing.body as unknown as MarketView[];
    call50k = markets.find((market) => market.symbol.endsWith('-50000-C'))?.symbol as string;
    call55k = markets.find((market) => market.symbol.endsWith('-55000-C'))?.symbol as string;
    assert.ok(call50k && call55k, JSON.stringify(markets));

    const duplicate = await exchange.staffClient.post('/admin/v1/markets', {
      kind: 'option',
      underlying: 'BTC',
      expiry,
      strikes: ['50000'],
      optionTypes: ['call'],
      tickSize: '5',
      lotSize: '0.01',
      minSizeLots: 1,
    });
    assert.equal(duplicate.status, 409, JSON.stringify(duplicate.body));

    const later = new Date(Date.parse(expiry) + 30 * DAY_MS).toISOString();
    const arbitrage = await exchange.staffClient.post('/admin/v1/vol-surfaces', {
      underlying: 'BTC',
      slices: [
        { expiry, atmVol: 0.8 },
        { expiry: later, atmVol: 0.3 },
      ],
    });
    assert.equal(arbitrage.status, 422, JSON.stringify(arbitrage.body));

    const surface = await exchange.staffClient.post('/admin/v1/vol-surfaces', {
      underlying: 'BTC',
      slices: [{ expiry, atmVol: 0.6 }],
    });
    assert.equal(surface.status, 202, JSON.stringify(surface.body));
  });

  it('margins a hedged book as one risk unit: the short call is refused naked and accepted against the long call', async () => {
    const hedger = exchange.client('hedger');
    const dealer = exchange.client('dealer');
    const mode = await hedger.put('/v1/account/margin-mode', { mode: 'portfolio' });
    assert.equal(mode.status, 200, JSON.stringify(mode.body));
    assert.equal(mode.body.marginMode, 'portfolio');

    // The dealer quotes both calls (its orders wait until the risk service has the listing and marks).
    await eventually('dealer offers the 50k call', async () => {
      const response = await dealer.post('/v1/orders', order(call50k, 'sell', '3400', '1'));
      return response.status === 201 ? response : undefined;
    });
    const bid = await dealer.post('/v1/orders', order(call55k, 'buy', '1600', '1'));
    assert.equal(bid.status, 201, JSON.stringify(bid.body));

    // Anyone can see the mark the engine prices the option at, off the staff's surface.
    const mark = await exchange.api.get(`/v1/markets/${call55k}/mark`);
    assert.equal(mark.status, 200, JSON.stringify(mark.body));
    assert.equal(mark.body.impliedVol, 0.6);
    const delta = (mark.body.greeks as { delta: number }).delta;
    assert.ok(delta > 0 && delta < 0.5, `an out-of-the-money call's delta ${delta}`);

    // 2,500 USDC does not cover a naked short call on 1 BTC.
    const naked = await hedger.post('/v1/orders', order(call55k, 'sell', '1600', '1'));
    assert.equal(naked.status, 400, JSON.stringify(naked.body));
    assert.equal(naked.body.code, 'INSUFFICIENT_MARGIN');
    assert.ok(Number((naked.body.details as Record<string, string>).shortfall) > 0);

    const longCall = await hedger.post('/v1/orders', order(call50k, 'buy', '3400', '1'));
    assert.equal(longCall.status, 201, JSON.stringify(longCall.body));
    assert.equal(longCall.body.status, 'filled');

    // Bought for 3,400, the long call leaves too little for the naked short under standard margin too;
    // as the other leg of a spread its risk is capped.
    const spread = await eventually('short call accepted against the long call', async () => {
      const response = await hedger.post('/v1/orders', order(call55k, 'sell', '1600', '1'));
      return response.status === 201 ? response : undefined;
    });
    assert.equal(spread.body.status, 'filled');

    const account = await eventually('the spread in the margin state', async () => {
      const response = await hedger.get('/v1/account');
      const margin = response.body.margin as Record<string, unknown>;
      const units = margin?.units as { unit: string }[] | undefined;
      const positions = response.body.positions as { market: string; size: string }[];
      // The state after both fills: the one from the short call's check still holds it as an open ask.
      const settled = positions?.length === 2 && units?.length === 1 && Number(margin.initialMargin) < 2500;
      return settled ? response.body : undefined;
    });
    const margin = account.margin as Record<string, unknown>;
    assert.equal(margin.marginMode, 'portfolio');
    assert.match(String(margin.paramsVersion), /BTC:portfolio-margin-1/);
    assert.deepEqual(
      (margin.units as { unit: string }[]).map((unit) => unit.unit),
      ['BTC'],
    );
    assert.equal(margin.belowMaintenance, false);
    // The options are shown at the marks the risk engine gave them, Black-76 off the surface.
    const longCallView = (account.positions as { market: string; markPrice?: string }[]).find(
      (position) => position.market === call50k,
    );
    assert.ok(
      Number(longCallView?.markPrice) > 3000 && Number(longCallView?.markPrice) < 4000,
      JSON.stringify(longCallView),
    );
  });

  it('answers the what-if calculator with the scenario matrix and the parameters used', async () => {
    const hedger = exchange.client('hedger');
    const both = await hedger.post('/v1/margin/simulate', {
      positions: [{ market: 'BTC-PERP', size: '-0.5' }],
      includeAccount: true,
    });
    assert.equal(both.status, 200, JSON.stringify(both.body));
    assert.equal(both.body.model, 'portfolio');
    const units = both.body.units as { unit: string; scenarios: unknown[] }[];
    assert.deepEqual(
      units.map((unit) => unit.unit),
      ['BTC'],
    );
    assert.equal(units[0].scenarios.length, 35);
    assert.ok((both.body.params as Record<string, unknown>).BTC);

    const standard = await hedger.post('/v1/margin/simulate', {
      positions: [{ market: call55k, size: '-1' }],
      includeAccount: false,
      model: 'standard',
    });
    assert.equal(standard.status, 200, JSON.stringify(standard.body));
    assert.ok(Number(standard.body.initialMargin) > 5000, JSON.stringify(standard.body));

    const unknown = await hedger.post('/v1/margin/simulate', { positions: [{ market: 'DOGE-PERP', size: '1' }] });
    assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
    const tooFine = await hedger.post('/v1/margin/simulate', { positions: [{ market: call50k, size: '0.001' }] });
    assert.equal(tooFine.status, 400, JSON.stringify(tooFine.body));
  });

  it('restarts from the settlement snapshot plus Kafka replay into the same state it had', async () => {
    const risk = exchange.service('portfolio-margin');
    const settled = await eventually('settlement caught up', async () => {
      const { rows } = await exchange.pool.query<{ n: string }>('SELECT count(*) AS n FROM fills');
      return Number(rows[0].n) >= 4 ? rows : undefined;
    });
    assert.ok(settled);
    const before = await eventually('the risk engine at rest', async () => {
      const first = await stateHash();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (await stateHash()) === first ? first : undefined;
    });
    await risk.stop('SIGKILL');
    await exchange.startService('portfolio-margin');
    assert.equal(await stateHash(), before);
  });
  it('applies the margin parameters staff set, echoing their version in the margin state', async () => {
    const current = await exchange.staffClient.get('/admin/v1/margin-params');
    assert.equal(current.status, 200, JSON.stringify(current.body));
    const btc = (current.body.byUnderlying as Record<string, Record<string, unknown>>).BTC;
    const linear = btc.linear as Record<string, number>;
    const wider = { ...btc, version: 'btc-e2e-2', linear: { ...linear, initialRate: 0.03 } };
    const set = await exchange.staffClient.put('/admin/v1/margin-params/BTC', wider);
    assert.equal(set.status, 202, JSON.stringify(set.body));
    const refused = await exchange.staffClient.put('/admin/v1/margin-params/BTC', { ...wider, priceBuckets: 0 });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    const trader = await exchange.client('hedger').put('/admin/v1/margin-params/BTC', wider);
    assert.equal(trader.status, 403);

    const simulated = await eventually('the new version in force', async () => {
      const response = await exchange.client('thin').post('/v1/margin/simulate', {
        positions: [{ market: 'BTC-PERP', size: '1' }],
        includeAccount: false,
        model: 'standard',
      });
      return String(response.body.paramsVersion).includes('BTC:btc-e2e-2') ? response.body : undefined;
    });
    // Standard IM of 1 BTC at 50,000 at 3% + 0.005% per BTC.
    assert.equal(simulated.initialMargin, '1502.5');
  });

  it('counts BTC held as collateral after its haircut and as a long delta that a short perp hedges', async () => {
    const coins = exchange.client('coins');
    const before = await eventually('the BTC valued', async () => {
      const margin = (await coins.get('/v1/account')).body.margin as Record<string, unknown>;
      return margin?.updatedAt ? margin : undefined;
    });
    assert.equal(before.equity, '47500', '1 BTC at 50,000 after the 5% haircut');
    assert.equal(before.maintenanceEquity, '48750', 'and after the 2.5% MM haircut');
    assert.equal((await coins.put('/v1/account/margin-mode', { mode: 'portfolio' })).status, 200);

    const bid = await exchange.client('dealer').post('/v1/orders', order('BTC-PERP', 'buy', '50000', '1'));
    assert.equal(bid.status, 201, JSON.stringify(bid.body));
    const short = await coins.post('/v1/orders', order('BTC-PERP', 'sell', '50000', '1'));
    assert.equal(short.status, 201, JSON.stringify(short.body));
    assert.equal(short.body.status, 'filled');

    const naked = await coins.post('/v1/margin/simulate', {
      positions: [{ market: 'BTC-PERP', size: '-1' }],
      includeAccount: false,
      model: 'portfolio',
    });
    assert.equal(naked.status, 200, JSON.stringify(naked.body));
    const nakedInitial = Number(naked.body.initialMargin);
    // Until the fill reaches it, the margin state holds the coins alone: a naked long delta.
    const hedged = await eventually('the short perp hedging the coins in the margin state', async () => {
      const margin = (await coins.get('/v1/account')).body.margin as Record<string, unknown>;
      return Number(margin.initialMargin) > 0 && Number(margin.initialMargin) * 2 < nakedInitial ? margin : undefined;
    });
    assert.deepEqual(
      (hedged.units as { unit: string }[]).map((unit) => unit.unit),
      ['BTC'],
    );
  });

  it('takes an account created after it started, with its coins, on its first order', async () => {
    const database = createDatabase(exchange.databaseUrl);
    const late = await createTestAccount(database, {
      name: 'portfolio-late',
      depositUsdc: '10000',
      coins: { BTC: '0.5' },
    }).finally(() => database.close());
    const client = exchange.api.as(late);
    const placed = await client.post('/v1/orders', order('BTC-PERP', 'buy', '49000', '0.1'));
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const margin = await eventually('its margin state', async () => {
      const state = (await client.get('/v1/account')).body.margin as Record<string, unknown>;
      return state?.updatedAt ? state : undefined;
    });
    assert.equal(margin.collateral, '33750', '10,000 USDC and 0.5 BTC at 50,000 after the 5% haircut');
  });

  it('flags an account whose equity falls below maintenance margin, over HTTP and its private WebSocket channel', async () => {
    const thin = exchange.client('thin');
    const dealer = exchange.client('dealer');
    const { keyId, secret } = exchange.accounts.thin;
    const socket = await RecordingSocket.open(exchange.wsUrl);
    socket.send({ op: 'subscribe', channel: 'account' });
    await socket.waitFor((m) => m.code === 'UNAUTHENTICATED');
    socket.send({ op: 'auth', key: `${keyId}.${secret}` });
    await socket.waitFor((m) => m.op === 'authenticated');
    socket.send({ op: 'subscribe', channel: 'account' });
    await socket.waitFor((m) => m.op === 'subscribed' && m.channel === 'account');
    const offer = await dealer.post('/v1/orders', order('BTC-PERP', 'sell', '50000', '0.5'));
    assert.equal(offer.status, 201, JSON.stringify(offer.body));
    const bought = await thin.post('/v1/orders', order('BTC-PERP', 'buy', '50000', '0.5'));
    assert.equal(bought.status, 201, JSON.stringify(bought.body));
    assert.equal(bought.body.status, 'filled');

    await exchange.setPrice('BTC', '48000');
    const flagged = await eventually('the account below maintenance', async () => {
      const margin = (await thin.get('/v1/account')).body.margin as Record<string, unknown>;
      return margin?.belowMaintenance === true ? margin : undefined;
    });
    assert.ok(Number(flagged.equity) < Number(flagged.maintenanceMargin), JSON.stringify(flagged));
    assert.ok(Number(flagged.marginRatio) > 1);
    const pushed = await socket.waitFor(
      (m) => m.channel === 'account' && (m.margin as Record<string, unknown>)?.belowMaintenance === true,
    );
    assert.equal(pushed.accountId, exchange.accounts.thin.accountId);
    socket.close();
    const metrics = await (await fetch(`${riskUrl}/metrics`)).text();
    assert.match(metrics, /risk_margin_calls_total\{direction="below"\} [1-9]/);
    assert.match(metrics, /risk_accounts_below_maintenance [1-9]/);
  });
});
