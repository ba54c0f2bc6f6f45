import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, StaffOnly } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { MarketView } from '../markets/market.views';
import { ListMarketsBody } from './market-listing.dto';
import { MarketListingService } from './market-listing.service';

@ApiTags('staff')
@ApiBearerAuth(API_KEY_SCHEME)
@StaffOnly()
@Controller('admin/v1')
export class AdminMarketsController {
  constructor(private readonly listings: MarketListingService) {}

  @Post('markets')
  @ApiOperation({
    summary: 'List a dated future or an option series (staff only, audit-logged)',
    description:
      'A future is named like `BTC-25DEC26`; an option series lists one market per strike and option type, named ' +
      'like `BTC-25DEC26-60000-C` (a decimal point in the strike is written `d`). All markets of a request are ' +
      'stored in one transaction, or none: 409 MARKET_EXISTS when a symbol is taken. 400 UNKNOWN_UNDERLYING ' +
      'without a listed perpetual on the underlying, INVALID_EXPIRY, INVALID_MARKET_SPEC (tick x lot not a whole ' +
      'number of micro-USDC, strikes off the tick grid or repeated, options fields on a future).',
  })
  @ApiCreatedResponse({ type: [MarketView] })
  @ApiErrors(400, 401, 403, 409, 503)
  list(@Caller() caller: Principal, @Body() body: ListMarketsBody): Promise<MarketView[]> {
    return this.listings.list(caller, body);
  }
}
