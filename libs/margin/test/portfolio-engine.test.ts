import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatchingEvent, PriceUpdate, SetMarginMode } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { RejectCode } from '@exchange/domain';
import { BTC_PORTFOLIO_PARAMS, RiskEngine, VolSurface, black76, black76Price } from '@exchange/margin';
import { BTC_PERP, USDC, batch, place } from './fixtures';

const NOW_SEC = 1_780_000_000;
const EXPIRY_SEC = NOW_SEC + 30 * 86_400;
const YEARS = (EXPIRY_SEC - NOW_SEC) / (365 * 86_400);

function option(strike: number, optionType: 'call' | 'put'): MarketSpec {
  return {
    symbol: `BTC-X-${strike}-${optionType === 'call' ? 'C' : 'P'}`,
    kind: 'option',
    underlying: 'BTC',
    quoteAsset: 'USDC',
    tickSize: '0.5',
    lotSize: '0.01',
    minSizeLots: 1,
    status: 'active',
    expiryMs: EXPIRY_SEC * 1000,
    strike: String(strike),
    optionType,
  };
}

const CALL_50K = option(50_000, 'call');
const CALL_55K = option(55_000, 'call');
const PUT_45K = option(45_000, 'put');
const FUTURE: MarketSpec = { ...BTC_PERP, symbol: 'BTC-X', kind: 'future', expiryMs: EXPIRY_SEC * 1000 };

function price(indexUsd: number, atSec = NOW_SEC, futureUsd = indexUsd): PriceUpdate {
  return {
    underlying: 'BTC',
    indexPrice: indexUsd * 1_000_000,
    markPrices: { 'BTC-PERP': indexUsd * 1_000_000, 'BTC-X': futureUsd * 1_000_000 },
    timestampMs: atSec * 1000,
    source: 'staff',
  };
}

function flatSurface(vol: number, expiries = [EXPIRY_SEC]): VolSurface {
  const build = VolSurface.build(
    expiries.map((expirySec) => ({ expirySec, smile: { kind: 'flat', vol } })),
    NOW_SEC,
  );
  assert.ok(build.ok);
  return build.surface;
}

/** BTC perp, a future and three options, priced at 50,000 with a flat 60% surface. */
function pricedEngine(): RiskEngine {
  const engine = new RiskEngine([BTC_PERP, FUTURE, CALL_50K, CALL_55K, PUT_45K]);
  engine.applyPriceUpdate(price(50_000));
  engine.applySurface('BTC', flatSurface(0.6));
  return engine;
}

function account(engine: RiskEngine, accountId: string, collateralUsdc: bigint, mode: 'standard' | 'portfolio') {
  engine.loadAccount({
    accountId,
    marginMode: mode,
    collateralMicro: collateralUsdc * USDC,
    positions: [],
    openOrders: [],
  });
}

/** An option order of `lots` (0.01 BTC each) at `priceUsd`. */
function optionOrder(
  orderId: string,
  accountId: string,
  spec: MarketSpec,
  side: 'buy' | 'sell',
  lots: number,
  priceUsd: number,
) {
  return place({ orderId, accountId, market: spec.symbol, side, sizeLots: lots, priceTicks: priceUsd * 2 });
}

/** Account A: 1 BTC-PERP long from 50,000 and `collateralUsdc`, on standard margin. */
function loadLongBtcPerp(engine: RiskEngine, collateralUsdc: bigint): void {
  engine.loadAccount({
    accountId: 'A',
    collateralMicro: collateralUsdc * USDC,
    positions: [{ market: 'BTC-PERP', position: { sizeLots: 1000, costTicksLots: 100_000n * 1000n } }],
    openOrders: [],
  });
}

const modeSwitch = (accountId: string, mode: 'standard' | 'portfolio'): SetMarginMode => ({
  kind: 'margin_mode',
  requestId: `mode-${accountId}-${mode}`,
  accountId,
  mode,
  receivedAtUs: 0,
});

