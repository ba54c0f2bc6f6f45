import { HttpException } from '@nestjs/common';
import { ApiError, ErrorBody, ErrorCode } from './api-error';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True for failures nobody planned for: they are logged with their stack. */
  readonly unexpected: boolean;
}

/** Codes for HTTP errors raised by the framework itself (unknown route, body limits, media types). */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** Maps anything thrown while serving a request to the one error body of the API. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApiError) {
    return { status: error.getStatus(), body: error.body(), headers: error.headers, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST);
    return { status, body: { code, message: error.message }, headers: {}, unexpected: status >= 500 };
  }
  return {
    status: 500,
    body: { code: ErrorCode.INTERNAL, message: 'internal error' },
    headers: {},
    unexpected: true,
  };
}
