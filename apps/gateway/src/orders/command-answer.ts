import type { CommandResult, MarginMode } from '@exchange/contracts';
import type { RejectCode } from '@exchange/domain';
import { ApiError, ErrorCode } from '../http/api-error';
import type { BatchOutcome } from './order-tracker';
import { PendingRequests } from './pending-requests';

/**
 * What the engines answered to one request: a refusal (risk stage or book), the batch an order
 * command caused, or an account request the risk stage applied itself (a margin mode switch).
 */
export type CommandAnswer =
  | {
      readonly kind: 'rejected';
      readonly code: RejectCode;
      readonly message: string;
      readonly details: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'applied'; readonly outcome: BatchOutcome }
  | { readonly kind: 'request_applied'; readonly marginMode: MarginMode };

/** Requests awaiting their answer, by request id. */
export class CommandWaiters extends PendingRequests<CommandAnswer> {}

/** The risk stage's own answer (orders.results) as the answer its request waits for. */
export function resultAnswer(result: CommandResult): CommandAnswer {
  if (result.kind === 'applied') return { kind: 'request_applied', marginMode: result.marginMode };
  return { kind: 'rejected', code: result.code, message: result.message, details: result.details ?? {} };
}

/** The batch the command caused, or the refusal (by the risk stage or by the book) as an error. */
export function appliedOutcome(
  answer: CommandAnswer,
  orderId: string,
  context: Readonly<Record<string, string>>,
): BatchOutcome {
  if (answer.kind === 'rejected') throw rejectionError(answer, context);
  // Request ids are unique: only a bug on the risk side could answer an order with an account result.
  if (answer.kind === 'request_applied') throw new Error('an order command was answered as an account request');
  const rejected = answer.outcome.rejections.get(orderId);
  if (rejected) throw rejectionError(rejected, context);
  return answer.outcome;
}

const STATUS_BY_CODE: Readonly<Partial<Record<RejectCode, number>>> = {
  DUPLICATE_CLIENT_ORDER_ID: 409,
  DUPLICATE_ORDER_ID: 409,
  UNKNOWN_ORDER: 404,
};

/**
 * A refusal as an API error: 409 for duplicates, 404 for unknown orders, 400 otherwise; `context`
 * (e.g. the order id) joins the refusal's details.
 */
export function rejectionError(
  rejection: {
    readonly code: RejectCode;
    readonly message: string;
    readonly details?: Readonly<Record<string, string>>;
  },
  context: Readonly<Record<string, string>>,
): ApiError {
  return new ApiError(STATUS_BY_CODE[rejection.code] ?? 400, rejection.code, rejection.message, {
    ...rejection.details,
    ...context,
  });
}

export const unknownOrder = (orderId: string): ApiError =>
  new ApiError(404, ErrorCode.UNKNOWN_ORDER, `unknown order ${orderId}`, { orderId });