describe('RiskEngine with options and futures', () => {
  it('marks options with Black-76 on the expiry forward and sends the books their marks in ticks', () => {
    const engine = pricedEngine();
    const expected = black76Price({ forward: 50_000, strike: 50_000, years: YEARS, vol: 0.6, optionType: 'call' });
    assert.equal(engine.markPrice(CALL_50K.symbol), Math.round(expected * 1_000_000));
    const commands = engine.surfaceMarkCommands('BTC', flatSurface(0.6));
    const call = commands.find((command) => command.market === CALL_50K.symbol);
    assert.equal(call?.priceTicks, Math.round(expected * 2));
    assert.ok(
      commands.every((command) => command.market.startsWith('BTC-X-')),
      'a surface re-marks options only',
    );
  });

  it('shows the mark of an option with the vol and Black-76 Greeks that priced it', () => {
    const engine = pricedEngine();
    const mark = engine.instrumentMark(CALL_55K.symbol);
    const expected = black76({ forward: 50_000, strike: 55_000, years: YEARS, vol: 0.6, optionType: 'call' });
    assert.equal(mark?.markPrice, String(Math.round(expected.price * 1_000_000)));
    assert.equal(mark?.indexPrice, '50000000000');
    assert.equal(mark?.impliedVol, 0.6);
    assert.deepEqual(mark?.greeks, {
      delta: expected.delta,
      gamma: expected.gamma,
      vega: expected.vega,
      theta: expected.theta,
    });
    assert.equal(engine.instrumentMark('BTC-PERP')?.greeks, null);
    assert.equal(engine.instrumentMark('DOGE-PERP'), null);
    assert.equal(new RiskEngine([BTC_PERP, CALL_50K]).instrumentMark(CALL_50K.symbol), null, 'no price yet');
  });

  it('prices options on the listed future of their expiry, not on the index', () => {
    const engine = new RiskEngine([BTC_PERP, FUTURE, CALL_50K]);
    engine.applyPriceUpdate(price(50_000, NOW_SEC, 50_400));
    engine.applySurface('BTC', flatSurface(0.6));
    const onForward = black76Price({ forward: 50_400, strike: 50_000, years: YEARS, vol: 0.6, optionType: 'call' });
    assert.equal(engine.markPrice(CALL_50K.symbol), Math.round(onForward * 1_000_000));
  });

  it('leaves options unmarked until a surface covers their expiry, and rejects orders there', () => {
    const engine = new RiskEngine([BTC_PERP, CALL_50K]);
    engine.applyPriceUpdate(price(50_000));
    assert.equal(engine.markPrice(CALL_50K.symbol), undefined);
    account(engine, 'A', 100_000n, 'portfolio');
    const check = engine.checkCommand(optionOrder('o1', 'A', CALL_50K, 'buy', 10, 3000));
    assert.equal(check.ok ? null : check.rejection.code, RejectCode.NO_MARK_PRICE);
    engine.applySurface('BTC', flatSurface(0.6, [EXPIRY_SEC + 86_400]));
    assert.equal(engine.markPrice(CALL_50K.symbol), undefined, 'a surface without the expiry does not mark it');
  });

  it('charges a short call Deribit standard margin: max(0.15 S - OTM, 0.10 S) + mark per coin', () => {
    const engine = pricedEngine();
    account(engine, 'A', 100_000n, 'standard');
    const check = engine.checkCommand(optionOrder('o1', 'A', CALL_55K, 'sell', 100, 1)); // 1 BTC at 1 USD
    assert.ok(check.ok);
    const mark = (engine.markPrice(CALL_55K.symbol) as number) / 1_000_000;
    // IM = max(0.15 x 50,000 - 5,000, 0.10 x 50,000) + mark = 5,000 + mark; the ask at 1 USD loses mark - 1 at once.
    const expected = 5_000 + mark + (mark - 1);
    const initial = Number(engine.evaluate('A').initialMargin) / 1_000_000;
    assert.ok(Math.abs(initial - expected) < 1e-5, `${initial} vs ${expected}`);
  });

  it('margins a hedged option book as one risk unit: a bull call spread needs a fraction of its standard margin', () => {
    const spread = [
      { market: CALL_50K.symbol, position: { sizeLots: 100, costTicksLots: 100n * 6_800n } },
      { market: CALL_55K.symbol, position: { sizeLots: -100, costTicksLots: -100n * 3_200n } },
    ];
    const requirement = (marginMode: 'standard' | 'portfolio') => {
      const engine = pricedEngine();
      engine.loadAccount({
        accountId: 'A',
        marginMode,
        collateralMicro: 1_000_000n * USDC,
        positions: spread,
        openOrders: [],
      });
      return engine.evaluate('A');
    };
    const standard = requirement('standard');
    const portfolio = requirement('portfolio');
    assert.deepEqual(
      portfolio.units.map((unit) => unit.unit),
      ['BTC'],
    );
    assert.deepEqual(
      standard.units.map((unit) => unit.unit),
      [CALL_50K.symbol, CALL_55K.symbol],
    );
    assert.ok(
      portfolio.initialMargin * 5n < standard.initialMargin,
      `portfolio ${portfolio.initialMargin} vs standard ${standard.initialMargin}`,
    );
    // The spread can lose at most what it is worth (it never pays out less than 0): MM stays below that.
    const engine = pricedEngine();
    const worth = (engine.markPrice(CALL_50K.symbol) as number) - (engine.markPrice(CALL_55K.symbol) as number);
    assert.ok(portfolio.maintenanceMargin < BigInt(worth), `MM ${portfolio.maintenanceMargin} vs worth ${worth}`);
  });

  it('counts open orders on their worse side: the two legs of a spread as orders are margined as if one filled', () => {
    const engine = pricedEngine();
    account(engine, 'A', 1_000_000n, 'portfolio');
    const call50 = Math.floor((engine.markPrice(CALL_50K.symbol) as number) / 1e6);
    const call55 = Math.ceil((engine.markPrice(CALL_55K.symbol) as number) / 1e6);
    assert.ok(engine.checkCommand(optionOrder('buy', 'A', CALL_50K, 'buy', 100, call50)).ok);
    const bidOnly = engine.evaluate('A').initialMargin;
    assert.ok(engine.checkCommand(optionOrder('sell', 'A', CALL_55K, 'sell', 100, call55)).ok);
    const both = engine.evaluate('A').initialMargin;
    assert.ok(both > bidOnly, 'the naked short call (asks filled alone) is the worse side');
    assert.equal(engine.evaluate('A').maintenanceMargin, 0n, 'maintenance margin is the positions alone');
  });

  it('gates on the risk unit: a short call is refused alone and accepted against a long call of the same account', () => {
    const engine = pricedEngine();
    account(engine, 'A', 2_000n, 'portfolio');
    const call50 = Math.floor((engine.markPrice(CALL_50K.symbol) as number) / 1e6);
    const call55 = Math.ceil((engine.markPrice(CALL_55K.symbol) as number) / 1e6);
    const naked = engine.checkCommand(optionOrder('s1', 'A', CALL_55K, 'sell', 100, call55));
    assert.equal(naked.ok ? null : naked.rejection.code, RejectCode.INSUFFICIENT_MARGIN);
    assert.ok(!naked.ok && Number(naked.rejection.details.shortfall) > 0);

    engine.loadAccount({
      accountId: 'A',
      marginMode: 'portfolio',
      collateralMicro: 2_000n * USDC,
      positions: [{ market: CALL_50K.symbol, position: { sizeLots: 100, costTicksLots: BigInt(call50 * 2 * 100) } }],
      openOrders: [],
    });
    assert.ok(engine.checkCommand(optionOrder('s2', 'A', CALL_55K, 'sell', 100, call55)).ok);
  });

  it('switches margin mode only when equity covers the new initial margin', () => {
    const engine = pricedEngine();
    // 1 BTC long perp with 1,100 USDC: standard IM 1,002.5 fits, hedge-first charges a naked perp more.
    loadLongBtcPerp(engine, 1_100n);
    const refused = engine.setMarginMode(modeSwitch('A', 'portfolio'));
    assert.equal(refused.ok ? null : refused.rejection.code, RejectCode.INSUFFICIENT_MARGIN);
    assert.equal(engine.marginModeOf('A'), 'standard');

    account(engine, 'B', 1_000_000n, 'standard');
    const applied = engine.setMarginMode(modeSwitch('B', 'portfolio'));
    assert.deepEqual(applied, {
      ok: true,
      applied: { kind: 'applied', requestId: 'mode-B-portfolio', accountId: 'B', marginMode: 'portfolio' },
    });
    assert.equal(engine.marginModeOf('B'), 'portfolio');
    const unknown = engine.setMarginMode(modeSwitch('nobody', 'portfolio'));
    assert.equal(unknown.ok ? null : unknown.rejection.code, RejectCode.UNKNOWN_ACCOUNT);
  });

  it('flags an account whose equity falls below maintenance margin', () => {
    const engine = pricedEngine();
    loadLongBtcPerp(engine, 1_100n);
    assert.equal(engine.marginState('A', 0)?.belowMaintenance, false);
    engine.applyPriceUpdate(price(49_300));
    const state = engine.marginState('A', 0);
    assert.equal(state?.belowMaintenance, true, `equity ${state?.equity} MM ${state?.maintenanceMargin}`);
    assert.ok((state?.marginRatio ?? 0) > 1);
  });

  it('stops charging an expired option and keeps its last mark for settlement', () => {
    const engine = pricedEngine();
    engine.loadAccount({
      accountId: 'A',
      marginMode: 'portfolio',
      collateralMicro: 100_000n * USDC,
      positions: [{ market: CALL_55K.symbol, position: { sizeLots: -100, costTicksLots: -200_000n } }],
      openOrders: [],
    });
    assert.ok(engine.evaluate('A').maintenanceMargin > 0n);
    const lastMark = engine.markPrice(CALL_55K.symbol);
    engine.applyPriceUpdate(price(50_000, EXPIRY_SEC + 1));
    assert.equal(engine.markPrice(CALL_55K.symbol), lastMark);
    assert.equal(engine.evaluate('A').maintenanceMargin, 0n);
  });

  it('simulates hypothetical positions with the scenario matrix and the parameters used', () => {
    const engine = pricedEngine();
    account(engine, 'A', 10_000n, 'standard');
    const answer = engine.simulate({
      accountId: 'A',
      includeAccount: true,
      model: 'portfolio',
      positions: [
        { market: CALL_50K.symbol, sizeLots: 100 },
        { market: CALL_55K.symbol, sizeLots: -100 },
      ],
    });
    assert.ok(answer.ok);
    const { result } = answer;
    assert.equal(result.model, 'portfolio');
    assert.equal(result.paramsVersion, engine.paramsVersion);
    assert.equal(result.units.length, 1);
    assert.equal(result.units[0].scenarios.length, 9 * 3 + 8);
    assert.equal(result.initialMargin, result.units[0].initialMargin);
    assert.ok(BigInt(result.initialMargin) > 0n);
    assert.ok('BTC' in result.params);
    assert.equal(engine.evaluate('A').initialMargin, 0n, 'a simulation changes nothing');

    const standard = engine.simulate({
      accountId: 'A',
      includeAccount: false,
      model: 'standard',
      positions: [{ market: CALL_55K.symbol, sizeLots: -100 }],
    });
    assert.ok(standard.ok && standard.result.units[0].scenarios.length === 0);
    const unknown = engine.simulate({
      accountId: 'A',
      includeAccount: false,
      positions: [{ market: 'DOGE', sizeLots: 1 }],
    });
    assert.equal(unknown.ok ? null : unknown.code, RejectCode.UNKNOWN_MARKET);
    const fractional = engine.simulate({
      accountId: 'A',
      includeAccount: false,
      positions: [{ market: 'BTC-PERP', sizeLots: 0.5 }],
    });
    assert.equal(fractional.ok ? null : fractional.code, RejectCode.INVALID_SIZE);
    const stranger = engine.simulate({ accountId: 'nobody', includeAccount: true, positions: [] });
    assert.equal(stranger.ok ? null : stranger.code, RejectCode.UNKNOWN_ACCOUNT);
  });

  it('reaches the same state whatever order the price and the surface arrive in', () => {
    const first = new RiskEngine([BTC_PERP, FUTURE, CALL_50K]);
    first.applyPriceUpdate(price(50_000));
    first.applySurface('BTC', flatSurface(0.6));
    const second = new RiskEngine([BTC_PERP, FUTURE, CALL_50K]);
    second.applySurface('BTC', flatSurface(0.6));
    second.applyPriceUpdate(price(50_000));
    assert.equal(first.markPrice(CALL_50K.symbol), second.markPrice(CALL_50K.symbol));
    assert.equal(first.stateHash(), second.stateHash());
  });

  it('keeps the gate state of accepted orders equal to a from-scratch measurement of the account', () => {
    const engine = pricedEngine();
    account(engine, 'A', 20_000n, 'portfolio');
    const markets = [CALL_50K, CALL_55K, PUT_45K];
    let state = 1;
    const random = () => {
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    let accepted = 0;
    for (let step = 0; step < 60; step += 1) {
      const spec = markets[Math.floor(random() * markets.length)];
      const mark = (engine.markPrice(spec.symbol) as number) / 1e6;
      const side = random() < 0.5 ? 'buy' : 'sell';
      const priceUsd = Math.max(1, Math.round(mark * (0.98 + random() * 0.04)));
      const check = engine.checkCommand(
        optionOrder(`o${step}`, 'A', spec, side, 1 + Math.floor(random() * 50), priceUsd),
      );
      if (check.ok) accepted += 1;
      const fresh = pricedEngine();
      fresh.loadAccount({
        accountId: 'A',
        marginMode: 'portfolio',
        collateralMicro: 20_000n * USDC,
        positions: [],
        openOrders: engine.openOrdersOf('A'),
      });
      const [kept, measured] = [engine.evaluate('A').initialMargin, fresh.evaluate('A').initialMargin];
      const gap = kept > measured ? kept - measured : measured - kept;
      assert.ok(gap <= 1n, `step ${step}: ${kept} vs ${measured}`);
    }
    assert.ok(accepted > 5 && accepted < 60, `a mix of accepted and refused orders (${accepted} accepted)`);
  });

  it('follows fills and cancels in the kept gate state as a from-scratch measurement would', () => {
    const engine = pricedEngine();
    account(engine, 'A', 1_000_000n, 'portfolio');
    account(engine, 'B', 10_000_000n, 'standard');
    const markets = [CALL_50K, CALL_55K, PUT_45K];
    let state = 7;
    const random = () => {
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const seqs = new Map<string, number>();
    const send = (spec: MarketSpec, events: Record<string, unknown>[]) => {
      const first = (seqs.get(spec.symbol) ?? 0) + 1;
      seqs.set(spec.symbol, first + events.length - 1);
      engine.applyMatchingEvents(
        batch(
          spec.symbol,
          events.map((event, i) => ({ ...event, seq: first + i }) as unknown as MatchingEvent),
        ),
      );
    };
    const open = new Map<string, { spec: MarketSpec; side: 'buy' | 'sell'; remaining: number; priceTicks: number }>();
    for (let step = 0; step < 80; step += 1) {
      const spec = markets[Math.floor(random() * markets.length)];
      const markTicks = Math.round((engine.markPrice(spec.symbol) as number) / 500_000);
      const roll = random();
      if (roll < 0.5 || open.size === 0) {
        const orderId = `a${step}`;
        const side = random() < 0.5 ? 'buy' : 'sell';
        const priceTicks = markTicks + Math.round((random() - 0.5) * 20);
        const sizeLots = 1 + Math.floor(random() * 30);
        if (
          !engine.checkCommand(place({ orderId, accountId: 'A', market: spec.symbol, side, sizeLots, priceTicks })).ok
        )
          continue;
        send(spec, [
          {
            type: 'accepted',
            orderId,
            accountId: 'A',
            clientOrderId: null,
            side,
            orderType: 'limit',
            timeInForce: 'GTC',
            priceTicks,
            sizeLots,
          },
        ]);
        open.set(orderId, { spec, side, remaining: sizeLots, priceTicks });
      } else {
        const [orderId, order] = [...open][Math.floor(random() * open.size)];
        if (roll < 0.8) {
          const lots = 1 + Math.floor(random() * order.remaining);
          order.remaining -= lots;
          send(order.spec, [
            {
              type: 'fill',
              tradeId: `t${step}`,
              priceTicks: order.priceTicks,
              sizeLots: lots,
              takerSide: order.side === 'buy' ? 'sell' : 'buy',
              maker: { orderId, accountId: 'A', remainingLots: order.remaining },
              taker: { orderId: `b${step}`, accountId: 'B', remainingLots: 0 },
            },
            ...(order.remaining === 0
              ? [{ type: 'done', orderId, accountId: 'A', reason: 'filled', remainingLots: 0 }]
              : []),
          ]);
          if (order.remaining === 0) open.delete(orderId);
        } else {
          send(order.spec, [
            { type: 'done', orderId, accountId: 'A', reason: 'cancelled', remainingLots: order.remaining },
          ]);
          open.delete(orderId);
        }
      }
      const fresh = pricedEngine();
      fresh.loadAccount({
        accountId: 'A',
        marginMode: 'portfolio',
        collateralMicro: 0n,
        positions: markets.map((spec) => ({ market: spec.symbol, position: engine.positionOf('A', spec.symbol) })),
        openOrders: engine.openOrdersOf('A'),
      });
      const [kept, measured] = [engine.evaluate('A'), fresh.evaluate('A')];
      for (const field of ['initialMargin', 'maintenanceMargin'] as const) {
        const gap = kept[field] > measured[field] ? kept[field] - measured[field] : measured[field] - kept[field];
        assert.ok(gap <= 2n, `step ${step} ${field}: ${kept[field]} vs ${measured[field]}`);
      }
    }
    assert.ok(
      engine.openOrdersOf('A').length > 0 && markets.some((spec) => engine.positionOf('A', spec.symbol).sizeLots !== 0),
    );
  });

  it('measures a reloaded account afresh, never from what it cached for the account it replaced', () => {
    const engine = pricedEngine();
    const load = (market: string, sizeLots: number) =>
      engine.loadAccount({
        accountId: 'A',
        marginMode: 'portfolio',
        collateralMicro: 100_000n * USDC,
        positions: [{ market, position: { sizeLots, costTicksLots: 0n } }],
        openOrders: [],
      });
    load(CALL_55K.symbol, -100);
    const short = engine.evaluate('A').initialMargin;
    load(CALL_55K.symbol, 100);
    assert.notEqual(engine.evaluate('A').initialMargin, short);
  });

  it('widens the price range after a crash day and lets it fall back by at most 10% a day, never below R', () => {
    const engine = new RiskEngine([BTC_PERP]);
    account(engine, 'A', 1_000_000n, 'portfolio');
    const rangeNow = (): number => {
      const answer = engine.simulate({
        accountId: 'A',
        includeAccount: false,
        positions: [{ market: 'BTC-PERP', sizeLots: 1000 }],
      });
      assert.ok(answer.ok);
      return answer.result.units[0].charges.range as number;
    };
    const day = 86_400;
    engine.applyPriceUpdate(price(50_000, NOW_SEC));
    assert.equal(rangeNow(), 0.16, 'the published R to start with');
    engine.applyPriceUpdate(price(35_000, NOW_SEC + day)); // day 0 closed at 50,000
    engine.applyPriceUpdate(price(35_000, NOW_SEC + 2 * day)); // day 1 closed at 35,000: -36%
    const widened = rangeNow();
    assert.ok(widened > 0.3, `R_t ${widened} after a -36% day`);
    let previous = widened;
    for (let d = 3; d < 40; d += 1) {
      engine.applyPriceUpdate(price(35_000, NOW_SEC + d * day));
      const range = rangeNow();
      assert.ok(range >= previous * 0.9 - 1e-12 && range <= previous + 1e-12, `day ${d}: ${range} after ${previous}`);
      assert.ok(range >= 0.16);
      previous = range;
    }
  });

  it('margins with the parameters staff set, echoes their version, and prices the range the same whenever they came', () => {
    const day = 86_400;
    const wider = {
      ...BTC_PORTFOLIO_PARAMS,
      version: 'btc-wide',
      linear: { ...BTC_PORTFOLIO_PARAMS.linear, initialRate: 0.04 },
      priceRange: 0.2,
    };
    const run = (paramsAfterDays: number) => {
      const engine = new RiskEngine([BTC_PERP]);
      engine.loadAccount({
        accountId: 'A',
        collateralMicro: 100_000n * USDC,
        positions: [{ market: 'BTC-PERP', position: { sizeLots: 1000, costTicksLots: 100_000n * 1000n } }],
        openOrders: [],
      });
      for (let d = 0; d < 5; d += 1) {
        if (d === paramsAfterDays) engine.setParams(wider);
        engine.applyPriceUpdate(price(d === 2 ? 42_000 : 50_000, NOW_SEC + d * day));
      }
      if (paramsAfterDays >= 5) engine.setParams(wider);
      return engine;
    };
    const early = run(1);
    const late = run(5);
    assert.match(early.paramsVersion, /BTC:btc-wide/);
    // Standard IM of 1 BTC at 50,000 with the 4% rate: (0.04 + 0.00005) x 50,000.
    assert.equal(early.evaluate('A').initialMargin, 2_002_500_000n);
    const rangeOf = (engine: RiskEngine) => {
      const answer = engine.simulate({
        accountId: 'A',
        includeAccount: false,
        model: 'portfolio',
        positions: [{ market: 'BTC-PERP', sizeLots: 1 }],
      });
      assert.ok(answer.ok);
      assert.equal((answer.result.params.BTC as { version: string }).version, 'btc-wide');
      return answer.result.units[0].charges.range;
    };
    assert.equal(rangeOf(early), rangeOf(late));
    assert.throws(() => early.setParams({ ...wider, underlying: 'SOL' }), /SOL/);
    early.setParams({ ...wider });
    assert.throws(() => early.setParams({ ...wider, priceRange: 0.25 }), /btc-wide already name/);
    assert.throws(
      () => early.setParams({ ...BTC_PORTFOLIO_PARAMS, priceRange: 0.3 }),
      /portfolio-margin-1 already name/,
    );
  });

  it('counts coins held as collateral at the index after the haircuts, and as a long delta in their risk unit', () => {
    const engine = pricedEngine();
    const ONE_BTC_UNITS = 100_000_000n;
    const load = (
      accountId: string,
      marginMode: 'standard' | 'portfolio',
      spot: bigint,
      usdc: bigint,
      perpLots: number,
    ) =>
      engine.loadAccount({
        accountId,
        marginMode,
        collateralMicro: usdc * USDC,
        spot: spot > 0n ? [{ asset: 'BTC', amount: spot }] : [],
        positions:
          perpLots === 0
            ? []
            : [{ market: 'BTC-PERP', position: { sizeLots: perpLots, costTicksLots: BigInt(perpLots) * 100_000n } }],
        openOrders: [],
      });
    load('coins', 'standard', ONE_BTC_UNITS, 0n, 0);
    const coins = engine.evaluate('coins');
    assert.equal(coins.equity, 47_500n * USDC, 'BTC counts 95% against IM');
    assert.equal(coins.maintenanceEquity, 48_750n * USDC, 'and 97.5% against MM');
    assert.deepEqual(coins.units, [], 'standard margin charges no requirement on collateral');

    // Short 1 BTC perp against 1 BTC held: flat delta in the BTC unit; the same short with USDC is naked.
    load('hedged', 'portfolio', ONE_BTC_UNITS, 0n, -1000);
    load('naked', 'portfolio', 0n, 47_500n, -1000);
    const hedged = engine.evaluate('hedged');
    const naked = engine.evaluate('naked');
    assert.deepEqual(
      hedged.units.map((unit) => unit.unit),
      ['BTC'],
    );
    assert.equal(hedged.equity, naked.equity);
    // What stays is the basis between perp and spot (the roll shock floor) and the hedged-delta floor.
    assert.ok(
      hedged.initialMargin * 2n < naked.initialMargin,
      `hedged ${hedged.initialMargin} vs naked ${naked.initialMargin}`,
    );

    const simulated = engine.simulate({ accountId: 'hedged', includeAccount: true, positions: [] });
    assert.ok(simulated.ok);
    assert.equal(simulated.result.initialMargin, hedged.initialMargin.toString());

    const unpriced = new RiskEngine([BTC_PERP]);
    unpriced.loadAccount({
      accountId: 'A',
      collateralMicro: 0n,
      spot: [{ asset: 'BTC', amount: ONE_BTC_UNITS }],
      positions: [],
      openOrders: [],
    });
    assert.equal(unpriced.evaluate('A').equity, 0n, 'coins without an index count for nothing');
    assert.deepEqual(unpriced.applyPriceUpdate(price(50_000)), ['A'], 'its index moves an account holding coins');
    assert.equal(unpriced.evaluate('A').equity, 47_500n * USDC);
  });

  it('lists markets once and refuses an option it cannot price', () => {
    const engine = new RiskEngine([BTC_PERP]);
    assert.equal(engine.addMarket(CALL_50K), true);
    assert.equal(engine.addMarket(CALL_50K), false);
    assert.throws(() => engine.addMarket({ ...CALL_55K, strike: undefined }), /strike/);
  });
});
