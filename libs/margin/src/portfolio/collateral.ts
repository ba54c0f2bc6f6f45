import { usdToMicroDown } from './money';

/** Fractions of a collateral's value not counted as equity, against IM and against MM. */
export interface Haircut {
  readonly initial: number;
  readonly maintenance: number;
}

/** margin-model.md section 5. */
export const COLLATERAL_HAIRCUTS: Readonly<Record<string, Haircut>> = {
  USDC: { initial: 0, maintenance: 0 },
  USDT: { initial: 0.01, maintenance: 0.005 },
  BTC: { initial: 0.05, maintenance: 0.025 },
  ETH: { initial: 0.07, maintenance: 0.035 },
};

/** "Anything else >= 25%": unlisted assets count at 75% at most, for IM and MM alike. */
export const UNLISTED_COLLATERAL_HAIRCUT: Haircut = { initial: 0.25, maintenance: 0.25 };

export interface CollateralBalance {
  readonly asset: string;
  /** Units of the asset (coins), >= 0. */
  readonly amount: number;
  /** USD per unit. */
  readonly price: number;
}

/** Equity in micro-USDC, rounded down: what IM is checked against and what MM is checked against. */
export interface Equity {
  readonly initial: bigint;
  readonly maintenance: bigint;
}

/**
 * Equity = sum of collateral amount x price x (1 - haircut) + unrealised PnL + option mark-to-market
 * (section 5), once with the IM haircuts and once with the MM haircuts.
 */
export function accountEquity(
  balances: readonly CollateralBalance[],
  unrealizedPnlUsd: number,
  optionValueUsd: number,
  haircuts: Readonly<Record<string, Haircut>> = COLLATERAL_HAIRCUTS,
): Equity {
  const valued = (kind: keyof Haircut): number =>
    balances.reduce((sum, { asset, amount, price }) => {
      if (!(amount >= 0 && price >= 0)) throw new RangeError(`${asset}: amount and price must be >= 0`);
      const haircut = (haircuts[asset] ?? UNLISTED_COLLATERAL_HAIRCUT)[kind];
      return sum + amount * price * (1 - haircut);
    }, 0) +
    unrealizedPnlUsd +
    optionValueUsd;
  return { initial: usdToMicroDown(valued('initial')), maintenance: usdToMicroDown(valued('maintenance')) };
}

/** The pre-trade rule (section 5): accept when equity covers IM after the order, or when the order reduces risk. */
export function acceptsOrder(check: {
  readonly equity: bigint;
  readonly initialAfter: bigint;
  readonly maintenanceBefore: bigint;
  readonly maintenanceAfter: bigint;
}): boolean {
  return check.equity >= check.initialAfter || check.maintenanceAfter <= check.maintenanceBefore;
}
