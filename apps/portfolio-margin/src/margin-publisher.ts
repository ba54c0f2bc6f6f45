import { AccountMarginState, MARGIN_CALLS, MARGIN_STATES, MarginCall, TopicSpec } from '@exchange/contracts';
import { Publisher } from '@exchange/kafka';
import { RiskEngine } from '@exchange/margin';
import { Counter, Gauge, Logger, MetricsRegistry } from '@exchange/observability';

/**
 * Publishes accounts' margin states for the gateway, and a margin call to the liquidation engine
 * whenever an account crosses its maintenance margin (either way). An account that cannot be valued
 * yet (a market it holds has no mark) is skipped until it can.
 */
export class MarginPublisher {
  private readonly belowMaintenance = new Set<string>();
  private readonly calls: Counter;
  private readonly accountsBelow: Gauge;

  constructor(
    private readonly engine: RiskEngine,
    private readonly publisher: () => Publisher | null,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.calls = metrics.counter('risk_margin_calls_total', 'Crossings of maintenance margin, by direction');
    this.accountsBelow = metrics.gauge('risk_accounts_below_maintenance', 'Accounts whose equity is below MM now');
  }

  /** Every account's state, and a call for each one already below maintenance: what a fresh start owes its readers. */
  async publishAll(): Promise<void> {
    await this.publish(this.engine.accountIds());
  }

  async publish(accountIds: Iterable<string>): Promise<void> {
    const now = Date.now();
    const states: AccountMarginState[] = [];
    const calls: MarginCall[] = [];
    for (const accountId of accountIds) {
      if (!this.engine.hasAccount(accountId)) continue;
      const state = this.engine.marginState(accountId, now);
      if (!state) continue;
      states.push(state);
      if (state.belowMaintenance !== this.belowMaintenance.has(accountId)) {
        if (state.belowMaintenance) this.belowMaintenance.add(accountId);
        else this.belowMaintenance.delete(accountId);
        const { equity, maintenanceMargin, belowMaintenance } = state;
        calls.push({ accountId, belowMaintenance, equity, maintenanceMargin, timestampMs: now });
        this.calls.inc({ direction: belowMaintenance ? 'below' : 'recovered' });
        const fields = { accountId, equity: state.maintenanceEquity, maintenanceMargin };
        if (belowMaintenance) this.logger.warn('account below maintenance margin', fields);
        else this.logger.info('account back above maintenance margin', fields);
      }
    }
    this.accountsBelow.set(this.belowMaintenance.size);
    if (states.length === 0) return;
    await this.publisher()?.publishAll([
      { topic: MARGIN_STATES as TopicSpec<unknown>, messages: states },
      { topic: MARGIN_CALLS as TopicSpec<unknown>, messages: calls },
    ]);
  }
}
