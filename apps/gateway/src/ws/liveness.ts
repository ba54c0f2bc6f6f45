/**
 * Heartbeat bookkeeping for WebSocket clients: anything heard from a client (a message or a pong)
 * marks it alive; a sweep pings the live ones and names those silent for longer than `silenceMs`.
 */
export class Liveness<S> {
  private readonly lastHeardMs = new Map<S, number>();

  constructor(private readonly silenceMs: number) {}

  heard(subscriber: S, nowMs: number): void {
    this.lastHeardMs.set(subscriber, nowMs);
  }

  forget(subscriber: S): void {
    this.lastHeardMs.delete(subscriber);
  }

  sweep(nowMs: number): { readonly ping: S[]; readonly silent: S[] } {
    const ping: S[] = [];
    const silent: S[] = [];
    for (const [subscriber, heardMs] of this.lastHeardMs) {
      if (nowMs - heardMs > this.silenceMs) silent.push(subscriber);
      else ping.push(subscriber);
    }
    for (const subscriber of silent) this.lastHeardMs.delete(subscriber);
    return { ping, silent };
  }
}
