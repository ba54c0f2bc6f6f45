import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@exchange/observability';

/** Routes Nest's own log lines into the structured JSON log. */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...context: unknown[]): void {
    this.logger.info(String(message), contextOf(context));
  }
  error(message: unknown, ...context: unknown[]): void {
    this.logger.error(String(message), contextOf(context));
  }
  warn(message: unknown, ...context: unknown[]): void {
    this.logger.warn(String(message), contextOf(context));
  }
  debug(message: unknown, ...context: unknown[]): void {
    this.logger.debug(String(message), contextOf(context));
  }
  verbose(message: unknown, ...context: unknown[]): void {
    this.logger.debug(String(message), contextOf(context));
  }
}

/** Nest passes the context name last and, for errors, a stack before it. */
function contextOf(context: unknown[]): Record<string, unknown> {
  const strings = context.filter((item): item is string => typeof item === 'string');
  const fields: Record<string, unknown> = {};
  if (strings.length > 0) fields.context = strings[strings.length - 1];
  if (strings.length > 1) fields.stack = strings[0];
  return fields;
}
