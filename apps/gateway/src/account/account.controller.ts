import { Body, Controller, Get, HttpCode, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { OrderRateGuard } from '../rate-limit/order-rate.guard';
import { AccountService } from './account.service';
import { AccountView } from './account.views';
import { MarginModeView, SetMarginModeBody } from './margin-mode.dto';
import { MarginModeService } from './margin-mode.service';

@ApiTags('account')
@ApiBearerAuth(API_KEY_SCHEME)
@ApiErrors(401)
@Controller('v1/account')
export class AccountController {
  constructor(
    private readonly accounts: AccountService,
    private readonly marginModes: MarginModeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Balances, positions and margin of the calling key’s account' })
  @ApiOkResponse({ type: AccountView })
  account(@Caller() caller: Principal): Promise<AccountView> {
    return this.accounts.account(caller);
  }

  @Put('margin-mode')
  @HttpCode(200)
  @UseGuards(OrderRateGuard)
  @ApiOperation({
    summary: 'Switch the account between standard and portfolio margin',
    description:
      'The risk engine takes the switch in order with the account’s orders and accepts it when equity covers the ' +
      'initial margin (open orders included) under the new model; otherwise 400 INSUFFICIENT_MARGIN with the ' +
      'requirement, the equity and the shortfall in details. Rate limited like new orders.',
  })
  @ApiOkResponse({ type: MarginModeView })
  @ApiErrors(400, 429, 503, 504)
  setMarginMode(@Caller() caller: Principal, @Body() body: SetMarginModeBody): Promise<MarginModeView> {
    return this.marginModes.set(caller, body.mode);
  }
}
