import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../ops/gateway-metrics';
import { ApiError, ErrorCode } from './api-error';

/**
 * Only JSON bodies are accepted (others get 415). Invalid JSON is a 400 MALFORMED_JSON; an empty
 * body is no body, so a DELETE sent with a JSON content type still works. Prototype-poisoning
 * keys are refused by Fastify's parser.
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.length === 0) return done(null, undefined);
    parseJson(request, text, (error, value) => {
      if (error) return done(new ApiError(400, ErrorCode.MALFORMED_JSON, 'request body is not valid JSON'), undefined);
      done(null, value);
    });
  });
}

/** Counts every response by route pattern (not raw URL, which would explode the label set). */
export function countRequests(fastify: FastifyInstance, metrics: GatewayMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      method: request.method,
      status: String(reply.statusCode),
    });
    done();
  });
}
