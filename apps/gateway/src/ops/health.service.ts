import { Inject, Injectable } from '@nestjs/common';
import type { MessageBus } from '@exchange/kafka';
import type { GatewayStore } from '../adapters/store.port';
import { EventStreams } from '../streams/event-streams.service';
import { BUS, STORE } from '../tokens';

/** A dependency that does not answer within this time counts as down. */
const PROBE_TIMEOUT_MS = 2000;

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly kafka: boolean;
  readonly postgres: boolean;
  readonly consumers: boolean;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly streams: EventStreams,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(STORE) private readonly store: GatewayStore,
  ) {}

  async check(): Promise<HealthReport> {
    const [kafka, postgres] = await Promise.all([probe(() => this.bus.ping()), probe(() => this.store.ping())]);
    const consumers = this.streams.ready;
    return { status: kafka && postgres && consumers ? 'ok' : 'unavailable', kafka, postgres, consumers };
  }
}

/** True only for a `true` answer in time; errors and silence are false. */
async function probe(answer: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([answer().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
