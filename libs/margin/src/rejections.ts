import type { AmendOrder, CommandRejected, PlaceOrder, TraderCommand } from '@exchange/contracts';
import { RejectCode, formatScaled } from '@exchange/domain';

/** The pre-trade gate's answer: the commands to forward to the books (a cancel-all may fan out), or a rejection. */
export type OrderCheck =
  | { readonly ok: true; readonly commands: readonly TraderCommand[] }
  | { readonly ok: false; readonly rejection: CommandRejected };

export const forward = (...commands: TraderCommand[]): OrderCheck => ({ ok: true, commands });

export function reject(
  command: TraderCommand,
  code: RejectCode,
  message: string,
  details: Readonly<Record<string, string>> = {},
): OrderCheck {
  const { requestId, accountId, market } = command;
  const orderId = command.kind === 'cancel_all' ? '' : command.orderId;
  return { ok: false, rejection: { kind: 'rejected', requestId, orderId, accountId, market, code, message, details } };
}

const usdc = (micro: bigint): string => formatScaled(micro, 6);

/**
 * `required`: initial margin of the whole account with the order; `equity`: what covers it;
 * `available`: equity minus the initial margin before the order; `shortfall`: required - equity,
 * the collateral to add for the order to pass.
 */
export function insufficientMargin(
  command: PlaceOrder | AmendOrder,
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
