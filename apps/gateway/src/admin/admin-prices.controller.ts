import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, StaffOnly } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { PriceAdminService } from './price-admin.service';
import { PublishedPricesView, PublishPricesBody } from './price.dto';

@ApiTags('staff')
@ApiBearerAuth(API_KEY_SCHEME)
@StaffOnly()
@Controller('admin/v1')
export class AdminPricesController {
  constructor(private readonly prices: PriceAdminService) {}

  @Post('prices')
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish index and mark prices (staff only, audit-logged)' })
  @ApiAcceptedResponse({ type: PublishedPricesView })
  @ApiErrors(400, 401, 403, 503)
  publish(@Caller() caller: Principal, @Body() body: PublishPricesBody): Promise<PublishedPricesView> {
    return this.prices.publish(caller, body);
  }
}
