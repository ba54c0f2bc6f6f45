import type { MatchingEvent, MatchingEventBatch, PlaceOrder } from '@exchange/contracts';
import { parseScaled } from '@exchange/domain';
import { RiskEngine } from '@exchange/margin';
import { BTC_PERP, ETH_PERP, USDC } from '../../ledger/test/markets';

export { BTC_PERP, ETH_PERP, USDC };

/** Marks in micro-USDC. */
export const BTC_50K = 50_000_000_000;
export const ETH_3K = 3_000_000_000;

/** BTC-PERP prices in ticks of 0.5 USDC. */
export const BTC_TICKS_50K = 100_000;

/** 1 BTC in lots of 0.001. */
export const ONE_BTC = 1000;

export function newEngine(): RiskEngine {
  return new RiskEngine([BTC_PERP, ETH_PERP]);
}

/** An engine with BTC-PERP marked at 50,000 and ETH-PERP at 3,000. */
export function markedEngine(): RiskEngine {
  const engine = newEngine();
  engine.setMarkPrice('BTC-PERP', BTC_50K);
  engine.setMarkPrice('ETH-PERP', ETH_3K);
  return engine;
}

/** Loads a flat account with `collateralUsdc` and no orders. */
export function loadFlat(engine: RiskEngine, accountId: string, collateralUsdc: bigint): void {
  engine.loadAccount({ accountId, collateralMicro: collateralUsdc * USDC, positions: [], openOrders: [] });
}

/** A limit buy of 1 BTC at 50,000 on BTC-PERP for account A, with fields overridden. */
export function place(overrides: Partial<PlaceOrder> & Pick<PlaceOrder, 'orderId'>): PlaceOrder {
  return {
    kind: 'place',
    requestId: `req-${overrides.orderId}`,
    accountId: 'A',
    clientOrderId: null,
    market: 'BTC-PERP',
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    priceTicks: BTC_TICKS_50K,
    sizeLots: ONE_BTC,
    receivedAtUs: 0,
    ...overrides,
  };
}

export function batch(market: string, events: MatchingEvent[]): MatchingEventBatch {
  return {
    market,
    requestId: `batch-${events[0]?.seq ?? 0}`,
    input: { partition: 0, offset: String(events[0]?.seq ?? 0) },
    timestampUs: 0,
    events,
  };
}

/** Micro-USDC from a decimal USDC string, so expected values read as prices do ("1002.5"). */
export function usdc(amount: string): bigint {
  const parsed = parseScaled(amount, 6);
  if (!parsed.ok) throw new Error(`bad USDC amount ${amount}`);
  return parsed.value;
}
