import { Inject, Injectable } from '@nestjs/common';
import type { AccountMarginState } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import type { GatewayStore } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import { MarketCatalog } from '../markets/market-catalog.service';
import { LOGGER, STORE } from '../tokens';
import { toBalanceView, toMarginView, toPositionView } from './account-wire';
import type { AccountView, PositionView } from './account.views';
import { MarginStates } from './margin-states';
import { MarkPrices } from './mark-prices';

/** GET /v1/account: balances and positions from Postgres, margin from the risk engine's stream. */
@Injectable()
export class AccountService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly margins: MarginStates,
    private readonly marks: MarkPrices,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async account(caller: Principal): Promise<AccountView> {
    const [balances, positions] = await Promise.all([
      this.store.accounts.balances(caller.accountId),
      this.store.accounts.positions(caller.accountId),
    ]);
    const state = this.margins.of(caller.accountId);
    const positionViews = await Promise.all(
      positions.map(async (position): Promise<PositionView | undefined> => {
        const market = await this.catalog.find(position.market);
        if (market) return toPositionView(position, market, this.markOf(market, state));
        this.logger.error('position in a market that is not listed', { market: position.market });
        return undefined;
      }),
    );
    return {
      accountId: caller.accountId,
      balances: balances.map(toBalanceView),
      positions: positionViews.filter((view): view is PositionView => view !== undefined),
      margin: toMarginView(state, balances),
    };
  }

  /**
   * The mark the risk engine valued the position at; before its first margin state, a linear
   * market's mark from the prices stream (an option's comes only from the engine's surface).
   */
  private markOf(market: MarketSpec, state: AccountMarginState | undefined): number | undefined {
    const fromEngine = state?.marks[market.symbol];
    if (fromEngine !== undefined) return Number(fromEngine);
    return market.kind === 'option' ? undefined : this.marks.markOf(market);
  }
}
