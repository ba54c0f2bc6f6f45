import { defineTopic, hasString } from './topic';

/** A message a consumer could not process after its retries: kept, never dropped silently. */
export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly consumer: string;
  readonly error: string;
  readonly payload: string;
}

export const DEAD_LETTERS = defineTopic<DeadLetter>(
  'deadletter',
  1,
  (m) => m.topic,
  (record) => hasString(record, 'topic', 'offset', 'consumer', 'payload'),
);
