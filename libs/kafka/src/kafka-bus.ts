import { DEAD_LETTERS, type DeadLetter, type TopicSpec } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig } from 'kafkajs';
import { KAFKAJS_LEVEL, kafkaLogCreator, type ClientLogLevel } from './kafka-logging';
import type { Delivered, MessageBus, Publisher, Subscription } from './port';
import { createPublisher } from './publisher';
import { readTopicToEnd } from './read-to-end';
import { subscribe } from './subscriber';
import { withTimeout } from './timing';
import { ensureTopics, withAdmin } from './topic-admin';

const PING_TIMEOUT_MS = 2_000;

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** kafkajs' own log entries forwarded to `logger`; warnings and errors by default. */
  readonly clientLogLevel?: ClientLogLevel;
}

/** The MessageBus port on kafkajs, plus one Kafka-specific read. */
export interface KafkaBus extends MessageBus {
  /** Reads a topic from the beginning (or `from`'s offsets) to its end as of the call (see read-to-end.ts). */
  readToEnd<T>(
    topic: TopicSpec<T>,
    onMessage: (message: Delivered<T>) => void | Promise<void>,
    from?: Readonly<Record<number, string>>,
  ): Promise<void>;
}

/** `bus.readToEnd` for code that holds the port type; the bus must come from createKafkaBus. */
export function readToEnd<T>(
  bus: MessageBus,
  topic: TopicSpec<T>,
  onMessage: (message: Delivered<T>) => void | Promise<void>,
  from?: Readonly<Record<number, string>>,
): Promise<void> {
  const kafkaBus = bus as Partial<KafkaBus>;
  if (typeof kafkaBus.readToEnd !== 'function') throw new Error('readToEnd needs a bus made by createKafkaBus');
  return kafkaBus.readToEnd(topic, onMessage, from);
}

export function createKafkaBus(options: KafkaBusOptions): KafkaBus {
  const logger = options.logger.child({ component: 'kafka' });
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 8 },
    logLevel: KAFKAJS_LEVEL[options.clientLogLevel ?? 'warn'],
    logCreator: kafkaLogCreator(logger),
  };
  const kafka = new Kafka(config);
  // A failed ping is reported by its result; kafkajs' connection errors would only repeat it.
  const quietKafka = new Kafka({ ...config, logLevel: KafkaLogLevel.NOTHING, retry: { retries: 0 } });

  const publishers: Publisher[] = [];
  const subscriptions: Subscription[] = [];
  let deadLetterPublisher: Promise<Publisher> | undefined;

  const publisher = async (): Promise<Publisher> => {
    const created = await createPublisher(kafka);
    publishers.push(created);
    return created;
  };

  const deadLetter = async (letter: DeadLetter): Promise<void> => {
    deadLetterPublisher ??= publisher().catch((error: unknown) => {
      deadLetterPublisher = undefined;
      throw error;
    });
    await (await deadLetterPublisher).publish(DEAD_LETTERS, [letter]);
  };

  return {
    publisher,
    async subscribe(subscription) {
      const created = await subscribe({ kafka, logger, deadLetter }, subscription);
      subscriptions.push(created);
      return created;
    },
    readToEnd: (topic, onMessage, from) => readTopicToEnd(kafka, logger, topic, onMessage, from),
    ensureTopics: (topics) => withAdmin(kafka, (admin) => ensureTopics(admin, topics, logger)),
    async ping() {
      const admin = quietKafka.admin();
      const describe = async (): Promise<void> => {
        await admin.connect();
        await admin.describeCluster();
      };
      try {
        await withTimeout(describe(), PING_TIMEOUT_MS, 'ping timed out');
        return true;
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    endOffsets: (topic) =>
      withAdmin(kafka, async (admin) => {
        const offsets = await admin.fetchTopicOffsets(topic.name);
        return Object.fromEntries(offsets.map(({ partition, high }) => [partition, high]));
      }),
    async close() {
      // Subscriptions first: a stopping consumer may still dead-letter through a publisher.
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      await Promise.all(publishers.map((created) => created.close()));
    },
  };
}
