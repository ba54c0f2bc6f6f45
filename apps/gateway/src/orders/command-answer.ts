import type { RejectCode } from '@exchange/domain';
import { ApiError, ErrorCode } from '../http/api-error';
import type { BatchOutcome } from './order-tracker';
import { PendingRequests } from './pending-requests';

/** What the engines answered to one command: a refusal (risk stage or book), or the batch it caused. */
export type CommandAnswer =
  | {
      readonly kind: 'rejected';
      readonly code: RejectCode;
      readonly message: string;
      readonly details: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'applied'; readonly outcome: BatchOutcome };

/** Order commands awaiting their answer, by request id. */
export class CommandWaiters extends PendingRequests<CommandAnswer> {}

/** The batch the command caused, or the refusal (by the risk stage or by the book) as an error. */
export function appliedOutcome(
  answer: CommandAnswer,
  orderId: string,
  context: Readonly<Record<string, string>>,
): BatchOutcome {
  if (answer.kind === 'rejected') throw rejectionError(answer, context);
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
