import { PRICE_DECIMALS } from './assets';
import { decimalsOf, parseScaled } from './decimal';

export type MarketKind = 'perpetual' | 'future' | 'option';
export type MarketStatus = 'active' | 'post_only' | 'cancel_only' | 'halted' | 'settled';
export type OptionType = 'call' | 'put';

/** A tradable instrument. All markets are linear: quoted, margined and settled in USDC. */
export interface MarketSpec {
  readonly symbol: string;
  readonly kind: MarketKind;
  readonly underlying: string;
  readonly quoteAsset: string;
  /** Price increment as a decimal string, e.g. "0.5". Prices travel as whole ticks. */
  readonly tickSize: string;
  /** Size increment in coins as a decimal string, e.g. "0.001". Sizes travel as whole lots. */
  readonly lotSize: string;
  /** Smallest order size, in lots. */
  readonly minSizeLots: number;
  readonly status: MarketStatus;
  /** Expiry as epoch milliseconds (futures and options). */
  readonly expiryMs?: number;
  readonly strike?: string;
  readonly optionType?: OptionType;
}

/**
 * Micro-USDC per tick per lot: the value of one tick of price move on one lot. Integer by
 * construction of the listing rules (tick x lot must be a whole number of micro-USDC).
 */
export function valuePerTickLot(market: Pick<MarketSpec, 'tickSize' | 'lotSize'>): number {
  const scale = decimalsOf(market.tickSize) + decimalsOf(market.lotSize);
  const tick = parseScaled(market.tickSize, decimalsOf(market.tickSize));
  const lot = parseScaled(market.lotSize, decimalsOf(market.lotSize));
  if (!tick.ok || !lot.ok) throw new Error(`market ${market.tickSize}/${market.lotSize} malformed`);
  const product = tick.value * lot.value;
  const shift = PRICE_DECIMALS - scale;
  if (shift < 0) {
    const divisor = 10n ** BigInt(-shift);
    if (product % divisor !== 0n) throw new Error('tick x lot is not a whole number of micro-USDC');
    return Number(product / divisor);
  }
  return Number(product * 10n ** BigInt(shift));
}

/** Micro-USDC value of one tick of price (price of one coin). */
export function microPerTick(market: Pick<MarketSpec, 'tickSize'>): number {
  const tick = parseScaled(market.tickSize, PRICE_DECIMALS);
  if (!tick.ok) throw new Error(`tick size ${market.tickSize} finer than micro-USDC`);
  return Number(tick.value);
}

/** Coins per lot as a float, for risk models only (e.g. 0.001 BTC). */
export function coinsPerLot(market: Pick<MarketSpec, 'lotSize'>): number {
  return Number(market.lotSize);
}

const MARKET_STATUSES: Record<MarketStatus, true> = {
  active: true,
  post_only: true,
  cancel_only: true,
  halted: true,
  settled: true,
};

/** For values from outside the type system (a Kafka message, a table row). */
export function isMarketStatus(value: unknown): value is MarketStatus {
  return typeof value === 'string' && Object.hasOwn(MARKET_STATUSES, value);
}

/** True while the market takes new orders of any kind (post-only markets take only post-only). */
export function acceptsOrders(status: MarketStatus): boolean {
  return status === 'active' || status === 'post_only';
}
