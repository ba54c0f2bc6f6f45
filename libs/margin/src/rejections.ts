import type { CommandRejected, TraderCommand, TraderRequest } from '@exchange/contracts';
import { RejectCode, formatScaled } from '@exchange/domain';

/** The pre-trade gate's answer: the commands to forward to the books (a cancel-all may fan out), or a rejection. */
export type OrderCheck =
  | { readonly ok: true; readonly commands: readonly TraderCommand[] }
  | { readonly ok: false; readonly rejection: CommandRejected };

export const forward = (...commands: TraderCommand[]): OrderCheck => ({ ok: true, commands });

export function reject(
  command: TraderRequest,
  code: RejectCode,
  message: string,
  details: Readonly<Record<string, string>> = {},
): { readonly ok: false; readonly rejection: CommandRejected } {
  const { requestId, accountId } = command;
  const orderId = 'orderId' in command ? command.orderId : '';
  const market = 'market' in command ? command.market : null;
  return { ok: false, rejection: { kind: 'rejected', requestId, orderId, accountId, market, code, message, details } };
}

const usdc = (micro: bigint): string => formatScaled(micro, 6);

/**
 * `required`: initial margin of the whole account with the order; `equity`: what covers it;
 * `available`: equity minus the initial margin before the order; `shortfall`: required - equity,
 * the collateral to add for the order to pass.
 */
export function insufficientMargin(
  command: TraderRequest,
  required: bigint,
  equity: bigint,
  availableBefore: bigint,
  what = 'this order',
): { readonly ok: false; readonly rejection: CommandRejected } {
  const details = {
    required: usdc(required),
    equity: usdc(equity),
    available: usdc(availableBefore),
    shortfall: usdc(required - equity),
  };
  return reject(
    command,
    RejectCode.INSUFFICIENT_MARGIN,
    `initial margin with ${what} would be ${details.required} USDC but equity is ${details.equity} USDC ` +
      `(short by ${details.shortfall} USDC)`,
    details,
  );
}
