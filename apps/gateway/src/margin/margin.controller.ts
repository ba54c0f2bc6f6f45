import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { OrderRateGuard } from '../rate-limit/order-rate.guard';
import { MarginSimulationView, SimulateMarginBody } from './margin-simulation.dto';
import { MarginSimulationService } from './margin-simulation.service';

@ApiTags('account')
@ApiBearerAuth(API_KEY_SCHEME)
@Controller('v1/margin')
export class MarginController {
  constructor(private readonly simulations: MarginSimulationService) {}

  @Post('simulate')
  @HttpCode(200)
  @UseGuards(OrderRateGuard)
  @ApiOperation({
    summary: 'What-if margin of hypothetical positions',
    description:
      'Initial and maintenance margin of the given positions, on top of the account’s own positions and open ' +
      'orders unless `includeAccount` is false, under the account’s margin model or `model`: the requirement per ' +
      'risk unit with its charges and full scenario matrix, and the parameters used (with their version, to ' +
      'reproduce the result). 400 VALIDATION_ERROR or INVALID_QUANTITY; 404 UNKNOWN_MARKET; the risk engine’s ' +
      'refusals pass through (404 UNKNOWN_MARKET or UNKNOWN_ACCOUNT when it does not know them yet, 409 ' +
      'NO_MARK_PRICE); ' +
      '503 RISK_UNAVAILABLE when the risk service does not answer in time. Rate limited like new orders.',
  })
  @ApiOkResponse({ type: MarginSimulationView })
  @ApiErrors(400, 401, 404, 409, 429, 503)
  simulate(@Caller() caller: Principal, @Body() body: SimulateMarginBody): Promise<MarginSimulationView> {
    return this.simulations.simulate(caller, body);
  }
}
