import type { PublicChannel } from '@exchange/contracts';

export const topicOf = (channel: PublicChannel, market: string): string => `${channel}:${market}`;

/** The private channel of one account ("account:<accountId>"). */
export const accountTopic = (accountId: string): string => `account:${accountId}`;

/**
 * Who listens to what: topic ("book:BTC-PERP") -> sockets, and socket -> topics so a closing
 * socket is removed everywhere. Broadcasting iterates this registry (the ws adapter's
 * `server.emit` does not broadcast).
 */
export class SubscriptionRegistry<S> {
  private readonly byTopic = new Map<string, Set<S>>();
  private readonly bySubscriber = new Map<S, Set<string>>();

  /** Returns false when the subscriber already had the topic. */
  add(topic: string, subscriber: S): boolean {
    const topics = this.bySubscriber.get(subscriber) ?? new Set<string>();
    if (topics.has(topic)) return false;
    topics.add(topic);
    this.bySubscriber.set(subscriber, topics);
    const subscribers = this.byTopic.get(topic) ?? new Set<S>();
    subscribers.add(subscriber);
    this.byTopic.set(topic, subscribers);
    return true;
  }

  /** Returns false when the subscriber did not have the topic. */
  remove(topic: string, subscriber: S): boolean {
    const topics = this.bySubscriber.get(subscriber);
    if (!topics?.delete(topic)) return false;
    if (topics.size === 0) this.bySubscriber.delete(subscriber);
    const subscribers = this.byTopic.get(topic);
    subscribers?.delete(subscriber);
    if (subscribers?.size === 0) this.byTopic.delete(topic);
    return true;
  }

  removeSubscriber(subscriber: S): void {
    for (const topic of [...(this.bySubscriber.get(subscriber) ?? [])]) this.remove(topic, subscriber);
  }

  subscribers(topic: string): ReadonlySet<S> {
    return this.byTopic.get(topic) ?? EMPTY;
  }

  topicsOf(subscriber: S): ReadonlySet<string> {
    return this.bySubscriber.get(subscriber) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<never> = new Set<never>();
