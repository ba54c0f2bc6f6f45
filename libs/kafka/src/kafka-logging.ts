import type { Logger } from '@exchange/observability';
import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';

/** How much of kafkajs' own chatter reaches our logs. */
export type ClientLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

export const KAFKAJS_LEVEL: Record<ClientLogLevel, KafkaLogLevel> = {
  debug: KafkaLogLevel.DEBUG,
  info: KafkaLogLevel.INFO,
  warn: KafkaLogLevel.WARN,
  error: KafkaLogLevel.ERROR,
  off: KafkaLogLevel.NOTHING,
};

/** Routes kafkajs log entries into our structured logger, one JSON line each. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      // kafkajs stamps its own timestamp; ours already carries one.
      const { message, timestamp: _timestamp, ...fields } = log;
      const entry = { kafkajs: namespace, ...fields };
      if (level === KafkaLogLevel.ERROR) logger.error(message, entry);
      else if (level === KafkaLogLevel.WARN) logger.warn(message, entry);
      else if (level === KafkaLogLevel.INFO) logger.info(message, entry);
      else logger.debug(message, entry);
    };
}
