import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller, StaffOnly } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import type { MarginParamsSnapshot } from '../margin/margin-params-snapshot';
import { CurrentMarginParamsView, PortfolioMarginParamsView } from './margin-params.dto';
import { MarginParamsAdminService } from './margin-params-admin.service';

@ApiTags('staff')
@ApiBearerAuth(API_KEY_SCHEME)
@StaffOnly()
@Controller('admin/v1/margin-params')
export class AdminMarginParamsController {
  constructor(private readonly marginParams: MarginParamsAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'The margin parameters the risk engine computes with now (staff only)',
    description:
      'As the portfolio-margin service reports them: one versioned structure per underlying. ' +
      '503 RISK_UNAVAILABLE when the risk service does not answer in time.',
  })
  @ApiOkResponse({ type: CurrentMarginParamsView })
  @ApiErrors(401, 403, 503)
  current(): Promise<MarginParamsSnapshot> {
    return this.marginParams.current();
  }

  @Put(':underlying')
  @ApiOperation({
    summary: 'Replace the margin parameters of an underlying (staff only, audit-logged)',
    description:
      'The body is the whole structure, under a version that names it for ever (margin reports echo the version, ' +
      'so their results stay reproducible). Checked as the risk engine checks it: 400 INVALID_MARGIN_PARAMS with ' +
      'details {field, reason} for the first field missing, of the wrong type or out of its range, or breaking a ' +
      'rule across fields (e.g. an MM rate above its IM rate); fields the structure does not have are dropped. ' +
      '400 UNKNOWN_UNDERLYING without a market on the underlying. Then compared with what the risk service holds: ' +
      '409 MARGIN_PARAMS_VERSION_EXISTS when its version for the underlying is this one with other values; 200 ' +
      'and nothing published when it holds exactly this structure already (a retry); otherwise published for the ' +
      'risk service to apply, 202. 503 RISK_UNAVAILABLE when the risk service does not answer in time, ' +
      'SERVICE_UNAVAILABLE when the update cannot be published.',
  })
  @ApiParam({ name: 'underlying', example: 'BTC' })
  @ApiBody({ type: PortfolioMarginParamsView })
  @ApiAcceptedResponse({ type: PortfolioMarginParamsView, description: 'published: the structure as sent on' })
  @ApiOkResponse({ type: PortfolioMarginParamsView, description: 'the risk service holds this structure already' })
  @ApiErrors(400, 401, 403, 409, 503)
  async replace(
    @Caller() caller: Principal,
    @Param('underlying') underlying: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PortfolioMarginParamsView> {
    const replacement = await this.marginParams.replace(caller, underlying, body);
    reply.status(replacement.published ? 202 : 200);
    return replacement.params as PortfolioMarginParamsView;
  }
}
