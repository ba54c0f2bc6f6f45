import { createKafkaBus, type MessageBus } from '@exchange/kafka';
import type { Logger } from '@exchange/observability';

/** The gateway's bus on @exchange/kafka: the only file that knows the library's factory. */
export function openMessageBus(options: { brokers: readonly string[]; clientId: string; logger: Logger }): MessageBus {
  return createKafkaBus({ brokers: options.brokers, clientId: options.clientId, logger: options.logger });
}
