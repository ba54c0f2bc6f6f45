import type { CancelOrder } from '@exchange/contracts';
import { RejectCode } from '@exchange/domain';
import type { Rejection } from './events';

/** The rejection of a cancel that addresses no open order of its account (by order id or client order id). */
export function noOpenOrder(command: CancelOrder): Rejection {
  const which = command.clientOrderId === undefined ? command.orderId : `with client order id ${command.clientOrderId}`;
  return { code: RejectCode.UNKNOWN_ORDER, message: `no open order ${which}` };
}
