import { Inject, Injectable } from '@nestjs/common';
import type { InstrumentMark, MarginSimulationRequest, MarginSimulationResult } from '@exchange/contracts';
import { RejectCode } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import type { GatewaySettings } from '../config';
import { ApiError, ErrorCode } from '../http/api-error';
import { LOGGER, SETTINGS } from '../tokens';
import { isMarginParamsSnapshot, MarginParamsSnapshot } from './margin-params-snapshot';
import { isSimulationResult } from './simulation-result';

export const SIMULATE_PATH = '/internal/v1/margin/simulate';
export const MARGIN_PARAMS_PATH = '/internal/v1/margin-params';
export const MARKS_PATH = '/internal/v1/marks';

/**
 * Refusals about the exchange between the services rather than the simulation (no such route, a
 * request the service could not read): the gateway's fault or a version mismatch, never the client's.
 */
const TRANSPORT_CODES: ReadonlySet<string> = new Set([
  RejectCode.INVALID_COMMAND,
  ErrorCode.NOT_FOUND,
  ErrorCode.METHOD_NOT_ALLOWED,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.PAYLOAD_TOO_LARGE,
  ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  ErrorCode.MALFORMED_JSON,
  ErrorCode.VALIDATION_ERROR,
  ErrorCode.BAD_REQUEST,
]);

/**
 * The portfolio-margin service over HTTP: margin simulations, instrument marks and the current margin
 * parameters. Its refusals (4xx with the API's error body, e.g. UNKNOWN_MARKET, NO_MARK_PRICE,
 * UNKNOWN_ACCOUNT) pass through; anything else (unreachable, slower than riskRequestTimeoutMs, 5xx, a
 * transport refusal, a malformed answer) is 503 RISK_UNAVAILABLE.
 */
@Injectable()
export class RiskServiceClient {
  constructor(
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async simulate(request: MarginSimulationRequest): Promise<MarginSimulationResult> {
    return this.answer(await this.send('POST', SIMULATE_PATH, request), isSimulationResult, 'a margin simulation');
  }

  /** An instrument's mark as the risk engine prices it; UNKNOWN_MARKET and NO_MARK_PRICE pass through. */
  async mark(market: string): Promise<InstrumentMark> {
    const path = `${MARKS_PATH}/${encodeURIComponent(market)}`;
    return this.answer(await this.send('GET', path), isInstrumentMark, 'a mark query');
  }

  /** The margin parameters the risk service computes with now; it has no refusals to pass on. */
  async marginParams(): Promise<MarginParamsSnapshot> {
    const { status, body } = await this.send('GET', MARGIN_PARAMS_PATH);
    if (status === 200 && isMarginParamsSnapshot(body)) return body;
    this.logger.error('the risk service answered a margin parameters query unexpectedly', {
      status,
      code: isErrorBody(body) ? body.code : undefined,
    });
    throw riskUnavailable();
  }

  /** The answer when well formed; the service's own refusals as the API's errors; anything else 503. */
  private answer<T>(reply: { status: number; body: unknown }, isValid: (body: unknown) => body is T, what: string): T {
    const { status, body } = reply;
    if (status >= 200 && status < 300 && isValid(body)) return body;
    if (status >= 400 && status < 500 && isErrorBody(body) && !TRANSPORT_CODES.has(body.code)) {
      throw new ApiError(status, body.code, body.message, body.details);
    }
    this.logger.error(`the risk service answered ${what} unexpectedly`, {
      status,
      code: isErrorBody(body) ? body.code : undefined,
    });
    throw riskUnavailable();
  }

  /** The status and parsed JSON body (undefined when not JSON), both within the timeout. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    payload?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    try {
      const response = await fetch(`${this.settings.portfolioMarginUrl}${path}`, {
        method,
        ...(payload === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(this.settings.riskRequestTimeoutMs),
      });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      this.logger.warn('the risk service did not answer', { path, error });
      throw riskUnavailable();
    }
  }
}

const isNumberOrNull = (value: unknown): boolean => value === null || typeof value === 'number';

function isInstrumentMark(value: unknown): value is InstrumentMark {
  if (typeof value !== 'object' || value === null) return false;
  const mark = value as Record<string, unknown>;
  const greeks = mark.greeks as Record<string, unknown> | null;
  return (
    typeof mark.market === 'string' &&
    /^\d+$/.test(String(mark.markPrice)) &&
    /^\d+$/.test(String(mark.indexPrice)) &&
    typeof mark.forward === 'number' &&
    typeof mark.yearsToExpiry === 'number' &&
    isNumberOrNull(mark.impliedVol) &&
    (greeks === null ||
      (typeof greeks === 'object' &&
        ['delta', 'gamma', 'vega', 'theta'].every((key) => typeof greeks[key] === 'number')))
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorBody(value: unknown): value is { code: string; message: string; details?: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.code === 'string' &&
    typeof body.message === 'string' &&
    (body.details === undefined || (typeof body.details === 'object' && body.details !== null))
  );
}

const riskUnavailable = (): ApiError =>
  new ApiError(503, ErrorCode.RISK_UNAVAILABLE, 'the risk service is unavailable, retry later');
