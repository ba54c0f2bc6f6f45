import type { TopicSpec } from '@exchange/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { Delivered } from './port';

/** The typed form of a fetched message; throws when its payload does not decode. */
export function decodeMessage<T>(topic: TopicSpec<T>, partition: number, raw: KafkaMessage): Delivered<T> {
  if (raw.value === null) throw new Error('message has no value');
  return {
    topic: topic.name,
    partition,
    offset: raw.offset,
    key: raw.key?.toString('utf8') ?? null,
    value: topic.decode(raw.value.toString('utf8')),
    timestampMs: Number(raw.timestamp),
  };
}
