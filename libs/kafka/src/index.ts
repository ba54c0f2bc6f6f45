export * from './port';
export { createKafkaBus, readToEnd, type KafkaBus, type KafkaBusOptions } from './kafka-bus';
export type { ClientLogLevel } from './kafka-logging';
export { assertLogCoversOffsets, LogBehindStateError } from './log-coverage';
