import type { RejectCode } from '@exchange/domain';
import { ApiError } from '../http/api-error';
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

const STATUS_BY_CODE: Readonly<Partial<Record<RejectCode, number>>> = {
  DUPLICATE_CLIENT_ORDER_ID: 409,
  DUPLICATE_ORDER_ID: 409,
  UNKNOWN_ORDER: 404,
};

/** A refusal as an API error: 409 for duplicates, 404 for unknown orders, 400 otherwise. */
export function rejectionError(
  rejection: {
    readonly code: RejectCode;
    readonly message: string;
    readonly details?: Readonly<Record<string, string>>;
  },
  orderId: string,
): ApiError {
  return new ApiError(STATUS_BY_CODE[rejection.code] ?? 400, rejection.code, rejection.message, {
    ...rejection.details,
    orderId,
  });
}
