/** Shards: enough that each one's table stays small (about 4,000 keys per shard at a million keys). */
const SHARD_COUNT = 256;
/** Keys are hashed by their last characters, where sequential ids differ; a whole key costs more than the lookup. */
const HASHED_CHARS = 4;

/** The shard of a string key, in 0..SHARD_COUNT - 1. */
function shardIndex(key: string): number {
  let hash = 0;
  for (let index = Math.max(0, key.length - HASHED_CHARS); index < key.length; index += 1) {
    hash = (hash * 31 + key.charCodeAt(index)) | 0;
  }
  return hash & (SHARD_COUNT - 1);
}

/**
 * A Map or Set by string key, spread over small tables by a hash of the key. One table of a million
 * keys rebuilds whole (tens of milliseconds) in the middle of the command that grows it past a power
 * of two or that inserts after many deletes; small shards rebuild in microseconds, at different times.
 */
abstract class Sharded<T> {
  protected readonly shards: T[];

  constructor(create: () => T) {
    this.shards = Array.from({ length: SHARD_COUNT }, create);
  }

  protected shardOf(key: string): T {
    return this.shards[shardIndex(key)];
  }
}

export class ShardedMap<V> extends Sharded<Map<string, V>> {
  private count = 0;

  constructor() {
    super(() => new Map<string, V>());
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shardOf(key).get(key);
  }

  has(key: string): boolean {
    return this.shardOf(key).has(key);
  }

  set(key: string, value: V): void {
    const shard = this.shardOf(key);
    if (!shard.has(key)) this.count += 1;
    shard.set(key, value);
  }

  delete(key: string): boolean {
    const deleted = this.shardOf(key).delete(key);
    if (deleted) this.count -= 1;
    return deleted;
  }

  /** All values, shard by shard: in no particular order. */
  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }
}

export class ShardedSet extends Sharded<Set<string>> {
  constructor() {
    super(() => new Set<string>());
  }

  has(key: string): boolean {
    return this.shardOf(key).has(key);
  }

  add(key: string): void {
    this.shardOf(key).add(key);
  }

  delete(key: string): boolean {
    return this.shardOf(key).delete(key);
  }

  /** All keys, sorted. */
  sorted(): string[] {
    const keys: string[] = [];
    for (const shard of this.shards) for (const key of shard) keys.push(key);
    return keys.sort();
  }
}
