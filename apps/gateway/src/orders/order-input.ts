import { DecimalError, MarketSpec, OrderType, Side, TimeInForce, toSteps } from '@exchange/domain';
import { ErrorCode } from '../http/api-error';

/** An order request as the client sent it (after DTO validation): decimals still strings. */
export interface OrderRequest {
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly price?: string;
  readonly quantity: string;
  readonly timeInForce?: TimeInForce;
  readonly clientOrderId?: string;
}

export interface OrderTerms {
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  readonly timeInForce: TimeInForce;
}

export interface InputProblem {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export type OrderInput =
  | { readonly ok: true; readonly terms: OrderTerms }
  | { readonly ok: false; readonly problem: InputProblem };

const WHY: Readonly<Record<DecimalError, (field: string, step: string) => string>> = {
  NOT_A_DECIMAL: (field) => `${field} must be a decimal string such as "50000.5"`,
  NEGATIVE: (field) => `${field} must not be negative`,
  TOO_MANY_DECIMALS: (field, step) => `${field} has more decimals than ${step} allows`,
  NOT_A_MULTIPLE: (field, step) => `${field} is not a multiple of ${step}`,
  TOO_LARGE: (field) => `${field} is too large`,
};

const problem = (code: string, message: string, details: Record<string, unknown>): OrderInput => ({
  ok: false,
  problem: { code, message, details },
});

/** Converts the decimal strings of an order into whole ticks and lots of its market, or says why not. */
export function parseOrderInput(request: OrderRequest, market: MarketSpec): OrderInput {
  const size = toSteps(request.quantity, market.lotSize);
  if (!size.ok) {
    return problem(ErrorCode.INVALID_QUANTITY, WHY[size.error]('quantity', `lot size ${market.lotSize}`), {
      field: 'quantity',
      reason: size.error,
      lotSize: market.lotSize,
    });
  }
  if (size.value === 0) {
    return problem(ErrorCode.INVALID_QUANTITY, 'quantity must be positive', { field: 'quantity', reason: 'ZERO' });
  }

  if (request.type === 'market') {
    if (request.price !== undefined) {
      return problem(ErrorCode.INVALID_PRICE, 'market orders take no price', { field: 'price', reason: 'UNEXPECTED' });
    }
    if (request.timeInForce !== undefined && request.timeInForce !== 'IOC') {
      return problem(ErrorCode.VALIDATION_ERROR, 'market orders are IOC', {
        fields: [{ field: 'timeInForce', problems: ['market orders are IOC'] }],
      });
    }
    return { ok: true, terms: { priceTicks: null, sizeLots: size.value, timeInForce: 'IOC' } };
  }

  if (request.price === undefined) {
    return problem(ErrorCode.INVALID_PRICE, 'limit orders need a price', { field: 'price', reason: 'MISSING' });
  }
  const price = toSteps(request.price, market.tickSize);
  if (!price.ok) {
    return problem(ErrorCode.INVALID_PRICE, WHY[price.error]('price', `tick size ${market.tickSize}`), {
      field: 'price',
      reason: price.error,
      tickSize: market.tickSize,
    });
  }
  if (price.value === 0) {
    return problem(ErrorCode.INVALID_PRICE, 'price must be positive', { field: 'price', reason: 'ZERO' });
  }
  return {
    ok: true,
    terms: { priceTicks: price.value, sizeLots: size.value, timeInForce: request.timeInForce ?? 'GTC' },
  };
}
