import type { PlaceOrder } from '@exchange/contracts';
import type {
  MarketSpec,
  OrderType,
  PostOnlyMode,
  SelfTradePrevention,
  Side,
  TimeInForce,
  TriggerKind,
  TriggerReference,
} from '@exchange/domain';
import { ErrorCode } from '../http/api-error';
import { parsePriceTicks, parseSizeLots } from './decimal-fields';
import { parseExpiryUs } from './expiry';
import { accept, Checked, refuse } from './input-problem';

/** An order request as the client sent it (after DTO validation): decimals still strings. */
export interface OrderRequest {
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly price?: string;
  readonly quantity: string;
  readonly timeInForce?: TimeInForce;
  /** GTD only: RFC 3339 time. */
  readonly expiresAt?: string;
  readonly postOnly?: boolean;
  readonly postOnlyMode?: PostOnlyMode;
  readonly reduceOnly?: boolean;
  readonly selfTradePrevention?: SelfTradePrevention;
  /** Makes the order conditional, with `triggerKind` and optionally `triggerBy`. */
  readonly triggerPrice?: string;
  readonly triggerKind?: TriggerKind;
  readonly triggerBy?: TriggerReference;
  readonly clientOrderId?: string;
}

/** The terms a request gives its PlaceOrder: integers, and each option only when it was set. */
export type OrderTerms = Pick<
  PlaceOrder,
  | 'timeInForce'
  | 'priceTicks'
  | 'sizeLots'
  | 'trigger'
  | 'expiresAtUs'
  | 'postOnly'
  | 'reduceOnly'
  | 'selfTradePrevention'
>;

/** The reference a trigger watches when the request names none: the last trade price, as most venues default. */
export const DEFAULT_TRIGGER_REFERENCE: TriggerReference = 'last';

/**
 * Converts an order request into the terms of its PlaceOrder, or says what is wrong with it: the
 * first problem in a fixed order (quantity, price, time in force and expiry, trigger, options).
 */
export function parseOrderInput(request: OrderRequest, market: MarketSpec, nowMs: number): Checked<OrderTerms> {
  const size = parseSizeLots('quantity', request.quantity, market);
  if (!size.ok) return size;
  const price = parseLimitPrice(request, market);
  if (!price.ok) return price;
  const timeInForce = parseTimeInForce(request);
  if (!timeInForce.ok) return timeInForce;
  const expiresAtUs = parseExpiryUs(timeInForce.value, request.expiresAt, nowMs);
  if (!expiresAtUs.ok) return expiresAtUs;
  const trigger = parseTrigger(request, market);
  if (!trigger.ok) return trigger;
  const postOnly = parsePostOnly(request, timeInForce.value);
  if (!postOnly.ok) return postOnly;
  return accept({
    timeInForce: timeInForce.value,
    priceTicks: price.value,
    sizeLots: size.value,
    ...(trigger.value === undefined ? {} : { trigger: trigger.value }),
    ...(expiresAtUs.value === undefined ? {} : { expiresAtUs: expiresAtUs.value }),
    ...(postOnly.value === undefined ? {} : { postOnly: postOnly.value }),
    ...(request.reduceOnly === true ? { reduceOnly: true } : {}),
    ...(request.selfTradePrevention === undefined ? {} : { selfTradePrevention: request.selfTradePrevention }),
  });
}

/** Limit orders need a price on the tick grid; market orders take none. */
function parseLimitPrice(request: OrderRequest, market: MarketSpec): Checked<number | null> {
  if (request.type === 'market') {
    return request.price === undefined
      ? accept(null)
      : refuse(ErrorCode.INVALID_PRICE, 'market orders take no price', { field: 'price', reason: 'UNEXPECTED' });
  }
  if (request.price === undefined) {
    return refuse(ErrorCode.INVALID_PRICE, 'limit orders need a price', { field: 'price', reason: 'MISSING' });
  }
  return parsePriceTicks('price', request.price, market);
}

/** Limit orders default to GTC; market orders never rest, so they are IOC (the default) or FOK. */
function parseTimeInForce(request: OrderRequest): Checked<TimeInForce> {
  if (request.type === 'limit') return accept(request.timeInForce ?? 'GTC');
  const timeInForce = request.timeInForce ?? 'IOC';
  if (timeInForce === 'IOC' || timeInForce === 'FOK') return accept(timeInForce);
  return refuse(ErrorCode.VALIDATION_ERROR, 'market orders are IOC or FOK', {
    fields: [{ field: 'timeInForce', problems: ['market orders are IOC or FOK'] }],
  });
}

/** A conditional order names its trigger price and kind; `triggerBy` defaults to the last price. */
function parseTrigger(request: OrderRequest, market: MarketSpec): Checked<PlaceOrder['trigger']> {
  const { triggerPrice, triggerKind, triggerBy } = request;
  if (triggerPrice === undefined) {
    if (triggerKind === undefined && triggerBy === undefined) return accept(undefined);
    return refuse(ErrorCode.INVALID_TRIGGER, 'triggerKind and triggerBy need a triggerPrice', {
      field: 'triggerPrice',
      reason: 'MISSING',
    });
  }
  if (triggerKind === undefined) {
    return refuse(ErrorCode.INVALID_TRIGGER, 'a triggerPrice needs a triggerKind (stop or take_profit)', {
      field: 'triggerKind',
      reason: 'MISSING',
    });
  }
  const priceTicks = parsePriceTicks('triggerPrice', triggerPrice, market, ErrorCode.INVALID_TRIGGER);
  if (!priceTicks.ok) return priceTicks;
  return accept({ kind: triggerKind, reference: triggerBy ?? DEFAULT_TRIGGER_REFERENCE, priceTicks: priceTicks.value });
}

/**
 * Post-only applies to limit orders that may rest (GTC, GTD) and fire no trigger; `postOnlyMode`
 * (default reject) only with `postOnly: true`.
 */
function parsePostOnly(request: OrderRequest, timeInForce: TimeInForce): Checked<PostOnlyMode | undefined> {
  const invalid = (message: string, field = 'postOnly') =>
    refuse(ErrorCode.INVALID_ORDER_OPTIONS, message, { field, reason: 'CONFLICT' });
  if (request.postOnly !== true) {
    return request.postOnlyMode === undefined
      ? accept(undefined)
      : invalid('postOnlyMode needs postOnly: true', 'postOnlyMode');
  }
  if (request.type !== 'limit') return invalid('a post-only order needs a limit price');
  if (timeInForce !== 'GTC' && timeInForce !== 'GTD') return invalid(`a post-only order cannot be ${timeInForce}`);
  if (request.triggerPrice !== undefined) return invalid('a conditional order cannot be post-only');
  return accept(request.postOnlyMode ?? 'reject');
}
