import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FillEvent } from '@exchange/contracts';
import type { MarketSpec, Side } from '@exchange/domain';
import {
  FLAT,
  type Journal,
  type Position,
  SYS_EXTERNAL,
  SYS_FEES,
  assertBalanced,
  clearingLedgerAccount,
  depositJournal,
  marketUnits,
  settleFill,
  userLedgerAccount,
  withdrawalJournal,
} from '@exchange/ledger';
import { LedgerBalances } from './ledger-balances';
import { BTC_PERP, ETH_PERP, USDC } from './markets';
import { SeededRandom } from './seeded-random';

const ACCOUNTS = ['A', 'B', 'C', 'D', 'E'];
const MARKETS: [MarketSpec, number][] = [
  [BTC_PERP, 100_000],
  [ETH_PERP, 60_000],
];

/** A simulated exchange: positions per account and market, every journal posted, trade flows kept. */
class Simulation {
  readonly balances = new LedgerBalances();
  readonly positions = new Map<string, Position>();
  /** Per account and market: sum of sold price x lots minus bought price x lots, in ticks x lots. */
  readonly tradeFlow = new Map<string, bigint>();
  realizedMicro = 0n;
  feesMicro = 0n;
  externalIn = 0n;
  private tradeCount = 0;

  post(journal: Journal): void {
    assertBalanced(journal);
    this.balances.post(journal);
  }

  position(accountId: string, market: MarketSpec): Position {
    return this.positions.get(`${accountId}|${market.symbol}`) ?? FLAT;
  }

  trade(market: MarketSpec, maker: string, taker: string, takerSide: Side, priceTicks: number, sizeLots: number): void {
    this.tradeCount += 1;
    const fill: FillEvent = {
      type: 'fill',
      seq: this.tradeCount,
      tradeId: `t${this.tradeCount}`,
      priceTicks,
      sizeLots,
      takerSide,
      maker: { orderId: `m${this.tradeCount}`, accountId: maker, remainingLots: 0 },
      taker: { orderId: `k${this.tradeCount}`, accountId: taker, remainingLots: 0 },
    };
    const settled = settleFill(fill, market, this.position(maker, market), this.position(taker, market));
    this.post(settled.journal);
    for (const [accountId, side, result] of [
      [maker, takerSide === 'buy' ? 'sell' : 'buy', settled.maker],
      [taker, takerSide, settled.taker],
    ] as const) {
      const key = `${accountId}|${market.symbol}`;
      this.positions.set(key, result.position);
      const flow = BigInt(priceTicks * sizeLots);
      this.tradeFlow.set(key, (this.tradeFlow.get(key) ?? 0n) + (side === 'sell' ? flow : -flow));
      this.realizedMicro += result.realizedPnl;
      this.feesMicro += result.fee;
    }
  }

  assertInvariants(): void {
    assert.equal(this.balances.total('USDC'), 0n, 'every journal sums to zero');
    assert.equal(this.balances.balance(SYS_FEES, 'USDC'), this.feesMicro);
    assert.equal(this.balances.balance(SYS_EXTERNAL, 'USDC'), -this.externalIn);
    for (const [market] of MARKETS) {
      const positions = ACCOUNTS.map((accountId) => this.position(accountId, market));
      assert.equal(
        positions.reduce((sum, position) => sum + position.sizeLots, 0),
        0,
        'open interest long = short',
      );
      // Per account, realized - open cost = sold - bought: the rounding residual is never lost.
      let realizedTicksLots = 0n;
      for (const accountId of ACCOUNTS) {
        const key = `${accountId}|${market.symbol}`;
        realizedTicksLots += (this.tradeFlow.get(key) ?? 0n) + this.position(accountId, market).costTicksLots;
      }
      assert.equal(
        this.balances.balance(clearingLedgerAccount(market.symbol), 'USDC'),
        -realizedTicksLots * marketUnits(market).valuePerTickLot,
        'clearing holds minus the realized PnL of the market',
      );
    }
  }

  /** Trades longs against shorts until every account is flat in `market`. */
  flatten(market: MarketSpec, priceTicks: number): void {
    for (;;) {
      const long = ACCOUNTS.find((id) => this.position(id, market).sizeLots > 0);
      const short = ACCOUNTS.find((id) => this.position(id, market).sizeLots < 0);
      if (!long || !short) return;
      const lots = Math.min(this.position(long, market).sizeLots, -this.position(short, market).sizeLots);
      this.trade(market, long, short, 'buy', priceTicks, lots);
    }
  }
}

describe('ledger conservation over random trading', () => {
  for (const seed of [1, 42, 2024]) {
    it(`seed ${seed}: journals balance, clearing returns to 0 when flat, realized PnL sums to 0`, () => {
      const random = new SeededRandom(seed);
      const sim = new Simulation();
      for (const accountId of ACCOUNTS) {
        sim.post(depositJournal(`dep-${accountId}`, accountId, 'USDC', 1_000_000n * USDC));
        sim.externalIn += 1_000_000n * USDC;
      }
      for (let step = 0; step < 1500; step += 1) {
        const [market, basePrice] = random.pick(MARKETS);
        const maker = random.pick(ACCOUNTS);
        const taker = random.pick(ACCOUNTS.filter((id) => id !== maker));
        const price = basePrice + random.int(-5000, 5000);
        sim.trade(market, maker, taker, random.pick(['buy', 'sell'] as const), price, random.int(1, 97));
        if (step % 100 === 0) {
          sim.post(withdrawalJournal(`wd-${step}`, maker, 'USDC', 7n * USDC));
          sim.externalIn -= 7n * USDC;
        }
        sim.assertInvariants();
      }
      for (const [market, basePrice] of MARKETS) sim.flatten(market, basePrice + random.int(-5000, 5000));
      sim.assertInvariants();

      for (const [market] of MARKETS) {
        for (const accountId of ACCOUNTS) assert.deepEqual(sim.position(accountId, market), FLAT);
        assert.equal(sim.balances.balance(clearingLedgerAccount(market.symbol), 'USDC'), 0n);
      }
      assert.equal(sim.realizedMicro, 0n, 'zero-sum: realized PnL of all traders cancels');
      const users = sim.balances.total('USDC', (name) => name.startsWith('acct:'));
      assert.equal(users, sim.externalIn - sim.feesMicro, 'users hold deposits - withdrawals - fees');
      assert.ok(sim.feesMicro > 0n);
      assert.ok(ACCOUNTS.some((id) => sim.balances.balance(userLedgerAccount(id), 'USDC') !== 1_000_000n * USDC));
    });
  }
});
