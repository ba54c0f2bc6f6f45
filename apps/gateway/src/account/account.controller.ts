import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { AccountService } from './account.service';
import { AccountView } from './account.views';

@ApiTags('account')
@ApiBearerAuth(API_KEY_SCHEME)
@Controller('v1/account')
export class AccountController {
  constructor(private readonly accounts: AccountService) {}

  @Get()
  @ApiOperation({ summary: 'Balances, positions and margin of the calling key’s account' })
  @ApiOkResponse({ type: AccountView })
  @ApiErrors(401)
  account(@Caller() caller: Principal): Promise<AccountView> {
    return this.accounts.account(caller);
  }
}
