import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import { GatewayDependencies, GatewayModule } from './gateway.module';
import { ApiErrorFilter } from './http/api-error.filter';
import { acceptJsonBodies, countRequests } from './http/http-setup';
import { NestLogger } from './http/nest-logger';
import { serveOpenApi } from './http/openapi';
import { createValidationPipe } from './http/validation';
import { GatewayMetrics } from './ops/gateway-metrics';

/**
 * The gateway as a Nest application on Fastify, with plain-ws WebSockets, the API's error body,
 * DTO validation and the OpenAPI document. Not yet listening: the caller decides where.
 */
export async function createGatewayApp(dependencies: GatewayDependencies): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: dependencies.settings.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(dependencies), adapter, {
    bodyParser: false,
    logger: new NestLogger(dependencies.logger),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodies(fastify);
  countRequests(fastify, app.get(GatewayMetrics));
  app.useWebSocketAdapter(new WsAdapter(app, { messageParser: () => undefined }));
  app.useGlobalFilters(new ApiErrorFilter(dependencies.logger));
  app.useGlobalPipes(createValidationPipe());
  serveOpenApi(app);
  return app;
}
