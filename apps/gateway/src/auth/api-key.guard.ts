import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError, ErrorCode } from '../http/api-error';
import { Access, ACCESS_KEY } from './access';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import type { AuthenticatedRequest } from './principal';

/** Global guard: authenticates every HTTP route not marked public and enforces the staff role. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]) ??
      'trader';
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    if (access === 'staff' && principal.role !== 'staff') {
      throw new ApiError(403, ErrorCode.FORBIDDEN, 'this operation needs a staff key');
    }
    request.principal = principal;
    return true;
  }
}
