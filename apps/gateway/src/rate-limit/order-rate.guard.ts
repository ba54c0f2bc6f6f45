import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/principal';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { ApiError, ErrorCode } from '../http/api-error';
import { CLOCK, SETTINGS } from '../tokens';
import { RateLimiter } from './token-bucket';

/**
 * Limits new orders and amends per API key (token bucket) and reports the bucket in X-RateLimit-*
 * headers. Apply it to order entry only: cancels must always get through.
 */
@Injectable()
export class OrderRateGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(SETTINGS) settings: GatewaySettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limiter = new RateLimiter(settings.orderRatePerSecond, settings.orderRateBurst);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const principal = http.getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('OrderRateGuard runs after authentication');
    const decision = this.limiter.take(principal.keyId, this.clock.nowMs());
    const resetSeconds = String(Math.ceil(decision.retryAfterMs / 1000));
    http
      .getResponse<FastifyReply>()
      .header('X-RateLimit-Limit', String(decision.limit))
      .header('X-RateLimit-Remaining', String(decision.remaining))
      .header('X-RateLimit-Reset', resetSeconds);
    if (!decision.allowed) {
      throw new ApiError(
        429,
        ErrorCode.RATE_LIMITED,
        'too many orders for this API key',
        { retryAfterMs: decision.retryAfterMs },
        { 'Retry-After': resetSeconds },
      );
    }
    return true;
  }
}
