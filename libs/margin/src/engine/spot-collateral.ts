import { assetSpec } from '@exchange/domain';
import { COLLATERAL_HAIRCUTS, UNLISTED_COLLATERAL_HAIRCUT } from '../portfolio/collateral';

/** Micro-USDC a coin balance counts for in equity: against IM and against MM (margin-model.md section 5). */
export interface SpotValue {
  readonly initial: bigint;
  readonly maintenance: bigint;
}

const NOTHING: SpotValue = { initial: 0n, maintenance: 0n };
const PARTS_PER_MILLION = 1_000_000n;

function decimalsOf(asset: string): number {
  const spec = assetSpec(asset);
  if (!spec) throw new Error(`unknown collateral asset ${asset}`);
  return spec.decimals;
}

/**
 * `amount` minimal units of `asset` valued at its underlying's index (micro-USDC per coin), after the
 * IM and MM haircuts, rounded down (equity never grows in rounding). Nothing while there is no index.
 */
export function spotCollateralValue(asset: string, amount: bigint, indexMicro: number | undefined): SpotValue {
  if (indexMicro === undefined || amount <= 0n) return NOTHING;
  const gross = (amount * BigInt(indexMicro)) / 10n ** BigInt(decimalsOf(asset));
  const haircut = COLLATERAL_HAIRCUTS[asset] ?? UNLISTED_COLLATERAL_HAIRCUT;
  const kept = (share: number) => (gross * BigInt(Math.round((1 - share) * 1_000_000))) / PARTS_PER_MILLION;
  return { initial: kept(haircut.initial), maintenance: kept(haircut.maintenance) };
}

/** The balance in coins, for the risk unit it is a long delta in. */
export function spotCoins(asset: string, amount: bigint): number {
  return Number(amount) / 10 ** decimalsOf(asset);
}
