export const TIMED_OUT = Symbol('timed out');

interface Waiter<T> {
  readonly resolve: (value: T | typeof TIMED_OUT) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Requests waiting for the engines' answer, correlated by request id. Each wait ends with the
 * answer or with TIMED_OUT; an answer for a request nobody waits for (another gateway's, or one
 * that timed out) is ignored.
 */
export class PendingRequests<T> {
  private readonly waiters = new Map<string, Waiter<T>>();

  get size(): number {
    return this.waiters.size;
  }

  /** Register before publishing the command: the answer may arrive before the publish resolves. */
  wait(requestId: string, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
    if (this.waiters.has(requestId)) throw new Error(`request ${requestId} is already pending`);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish(requestId, TIMED_OUT), timeoutMs);
      this.waiters.set(requestId, { resolve, timer });
    });
  }

  /** Delivers the answer; false when nobody waits for this request. */
  settle(requestId: string, answer: T): boolean {
    return this.finish(requestId, answer);
  }

  /** Forgets a request whose answer nobody will read (its command was never sent). */
  discard(requestId: string): void {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return;
    this.waiters.delete(requestId);
    clearTimeout(waiter.timer);
  }

  /** Ends every wait with TIMED_OUT, e.g. at shutdown. */
  expireAll(): void {
    for (const requestId of [...this.waiters.keys()]) this.finish(requestId, TIMED_OUT);
  }

  private finish(requestId: string, outcome: T | typeof TIMED_OUT): boolean {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return false;
    this.waiters.delete(requestId);
    clearTimeout(waiter.timer);
    waiter.resolve(outcome);
    return true;
  }
}
