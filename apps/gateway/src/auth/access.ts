import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './principal';

/** Who may call a route. Routes without a mark need any valid API key. */
export type Access = 'public' | 'trader' | 'staff';

export const ACCESS_KEY = 'gateway:access';

/** No API key needed (market data, health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'public');

/** Needs a key with the staff role. */
export const StaffOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'staff');

/** The authenticated caller of a protected route. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('Caller used on a route without authentication');
  return principal;
});
