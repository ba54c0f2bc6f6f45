import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CommandResult,
  MATCHING_EVENTS,
  MatchingEvent,
  ORDER_RESULTS,
  TraderCommand,
  TraderRequest,
} from '@exchange/contracts';
import { createGatewayApp } from '../src/create-app';
import type { GatewaySettings } from '../src/config';
import { FakeBus, FakeStore, ManualClock, memoryLogger, testSettings } from './fakes';

/** Parsed JSON of a response, loosely typed: tests assert on its exact values instead. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Harness {
  readonly app: NestFastifyApplication;
  readonly bus: FakeBus;
  readonly store: FakeStore;
  readonly clock: ManualClock;
  readonly logs: Record<string, unknown>[];
  request(options: {
    method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
    url: string;
    key?: string;
    body?: unknown;
    payload?: string;
    headers?: Record<string, string>;
  }): Promise<{ status: number; body: Json; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

/** The whole gateway on fakes, ready for `inject`ed requests. */
export async function startGateway(settings: Partial<GatewaySettings> = {}): Promise<Harness> {
  const bus = new FakeBus();
  const store = new FakeStore();
  const clock = new ManualClock();
  const { logger, lines } = memoryLogger();
  const app = await createGatewayApp({ settings: testSettings(settings), logger, bus, store, clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await waitFor(() => bus.subscribedTopics().length === 5);
  return {
    app,
    bus,
    store,
    clock,
    logs: lines,
    async request({ method, url, key, body, payload, headers = {} }) {
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(payload !== undefined ? { payload } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      const text = response.body;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.statusCode, body: parsed, headers: response.headers, text };
    },
    close: () => app.close(),
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

let nextSeq = 1;

/**
 * One answer of the engines: a matching batch (of the command's market unless named), or the risk
 * stage's own answer (a refusal, an applied account request).
 */
export type EngineAnswer =
  | { readonly market?: string; readonly events: (seq: () => number) => MatchingEvent[] }
  | CommandResult
  | 'silence';

/**
 * Plays the engines: answers each published command with what `answer` returns, one answer or
 * several (a cancel-all answered by several markets), each delivered on its own. Commands are
 * order commands unless the test names account requests too (`answerCommands<TraderRequest>`).
 */
export function answerCommands<Request extends TraderRequest = TraderCommand>(
  harness: Harness,
  answer: (command: Request) => EngineAnswer | EngineAnswer[],
): void {
  harness.bus.onPublish = (topic, message) => {
    if (topic !== 'orders.commands') return;
    const command = message as Request;
    const answers = [answer(command)].flat();
    setImmediate(async () => {
      for (const result of answers) {
        if (result === 'silence') continue;
        if ('kind' in result) {
          await harness.bus.deliver(ORDER_RESULTS, result);
          continue;
        }
        await harness.bus.deliver(MATCHING_EVENTS, {
          market: result.market ?? ('market' in command ? command.market : null) ?? 'BTC-PERP',
          requestId: command.requestId,
          input: { partition: 0, offset: '0' },
          timestampUs: 1_735_689_600_000_000,
          events: result.events(() => nextSeq++),
        });
      }
    });
  };
}
