import type { CancelAllOrders, MarketCommand } from '@exchange/contracts';
import { isMarketStatus, RejectCode, type MarketSpec } from '@exchange/domain';
import type { Rejection } from './events';
import { isPositiveSteps, reject } from './place-validation';

/** Checks a market-level command or a cancel-all; null when the book may apply it. */
export function checkMarketCommand(command: MarketCommand | CancelAllOrders, market: MarketSpec): Rejection | null {
  if (
    command.kind === 'cancel_all'
      ? command.market !== null && command.market !== market.symbol
      : command.market !== market.symbol
  ) {
    return reject(RejectCode.UNKNOWN_MARKET, `${command.kind} for ${command.market} sent to the ${market.symbol} book`);
  }
  switch (command.kind) {
    case 'mark':
      return isPositiveSteps(command.priceTicks)
        ? null
        : reject(RejectCode.INVALID_PRICE, `mark ${command.priceTicks} is not a whole number of ticks`);
    case 'clock':
      return Number.isSafeInteger(command.timestampUs) && command.timestampUs >= 0
        ? null
        : reject(RejectCode.INVALID_COMMAND, `clock ${command.timestampUs} is not a time in µs`);
    case 'status':
      return isMarketStatus(command.status)
        ? null
        : reject(RejectCode.INVALID_COMMAND, `unknown market status ${String(command.status)}`);
    case 'set_position':
      return Number.isSafeInteger(command.positionLots) && typeof command.accountId === 'string'
        ? null
        : reject(RejectCode.INVALID_SIZE, `position ${command.positionLots} is not a whole number of lots`);
    case 'cancel_all':
      return null;
    case 'list':
      return reject(
        RejectCode.INVALID_COMMAND,
        'a list command creates a book: the engine takes it, a book never does',
      );
  }
}

/** The order and account a command names, '' where it names none (market-level commands). */
export function commandParties(command: unknown): { readonly orderId: string; readonly accountId: string } {
  const record = (typeof command === 'object' && command !== null ? command : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { orderId: text(record.orderId), accountId: text(record.accountId) };
}

export const unknownCommand = (command: unknown): Rejection => {
  const kind = typeof command === 'object' && command !== null ? (command as { kind?: unknown }).kind : undefined;
  return reject(RejectCode.INVALID_COMMAND, `unknown command kind ${String(kind)}`);
};
