import type { CommandRejected, OrderCommand } from '@exchange/contracts';
import { RejectCode, formatScaled } from '@exchange/domain';

export type OrderCheck =
  | { readonly ok: true; readonly command: OrderCommand }
  | { readonly ok: false; readonly rejection: CommandRejected };

export function reject(
  command: OrderCommand,
  code: RejectCode,
  message: string,
  details: Readonly<Record<string, string>> = {},
): OrderCheck {
  const { requestId, orderId, accountId, market } = command;
  return { ok: false, rejection: { kind: 'rejected', requestId, orderId, accountId, market, code, message, details } };
}

const usdc = (micro: bigint): string => formatScaled(micro, 6);

/**
 * `required`: initial margin of the whole account with the order; `equity`: what covers it;
 * `available`: equity minus the initial margin before the order; `shortfall`: required - equity,
 * the collateral to add for the order to pass.
 */
export function insufficientMargin(
  command: OrderCommand,
  required: bigint,
  equity: bigint,
  availableBefore: bigint,
): OrderCheck {
  const details = {
    required: usdc(required),
    equity: usdc(equity),
    available: usdc(availableBefore),
    shortfall: usdc(required - equity),
  };
  return reject(
    command,
    RejectCode.INSUFFICIENT_MARGIN,
    `initial margin with this order would be ${details.required} USDC but equity is ${details.equity} USDC ` +
      `(short by ${details.shortfall} USDC)`,
    details,
  );
}
