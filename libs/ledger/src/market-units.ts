import { type MarketSpec, decimalsOf, microPerTick, parseScaled, valuePerTickLot } from '@exchange/domain';

/** A market's integer conversion factors, as bigint, parsed once per market object. */
export interface MarketUnits {
  /** Micro-USDC per tick per lot. */
  readonly valuePerTickLot: bigint;
  /** Micro-USDC per tick of price. */
  readonly microPerTick: bigint;
  /** Coins per lot as the exact fraction lotNumerator / lotDenominator (0.001 = 1 / 1000). */
  readonly lotNumerator: bigint;
  readonly lotDenominator: bigint;
}

type UnitSource = Pick<MarketSpec, 'tickSize' | 'lotSize'>;

const cache = new WeakMap<UnitSource, MarketUnits>();

export function marketUnits(market: UnitSource): MarketUnits {
  const cached = cache.get(market);
  if (cached) return cached;
  const lotDecimals = decimalsOf(market.lotSize);
  const lot = parseScaled(market.lotSize, lotDecimals);
  if (!lot.ok || lot.value <= 0n) throw new Error(`lot size ${market.lotSize} malformed`);
  const units: MarketUnits = {
    valuePerTickLot: BigInt(valuePerTickLot(market)),
    microPerTick: BigInt(microPerTick(market)),
    lotNumerator: lot.value,
    lotDenominator: 10n ** BigInt(lotDecimals),
  };
  cache.set(market, units);
  return units;
}
