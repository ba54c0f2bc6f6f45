import { unrealizedPnl } from '@exchange/ledger';
import type { AccountBook } from '../account-book';
import type { HedgeFirstGateState } from '../portfolio/hedge-first-gate';
import type { MarginRequirement } from '../standard-margin';
import type { MarketBoard } from './market-board';
import { spotCoins, spotCollateralValue } from './spot-collateral';
import type { UnderlyingData } from './underlying-data';
import { type UnitHoldings, portfolioGateState, standardMarketMargin, unitKeyOf } from './unit-margin';

type MarginMode = AccountBook['marginMode'];

/** One margin unit's requirement: a market under standard margin, an underlying under portfolio margin. */
export interface UnitSummary extends MarginRequirement {
  readonly unit: string;
}

/** An account's margin in micro-USDC. */
export interface MarginSummary {
  readonly marginMode: MarginMode;
  /** USDC plus coins valued at their index after the IM haircut. */
  readonly collateral: bigint;
  readonly unrealizedPnl: bigint;
  /** collateral + unrealized PnL: what covers IM. */
  readonly equity: bigint;
  /** The same with the (smaller) MM haircuts: what covers MM. */
  readonly maintenanceEquity: bigint;
  readonly initialMargin: bigint;
  readonly maintenanceMargin: bigint;
  /** equity - initial margin; negative when the account may only reduce risk. */
  readonly available: bigint;
  readonly units: readonly UnitSummary[];
}

interface CachedGateState {
  readonly unit: string;
  readonly data: UnderlyingData;
  readonly revision: number;
  readonly state: HedgeFirstGateState;
}

/**
 * Measures accounts' margin against the market board, and keeps each account's last measurement
 * (its summary, and under portfolio margin its unit's gate state) for as long as neither the
 * account nor any market data changed, so a check of the next order starts from it.
 */
export class AccountMargins {
  /**
   * Per portfolio-margined account, the gate state of the unit it last traded in, with the data and
   * account revision it reflects (one unit each: an account quoting one underlying stays warm).
   */
  private readonly gateStates = new Map<string, CachedGateState>();
  /** Per account, its last margin summary, valid while its revision, its USDC and the marks epoch hold. */
  private readonly summaries = new Map<
    string,
    { readonly revision: number; readonly marksEpoch: number; readonly cash: bigint; readonly summary: MarginSummary }
  >();

  constructor(private readonly board: MarketBoard) {}

  /** The account's kept gate state for `unit` while it is still valid, without building one. */
  keptGate(
    account: AccountBook,
    unit: string,
  ): { readonly data: UnderlyingData; readonly state: HedgeFirstGateState } | null {
    const data = this.board.data(unit);
    const cached = this.gateStates.get(account.accountId);
    const valid = cached && cached.unit === unit && cached.data === data && cached.revision === account.revision;
    return valid ? { data, state: cached.state } : null;
  }

  /** Keeps a gate state moved along with a change the account just took (a fill, a cancel). */
  keepGate(account: AccountBook, unit: string, data: UnderlyingData, state: HedgeFirstGateState): void {
    this.gateStates.set(account.accountId, { data, revision: account.revision, unit, state });
  }

  /** Drops what was kept for an account whose book is replaced (revisions count per book). */
  forget(accountId: string): void {
    this.summaries.delete(accountId);
    this.gateStates.delete(accountId);
  }

  /** The account's margin, cached until its holdings, its collateral or any mark changes. */
  summarize(account: AccountBook): MarginSummary {
    const cached = this.summaries.get(account.accountId);
    if (
      cached &&
      cached.revision === account.revision &&
      cached.marksEpoch === this.board.epoch &&
      cached.cash === account.collateral
    ) {
      return cached.summary;
    }
    const summary = this.measure(account);
    this.remember(account, summary);
    return summary;
  }

