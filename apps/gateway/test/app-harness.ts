import assert from 'node:assert/strict';
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

export interface HarnessResponse {
  readonly status: number;
  readonly body: Json;
  readonly headers: Record<string, unknown>;
  readonly text: string;
}

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
    /** JSON text sent as it stands: malformed JSON, numbers JSON.stringify cannot write. */
    json?: string;
    payload?: string;
    headers?: Record<string, string>;
  }): Promise<HarnessResponse>;
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
    async request({ method, url, key, body, json, payload, headers = {} }) {
      const jsonText = json ?? (body === undefined ? undefined : JSON.stringify(body));
      const sent = payload ?? jsonText;
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(jsonText !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(sent !== undefined ? { payload: sent } : {}),
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

/** Sends each body and expects it refused with 400 VALIDATION_ERROR naming exactly its field. */
export async function assertRefusedFieldByField(
  send: (body: unknown) => Promise<HarnessResponse>,
  cases: readonly (readonly [body: unknown, field: string])[],
): Promise<void> {
  for (const [body, field] of cases) {
    const response = await send(body);
    assert.deepEqual([response.status, response.body.code], [400, 'VALIDATION_ERROR'], JSON.stringify(body));
    assert.deepEqual(
      response.body.details.fields.map((problem: { field: string }) => problem.field),
      [field],
      JSON.stringify(body),
    );
  }
}

/** Sends JSON cut short: 400 MALFORMED_JSON, before the route looks at it. */
export async function assertRefusesMalformedJson(
  harness: Harness,
  route: { method: 'POST' | 'PUT' | 'PATCH'; url: string; key?: string },
  json: string,
): Promise<void> {
  const response = await harness.request({ ...route, json });
  assert.deepEqual([response.status, response.body.code], [400, 'MALFORMED_JSON'], json);
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
