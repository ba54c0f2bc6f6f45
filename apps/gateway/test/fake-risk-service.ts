import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach } from 'node:test';
import { type Harness, startGateway } from './app-harness';

/** What the fake risk service answers: a status and a body (an object is sent as JSON), optionally late. */
export interface RiskAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly delayMs?: number;
}

/** Plays the portfolio-margin service over HTTP: records each request and answers with `next`. */
export class FakeRiskService {
  readonly requests: { method: string; url: string; contentType: string; body: unknown }[] = [];
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));

  constructor(public next: RiskAnswer) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    this.requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      contentType: request.headers['content-type'] ?? '',
      body: text ? JSON.parse(text) : undefined,
    });
    const { status, body, delayMs = 0 } = this.next;
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    }, delayMs);
  }
}

/**
 * For a describe block: a fake risk service answering `answer` by default, and a fresh gateway
 * pointed at it for each test (its requests cleared, its answer reset).
 */
export function gatewayWithRiskService(answer: RiskAnswer): {
  readonly risk: FakeRiskService;
  gateway(): Harness;
  url(): string;
} {
  const risk = new FakeRiskService(answer);
  let riskUrl = '';
  let gateway: Harness | undefined;
  before(async () => {
    riskUrl = await risk.start();
  });
  after(() => risk.stop());
  beforeEach(async () => {
    gateway = await startGateway({ portfolioMarginUrl: riskUrl, riskRequestTimeoutMs: 300 });
    risk.requests.length = 0;
    risk.next = answer;
  });
  afterEach(() => gateway?.close());
  return {
    risk,
    url: () => riskUrl,
    gateway: () => {
      if (!gateway) throw new Error('the gateway starts before each test');
      return gateway;
    },
  };
}
