import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { MARGIN_PARAMS, MarginParamsUpdate } from '@exchange/contracts';
import { parsePortfolioMarginParams, PortfolioMarginParams } from '@exchange/margin';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { ApiError, ErrorCode } from '../http/api-error';
import { validationError } from '../http/validation';
import type { MarginParamsSnapshot } from '../margin/margin-params-snapshot';
import { RiskServiceClient } from '../margin/risk-service.client';
import { MarketCatalog } from '../markets/market-catalog.service';
import { CLOCK } from '../tokens';
import { requireListedUnderlying } from './listed-underlying';
import { StaffActions } from './staff-actions';

/** What a replacement did: published (202), or nothing because the risk service has it already (200). */
export interface MarginParamsReplacement {
  readonly published: boolean;
  readonly params: PortfolioMarginParams;
}

/**
 * Staff-set margin parameters per underlying: checked with the engine's own parser, held to "one
 * version, one structure" against what the risk service computes with now, audit-logged, then
 * published on margin.params for the risk service to apply.
 */
@Injectable()
export class MarginParamsAdminService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly risk: RiskServiceClient,
    private readonly staff: StaffActions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  current(): Promise<MarginParamsSnapshot> {
    return this.risk.marginParams();
  }

  async replace(caller: Principal, underlying: string, body: unknown): Promise<MarginParamsReplacement> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationError([{ field: '(body)', problems: ['must be a JSON object: the whole parameter structure'] }]);
    }
    await requireListedUnderlying(this.catalog, underlying);
    const parsed = parsePortfolioMarginParams(body, underlying);
    if (!parsed.ok) {
      const { field, reason } = parsed.problem;
      throw new ApiError(400, ErrorCode.INVALID_MARGIN_PARAMS, `${field} ${reason}`, { field, reason });
    }
    const { params } = parsed;
    const current = (await this.risk.marginParams()).byUnderlying[underlying];
    if (current?.version === params.version) {
      if (sameParams(current, params)) return { published: false, params };
      throw new ApiError(
        409,
        ErrorCode.MARGIN_PARAMS_VERSION_EXISTS,
        `version ${params.version} of the ${underlying} margin parameters exists with other values: name a new version`,
        { underlying, version: params.version },
      );
    }
    // A spread: the contract types params as a record, which the interface is not without an index signature.
    const update: MarginParamsUpdate = {
      underlying,
      params: { ...params },
      timestampMs: this.clock.nowMs(),
      source: 'staff',
    };
    await this.staff.publishUpdate(caller, {
      what: 'margin parameter update',
      action: 'margin_params.publish',
      topic: MARGIN_PARAMS,
      update,
    });
    return { published: true, params };
  }
}

/**
 * The structures are equal as JSON carries them: key order aside, and -0 (which a request may
 * hold but JSON never sends on) counted as 0.
 */
const sameParams = (current: unknown, params: PortfolioMarginParams): boolean =>
  isDeepStrictEqual(current, JSON.parse(JSON.stringify(params)));
