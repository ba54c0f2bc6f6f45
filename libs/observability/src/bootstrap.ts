import { DynamicModule, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from './logger';

/** Nest's own log lines, routed into our structured logger. */
export class NestLogBridge implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info(String(message), { context });
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error(String(message), { context, trace });
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(String(message), { context });
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(String(message), { context });
  }
  verbose(message: unknown, context?: string): void {
    this.logger.debug(String(message), { context });
  }
}

/**
 * Starts a service's Nest application on Fastify, with shutdown hooks so SIGTERM stops consumers
 * before connections close. Start-up failures are logged and end the process with status 1.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: { readonly logger: Logger; readonly port: number; readonly host: string },
): Promise<NestFastifyApplication> {
  try {
    const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
      logger: new NestLogBridge(options.logger),
      abortOnError: false,
    });
    app.enableShutdownHooks();
    await app.listen(options.port, options.host);
    options.logger.info('listening', { port: options.port });
    return app;
  } catch (error) {
    options.logger.error('start-up failed', { error });
    process.exit(1);
  }
}
