import { HttpException } from '@nestjs/common';

/** Stable, machine-readable error codes of the HTTP API. Clients switch on them, so never rename one. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_API_KEY: 'INVALID_API_KEY',
  FORBIDDEN: 'FORBIDDEN',
  MALFORMED_JSON: 'MALFORMED_JSON',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  BAD_REQUEST: 'BAD_REQUEST',
  RATE_LIMITED: 'RATE_LIMITED',
  UNKNOWN_MARKET: 'UNKNOWN_MARKET',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_TRIGGER: 'INVALID_TRIGGER',
  INVALID_EXPIRY: 'INVALID_EXPIRY',
  INVALID_ORDER_OPTIONS: 'INVALID_ORDER_OPTIONS',
  UNKNOWN_UNDERLYING: 'UNKNOWN_UNDERLYING',
  INVALID_MARKET_SPEC: 'INVALID_MARKET_SPEC',
  MARKET_EXISTS: 'MARKET_EXISTS',
  INVALID_VOL_SURFACE: 'INVALID_VOL_SURFACE',
  VOL_SURFACE_ARBITRAGE: 'VOL_SURFACE_ARBITRAGE',
  INVALID_MARGIN_PARAMS: 'INVALID_MARGIN_PARAMS',
  MARGIN_PARAMS_VERSION_EXISTS: 'MARGIN_PARAMS_VERSION_EXISTS',
  STATUS_UNKNOWN: 'STATUS_UNKNOWN',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  RISK_UNAVAILABLE: 'RISK_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An error the API answers deliberately: status, stable code, message and optional details and headers. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message, status);
  }

  body(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
