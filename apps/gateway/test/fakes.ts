import { BTC_PERP } from '@exchange/domain';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TopicSpec } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { MessageBus, Publisher, Subscription, SubscriptionOptions } from '@exchange/kafka';
import { createLogger, type Logger } from '@exchange/observability';
import {
  ApiKeyRecord,
  GatewayStore,
  MarketExistsError,
  StoredBalance,
  StoredFill,
  StoredOrder,
  StoredPosition,
} from '../src/adapters/store.port';
import type { Clock } from '../src/clock';
import { DEFAULT_SETTINGS, GatewaySettings } from '../src/config';

export { BTC_PERP };

export const ETH_PERP: MarketSpec = {
  ...BTC_PERP,
  symbol: 'ETH-PERP',
  underlying: 'ETH',
  tickSize: '0.01',
  lotSize: '0.01',
};

export const TRADER_ACCOUNT = '11111111-1111-4111-8111-111111111111';
export const STAFF_ACCOUNT = '22222222-2222-4222-8222-222222222222';
export const TRADER_KEY = 'ak_trader.trader-secret';
export const STAFF_KEY = 'ak_staff.staff-secret';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A controllable clock; starts at 2025-01-01. */
export class ManualClock implements Clock {
  constructor(public ms = Date.UTC(2025, 0, 1)) {}
  nowMs(): number {
    return this.ms;
  }
  nowUs(): number {
    return this.ms * 1000;
  }
}

/** In-memory Postgres stand-in that counts key lookups and records audit entries. */
export class FakeStore implements GatewayStore {
  marketList: MarketSpec[] = [BTC_PERP, ETH_PERP];
  keys = new Map<string, ApiKeyRecord>([
    ['ak_trader', key('ak_trader', TRADER_ACCOUNT, 'trader', 'trader-secret')],
    ['ak_staff', key('ak_staff', STAFF_ACCOUNT, 'staff', 'staff-secret')],
  ]);
  keyLookups = 0;
  balanceRows: StoredBalance[] = [{ asset: 'USDC', amount: 10_000_000_000n }];
  positionRows: StoredPosition[] = [];
  orderRows: StoredOrder[] = [];
  fillRows: StoredFill[] = [];
  auditEntries: { actor: string; action: string; target: string; details: Readonly<Record<string, unknown>> }[] = [];
  healthy = true;
  closed = false;

  failMarketInsert = false;

  readonly markets = {
    list: async () => this.marketList,
    /** All or nothing, like the repository's transaction. */
    create: async (specs: readonly MarketSpec[]) => {
      if (this.failMarketInsert) throw new Error('database down');
      const taken = specs.filter((spec) => this.marketList.some((market) => market.symbol === spec.symbol));
      if (taken.length > 0) throw new MarketExistsError(taken.map((spec) => spec.symbol));
      this.marketList = [...this.marketList, ...specs];
    },
  };
  readonly apiKeys = {
    findActive: async (keyId: string) => {
      this.keyLookups++;
      return this.keys.get(keyId) ?? null;
    },
    verifySecret: async (secret: string, secretHash: string) =>
      timingSafeEqual(Buffer.from(sha256(secret), 'hex'), Buffer.from(secretHash, 'hex')),
  };
  readonly accounts = {
    balances: async () => this.balanceRows,
    positions: async () => this.positionRows,
    openOrders: async (_accountId: string, market?: string) =>
      this.orderRows.filter((order) => market === undefined || order.market === market),
    order: async (_accountId: string, orderId: string) => this.orderRows.find((o) => o.orderId === orderId) ?? null,
    fills: async (_accountId: string, query: { market?: string; limit: number }) =>
      this.fillRows.filter((fill) => query.market === undefined || fill.market === query.market).slice(0, query.limit),
  };
  readonly audit = {
    append: async (actor: string, action: string, target: string, details: Readonly<Record<string, unknown>>) => {
      this.auditEntries.push({ actor, action, target, details });
    },
  };

  async ping(): Promise<boolean> {
    return this.healthy;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function key(keyId: string, accountId: string, role: 'trader' | 'staff', secret: string): ApiKeyRecord {
  return { keyId, accountId, role, permissions: ['read'], secretHash: sha256(secret) };
}

/**
 * In-memory bus: records what is published, lets a test deliver messages to the subscribers,
 * and lets a test answer each published message (the engines' role).
 */
export class FakeBus implements MessageBus {
  published: { topic: string; message: unknown }[] = [];
  onPublish: (topic: string, message: unknown) => void = () => undefined;
  failPublish = false;
  healthy = true;
  closed = false;
  private readonly handlers = new Map<string, SubscriptionOptions<unknown>['handle'][]>();
  private offset = 0;

  async publisher(): Promise<Publisher> {
    return {
      publish: async <T>(topic: TopicSpec<T>, messages: readonly T[]) => {
        if (this.failPublish) throw new Error('broker down');
        for (const message of messages) {
          this.published.push({ topic: topic.name, message });
          this.onPublish(topic.name, message);
        }
      },
      publishAll: async () => undefined,
      close: async () => undefined,
    };
  }

  async subscribe<T>(options: SubscriptionOptions<T>): Promise<Subscription> {
    const list = this.handlers.get(options.topic.name) ?? [];
    list.push(options.handle as SubscriptionOptions<unknown>['handle']);
    this.handlers.set(options.topic.name, list);
    return { ready: Promise.resolve(), stop: async () => undefined };
  }

  async ensureTopics(): Promise<void> {}
  async ping(): Promise<boolean> {
    return this.healthy;
  }
  async endOffsets(): Promise<Record<number, string>> {
    return { 0: String(this.offset) };
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  subscribedTopics(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** Delivers one message to every subscriber of the topic, as the consumer would. */
  async deliver<T>(topic: TopicSpec<T>, value: T): Promise<void> {
    const offset = String(this.offset++);
    for (const handle of this.handlers.get(topic.name) ?? []) {
      await handle([{ topic: topic.name, partition: 0, offset, key: null, value, timestampMs: 0 }]);
    }
  }
}

export function testSettings(overrides: Partial<GatewaySettings> = {}): GatewaySettings {
  return { ...DEFAULT_SETTINGS, orderAckTimeoutMs: 200, instanceId: 'gateway-test', ...overrides };
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: createLogger('gateway', 'debug', {}, (line) => lines.push(JSON.parse(line))), lines };
}
