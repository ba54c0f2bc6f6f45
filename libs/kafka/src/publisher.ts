import type { TopicSpec } from '@exchange/contracts';
import { Partitioners, type Kafka, type Message, type TopicMessages } from 'kafkajs';
import type { Publisher } from './port';

/** Keeps each request well under the broker's default 1 MiB record-batch limit. */
const MAX_REQUEST_BYTES = 512 * 1024;

interface Outgoing {
  readonly topic: string;
  readonly message: Message;
  readonly bytes: number;
}

/**
 * A producer that waits for all in-sync replicas and has one request in flight per broker, so a
 * retried request can never overtake the next one: a key's messages land in the order they were
 * published. (kafkajs' idempotent mode retries forever when the broker is down, so a publish would
 * hang instead of failing; consumers drop the rare duplicate by sequence number instead.)
 */
export async function createPublisher(kafka: Kafka): Promise<Publisher> {
  const producer = kafka.producer({
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const publishAll: Publisher['publishAll'] = async (batches) => {
    for (const topicMessages of requests(batches)) {
      await producer.sendBatch({ acks: -1, topicMessages });
    }
  };

  let closed = false;
  return {
    publish: (topic, messages) => publishAll([{ topic: topic as TopicSpec<unknown>, messages }]),
    publishAll,
    async close() {
      if (closed) return;
      closed = true;
      await producer.disconnect();
    },
  };
}

/** Encodes the messages and groups them into as few requests as the size limit allows, in order. */
function requests(batches: readonly { topic: TopicSpec<unknown>; messages: readonly unknown[] }[]): TopicMessages[][] {
  const outgoing: Outgoing[] = batches.flatMap(({ topic, messages }) =>
    messages.map((message) => {
      const key = Buffer.from(topic.keyOf(message));
      const value = Buffer.from(topic.encode(message));
      return { topic: topic.name, message: { key, value }, bytes: key.length + value.length };
    }),
  );
  const chunks: Outgoing[][] = [];
  let size = 0;
  for (const entry of outgoing) {
    if (chunks.length === 0 || size + entry.bytes > MAX_REQUEST_BYTES) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(entry);
    size += entry.bytes;
  }
  return chunks.map(byTopic);
}

function byTopic(entries: readonly Outgoing[]): TopicMessages[] {
  const grouped = new Map<string, Message[]>();
  for (const { topic, message } of entries) {
    const messages = grouped.get(topic) ?? [];
    messages.push(message);
    grouped.set(topic, messages);
  }
  return [...grouped].map(([topic, messages]) => ({ topic, messages }));
}
