import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** Name of the bearer scheme in the OpenAPI document. */
export const API_KEY_SCHEME = 'apiKey';

const DECIMAL_PATTERN = '^-?\\d+(\\.\\d+)?$';

/** A decimal number carried as a string, so no precision is lost in JSON parsers. */
export const ApiDecimal = (description: string, example: string, required = true): PropertyDecorator =>
  (required ? ApiProperty : ApiPropertyOptional)({
    type: String,
    format: 'decimal',
    pattern: DECIMAL_PATTERN,
    description: `${description} (decimal string)`,
    example,
  });

/** The one error body of the API. */
export class ErrorBodyView {
  @ApiProperty({ description: 'Stable machine-readable code', example: 'INVALID_PRICE' })
  code!: string;

  @ApiProperty({
    description: 'Human-readable explanation',
    example: 'price 50000.3 is not a multiple of tick size 0.5',
  })
  message!: string;

  @ApiPropertyOptional({ description: 'Structured context, e.g. the offending fields', type: Object })
  details?: Record<string, unknown>;
}

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'MALFORMED_JSON, VALIDATION_ERROR (details.fields) or a business rejection code',
  401: 'UNAUTHENTICATED (no credentials) or INVALID_API_KEY',
  403: 'FORBIDDEN: the key lacks the role',
  404: 'NOT_FOUND, UNKNOWN_MARKET or UNKNOWN_ORDER',
  409: 'DUPLICATE_CLIENT_ORDER_ID, MARKET_EXISTS, NO_MARK_PRICE (margin simulation) or MARGIN_PARAMS_VERSION_EXISTS',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'INVALID_VOL_SURFACE or VOL_SURFACE_ARBITRAGE: details name the expiry, the check and the reason',
  429: 'RATE_LIMITED (see X-RateLimit-* and Retry-After headers)',
  503: 'SERVICE_UNAVAILABLE: a dependency is down (RISK_UNAVAILABLE: the risk service did not answer in time)',
  504: 'STATUS_UNKNOWN: no answer in time; re-query the order by details.orderId',
};

/** Documents the error responses a route can give, all with the error body. */
export const ApiErrors = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'error', type: ErrorBodyView }),
    ),
  );
