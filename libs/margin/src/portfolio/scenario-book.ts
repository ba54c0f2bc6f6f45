import { type GridMarginResult, gridMarginWith } from './grid-margin';
import { type HedgeFirstResult, hedgeFirstMarginWith } from './hedge-first';
import { type Holding, type Instrument, type OrderLeg, type UnitMarket, netHoldings } from './instruments';
import type { PortfolioMarginParams } from './params';
import { type UnitPricer, rangeOf } from './pricer';
import { type Quote, quoteInstrument } from './quotes';
import { type PricedHolding, scenarioVector } from './scenario-pnl';
import { type Scenario, chargedPnl, scenarioGrid } from './scenarios';

interface Entry {
  readonly quote: Quote;
  /** PnL per coin in each scenario. */
  readonly vector: Float64Array;
}

/** A unit's summed scenario vector and cash delta: what the pre-trade check adds an order to. */
export interface UnitVector {
  readonly pnl: Float64Array;
  readonly cashDelta: number;
}

/** Worst losses of a unit with an order added: the grid's (L_full) and with the delta hedge taken out (L_slow). */
export interface OrderWorstLoss {
  readonly full: number;
  readonly slow: number;
}

/**
 * Per-instrument scenario vectors for the fast pre-trade check (margin-model.md section 5): each
 * instrument's PnL per coin in every scenario, refreshed on each mark or vol update. A unit's vector
 * is sum q_i v_i, an order of x coins adds x v_i, and its worst loss costs one pass over the ~35
 * scenarios. Also a `UnitPricer`, so the margin models run on the cached vectors unchanged.
 */
export class ScenarioBook implements UnitPricer {
  private readonly entries = new Map<string, Entry>();
  private current: UnitMarket;
  private currentRange: number;
  private currentScenarios: readonly Scenario[];

  constructor(
    readonly params: PortfolioMarginParams,
    market: UnitMarket,
    instruments: readonly Instrument[] = [],
  ) {
    this.current = market;
    this.currentRange = rangeOf(market, params);
    this.currentScenarios = scenarioGrid(this.currentRange, params);
    this.refresh(market, instruments);
  }

  get market(): UnitMarket {
    return this.current;
  }

  get range(): number {
    return this.currentRange;
  }

  get scenarios(): readonly Scenario[] {
    return this.currentScenarios;
  }

  /** Re-prices every instrument held plus `added` from a new market (a mark, basis, vol or range update). */
  refresh(market: UnitMarket, added: readonly Instrument[] = []): void {
    if (market.underlying !== this.params.underlying) {
      throw new Error(`a ${this.params.underlying} scenario book cannot take ${market.underlying} market data`);
    }
    this.current = market;
    this.currentRange = rangeOf(market, this.params);
    this.currentScenarios = scenarioGrid(this.currentRange, this.params);
    const instruments = [...[...this.entries.values()].map((entry) => entry.quote.instrument), ...added];
    this.entries.clear();
    for (const instrument of instruments) this.entry(instrument);
  }

  quote(instrument: Instrument): Quote {
    return this.entry(instrument).quote;
  }

  /** The instrument's PnL per coin in each scenario (do not modify). */
  vector(instrument: Instrument): Float64Array {
    return this.entry(instrument).vector;
  }

  scenarioPnl(holdings: readonly PricedHolding[]): Float64Array {
    const pnl = new Float64Array(this.currentScenarios.length);
    for (const { quote, size } of holdings) {
      const { vector } = this.entry(quote.instrument);
      for (let j = 0; j < pnl.length; j += 1) pnl[j] += size * vector[j];
    }
    return pnl;
  }

  /** Sum of q_i v_i and of the cash deltas over the unit's positions. */
  unitVector(positions: readonly Holding[]): UnitVector {
    const holdings = netHoldings(positions).map(({ instrument, size }) => ({ quote: this.quote(instrument), size }));
    const cashDelta = holdings.reduce((sum, { quote, size }) => sum + size * quote.delta * quote.forward, 0);
    return { pnl: this.scenarioPnl(holdings), cashDelta };
  }

  /** Worst charged losses of the unit with `size` coins of `instrument` added: one pass over the scenarios. */
  worstLossWithOrder(unit: UnitVector, instrument: Instrument, size: number): OrderWorstLoss {
    const { quote, vector } = this.entry(instrument);
    const cashDelta = unit.cashDelta + size * quote.delta * quote.forward;
    let full = 0;
    let slow = 0;
    for (let j = 0; j < vector.length; j += 1) {
      const scenario = this.currentScenarios[j];
      const pnl = unit.pnl[j] + size * vector[j];
      full = Math.max(full, -chargedPnl(scenario, pnl));
      slow = Math.max(slow, -chargedPnl(scenario, pnl - cashDelta * scenario.linearMove));
    }
    return { full, slow };
  }

  gridMargin(positions: readonly Holding[], orders: readonly OrderLeg[] = []): GridMarginResult {
    return gridMarginWith(this, positions, orders);
  }

  hedgeFirstMargin(positions: readonly Holding[], orders: readonly OrderLeg[] = []): HedgeFirstResult {
    return hedgeFirstMarginWith(this, positions, orders);
  }

  private entry(instrument: Instrument): Entry {
    const cached = this.entries.get(instrument.symbol);
    if (cached) return cached;
    const quote = quoteInstrument(instrument, this.current);
    const entry = { quote, vector: scenarioVector(quote, this.currentScenarios, this.params.volShock) };
    this.entries.set(instrument.symbol, entry);
    return entry;
  }
}