  private measure(account: AccountBook): MarginSummary {
    let unrealized = 0n;
    const units = new Set<string>();
    for (const market of account.markets()) {
      const { spec } = this.board.market(market);
      unrealized += unrealizedPnl(account.position(market), this.board.mark(market), spec);
      units.add(unitKeyOf(account.marginMode, spec));
    }
    let spotInitial = 0n;
    let spotMaintenance = 0n;
    for (const [asset, amount] of account.spotBalances()) {
      const value = spotCollateralValue(asset, amount, this.board.indexMicro(asset));
      spotInitial += value.initial;
      spotMaintenance += value.maintenance;
      // Under portfolio margin, coins are a long delta in their own risk unit once it has a price.
      if (account.marginMode === 'portfolio' && this.board.indexMicro(asset) !== undefined) units.add(asset);
    }
    const rows = [...units].sort().map((unit) => ({ unit, ...this.unitRequirement(account, unit) }));
    const initialMargin = rows.reduce((sum, row) => sum + row.initial, 0n);
    const maintenanceMargin = rows.reduce((sum, row) => sum + row.maintenance, 0n);
    const equity = account.collateral + spotInitial + unrealized;
    return {
      marginMode: account.marginMode,
      collateral: account.collateral + spotInitial,
      unrealizedPnl: unrealized,
      equity,
      maintenanceEquity: account.collateral + spotMaintenance + unrealized,
      initialMargin,
      maintenanceMargin,
      available: equity - initialMargin,
      units: rows,
    };
  }

  /** The requirement of one margin unit of the account: a market (standard) or an underlying (portfolio). */
  unitRequirement(account: AccountBook, unit: string): MarginRequirement {
    if (account.marginMode === 'standard') {
      const market = this.board.market(unit);
      const orders = account.ordersIn(unit);
      const positionLots = account.position(unit).sizeLots;
      return standardMarketMargin(
        this.board.data(market.spec.underlying),
        market,
        positionLots,
        orders,
        this.board.mark(unit),
      );
    }
    return this.gateState(account, unit);
  }

  /**
   * The portfolio gate state of one of the account's units: the cached one while neither the account
   * nor the underlying's data changed since, else built afresh.
   */
  gateState(account: AccountBook, unit: string): HedgeFirstGateState {
    const data = this.board.data(unit);
    const cached = this.gateStates.get(account.accountId);
    if (cached && cached.unit === unit && cached.data === data && cached.revision === account.revision) {
      return cached.state;
    }
    const state = portfolioGateState(data, this.holdingsIn(account, unit));
    this.gateStates.set(account.accountId, { data, revision: account.revision, unit, state });
    return state;
  }

  private holdingsIn(account: AccountBook, underlying: string): UnitHoldings {
    const markets = [...account.markets()].map((symbol) => this.board.market(symbol));
    const inUnit = markets.filter(({ spec }) => spec.underlying === underlying);
    const spot = account.spotBalances().get(underlying);
    return {
      spotCoins: spot === undefined ? 0 : spotCoins(underlying, spot),
      positions: inUnit.map((market) => ({ market, sizeLots: account.position(market.spec.symbol).sizeLots })),
      orders: inUnit.flatMap((market) =>
        account
          .ordersIn(market.spec.symbol)
          .all()
          .map((order) => ({ market, order })),
      ),
    };
  }

  /** Keeps what the gate measured as the account's current gate state and summary. */
  rememberGate(
    account: AccountBook,
    unit: string,
    data: UnderlyingData,
    state: HedgeFirstGateState,
    summary: MarginSummary,
  ): void {
    this.gateStates.set(account.accountId, { data, revision: account.revision, unit, state });
    this.remember(account, summary);
  }

  remember(account: AccountBook, summary: MarginSummary): void {
    const entry = { revision: account.revision, marksEpoch: this.board.epoch, cash: account.collateral, summary };
    this.summaries.set(account.accountId, entry);
  }

  /** A market of the account (and `market`, when given) without a mark to value it at. */
  unmarkedMarket(account: AccountBook, market?: string): string | undefined {
    if (market !== undefined && !this.board.hasMark(market)) return market;
    // A summary still valid was measured with a mark for every market the account holds.
    const cached = this.summaries.get(account.accountId);
    if (cached && cached.revision === account.revision && cached.marksEpoch === this.board.epoch) return undefined;
    for (const symbol of account.markets()) if (!this.board.hasMark(symbol)) return symbol;
    return undefined;
  }
}
