import type { TopicSpec } from '@exchange/contracts';

/**
 * The exchange's own messaging port. Services depend on this, not on kafkajs, so the client can be
 * replaced (kafkajs is unmaintained) without touching a service.
 */

/** A decoded message with its position in the log. */
export interface Delivered<T> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: T;
  /** Broker append time, milliseconds since the epoch. */
  readonly timestampMs: number;
}

export interface Publisher {
  /** Sends the messages, each to the partition of its topic's key; resolves once the broker acknowledged all. */
  publish<T>(topic: TopicSpec<T>, messages: readonly T[]): Promise<void>;
  /** Several topics in one request, e.g. a rejection and an accepted order from one input batch. */
  publishAll(batches: readonly { topic: TopicSpec<unknown>; messages: readonly unknown[] }[]): Promise<void>;
  close(): Promise<void>;
}

/** Where a subscription starts when its group has no committed offset or ignores it. */
export type StartPosition =
  | { readonly from: 'committed' }
  | { readonly from: 'beginning' }
  | { readonly from: 'end' }
  /** Explicit next offset per partition (recovery from a snapshot); partitions not listed start at the beginning. */
  | { readonly from: 'offsets'; readonly offsets: Readonly<Record<number, string>> };

export interface SubscriptionOptions<T> {
  readonly groupId: string;
  readonly topic: TopicSpec<T>;
  readonly start: StartPosition;
  /**
   * Handles messages in partition order, a batch at a time. Offsets are committed only after the
   * handler resolves. A handler that keeps failing on a message sends it to the dead-letter topic
   * after `maxRetries` and moves on: a poison message never stalls its partition.
   */
  readonly handle: (messages: readonly Delivered<T>[]) => Promise<void>;
  readonly maxRetries?: number;
}

export interface Subscription {
  /** Resolves once the consumer has joined its group and been assigned partitions. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export interface MessageBus {
  publisher(): Promise<Publisher>;
  subscribe<T>(options: SubscriptionOptions<T>): Promise<Subscription>;
  /** Creates missing topics with their partition counts; leaves existing ones alone. */
  ensureTopics(topics: readonly TopicSpec<unknown>[]): Promise<void>;
  /** True when the cluster answers a metadata request. */
  ping(): Promise<boolean>;
  /** The next offset each partition of the topic will be written at (its high watermark). */
  endOffsets(topic: TopicSpec<unknown>): Promise<Record<number, string>>;
  close(): Promise<void>;
}
