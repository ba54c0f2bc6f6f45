import { Inject, Injectable } from '@nestjs/common';
import type { TopicSpec } from '@exchange/contracts';
import type { MessageBus, Publisher } from '@exchange/kafka';
import { BUS } from '../tokens';

/**
 * The gateway's one Kafka producer (order commands, staff prices, surfaces and listings): connected
 * on first use, reconnected after a failed connect.
 */
@Injectable()
export class MessagePublisher {
  private publisher: Promise<Publisher> | undefined;

  constructor(@Inject(BUS) private readonly bus: MessageBus) {}

  publish<T>(topic: TopicSpec<T>, message: T): Promise<void> {
    return this.publishAll(topic, [message]);
  }

  /** Several messages of one topic, acknowledged together. */
  async publishAll<T>(topic: TopicSpec<T>, messages: readonly T[]): Promise<void> {
    const publisher = await this.connect();
    await publisher.publish(topic, messages);
  }

  async close(): Promise<void> {
    const publisher = this.publisher;
    this.publisher = undefined;
    if (publisher) await (await publisher.catch(() => undefined))?.close();
  }

  private connect(): Promise<Publisher> {
    this.publisher ??= this.bus.publisher().catch((error: unknown) => {
      this.publisher = undefined;
      throw error;
    });
    return this.publisher;
  }
}
