import type { AmendOrder } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import { ErrorCode } from '../http/api-error';
import { parsePriceTicks, parseSizeLots } from './decimal-fields';
import { accept, Checked, refuse } from './input-problem';

/** An amend as the client sent it: a new limit price and/or a new total size, decimal strings. */
export interface AmendRequest {
  readonly price?: string;
  /** The new total size, filled part included. */
  readonly quantity?: string;
}

export type AmendTerms = Pick<AmendOrder, 'priceTicks' | 'sizeLots'>;

/** Converts an amend into ticks and lots of the order's market; it must change at least one of them. */
export function parseAmendInput(request: AmendRequest, market: MarketSpec): Checked<AmendTerms> {
  if (request.price === undefined && request.quantity === undefined) {
    const problems = ['an amend needs a new price or quantity'];
    return refuse(ErrorCode.VALIDATION_ERROR, problems[0], { fields: [{ field: '(body)', problems }] });
  }
  const price = request.price === undefined ? accept(undefined) : parsePriceTicks('price', request.price, market);
  if (!price.ok) return price;
  const size = request.quantity === undefined ? accept(undefined) : parseSizeLots('quantity', request.quantity, market);
  if (!size.ok) return size;
  return accept({
    ...(price.value === undefined ? {} : { priceTicks: price.value }),
    ...(size.value === undefined ? {} : { sizeLots: size.value }),
  });
}
