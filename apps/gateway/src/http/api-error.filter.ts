import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@exchange/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

/** Every HTTP error leaves as `{ code, message, details? }`; unexpected ones are logged, never crash. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception);
    if (response.unexpected) {
      const request = http.getRequest<FastifyRequest>();
      this.logger.error('request failed', { method: request.method, url: request.url, error: exception });
    }
    if (reply.sent) return;
    reply.headers(response.headers).status(response.status).send(response.body);
  }
}
