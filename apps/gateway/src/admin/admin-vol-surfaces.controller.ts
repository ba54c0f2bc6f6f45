import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, StaffOnly } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { PublishedVolSurfaceView, PublishVolSurfaceBody } from './vol-surface.dto';
import { VolSurfaceAdminService } from './vol-surface-admin.service';

@ApiTags('staff')
@ApiBearerAuth(API_KEY_SCHEME)
@StaffOnly()
@Controller('admin/v1')
export class AdminVolSurfacesController {
  constructor(private readonly surfaces: VolSurfaceAdminService) {}

  @Post('vol-surfaces')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Set the volatility surface of an underlying (staff only, audit-logged)',
    description:
      'One smile per expiry, raw SVI or one flat vol, replacing the whole surface. Checked as the risk engine ' +
      'checks it: SVI constraints (422 INVALID_VOL_SURFACE), no butterfly arbitrage in any smile and no calendar ' +
      'arbitrage between expiries (422 VOL_SURFACE_ARBITRAGE); details name the expiry, the check and the reason. ' +
      '400 UNKNOWN_UNDERLYING without a market on the underlying, INVALID_EXPIRY for expiries past, malformed or ' +
      'repeated.',
  })
  @ApiAcceptedResponse({ type: PublishedVolSurfaceView })
  @ApiErrors(400, 401, 403, 422, 503)
  publish(@Caller() caller: Principal, @Body() body: PublishVolSurfaceBody): Promise<PublishedVolSurfaceView> {
    return this.surfaces.publish(caller, body);
  }
}
