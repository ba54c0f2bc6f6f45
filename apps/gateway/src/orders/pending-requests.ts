export const TIMED_OUT = Symbol('timed out');

/** The answers one request gathered, and whether they were all it waited for. */
export interface Gathered<T> {
  readonly answers: readonly T[];
  readonly complete: boolean;
}

interface Waiter<T> {
  readonly answers: T[];
  readonly isComplete: (answers: readonly T[]) => boolean;
  readonly resolve: (gathered: Gathered<T>) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Requests waiting for the engines' answers, correlated by request id. A request waits for one
 * answer, or gathers several (a cancel-all answered market by market) until it has all it needs;
 * either way the wait ends in time. An answer for a request nobody waits for (another gateway's,
 * or one that timed out) is ignored.
 */
export class PendingRequests<T> {
  private readonly waiters = new Map<string, Waiter<T>>();

  get size(): number {
    return this.waiters.size;
  }

  /** Register before publishing the command: the answer may arrive before the publish resolves. */
  wait(requestId: string, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
    return this.gather(requestId, timeoutMs, (received) => received.length > 0).then(({ answers, complete }) =>
      complete ? answers[0] : TIMED_OUT,
    );
  }

  /**
   * Collects answers until `isComplete` holds for them (checked at once and after each answer) or
   * `timeoutMs` passes. Register before publishing, like `wait`.
   */
  gather(requestId: string, timeoutMs: number, isComplete: (answers: readonly T[]) => boolean): Promise<Gathered<T>> {
    if (this.waiters.has(requestId)) throw new Error(`request ${requestId} is already pending`);
    if (isComplete([])) return Promise.resolve({ answers: [], complete: true });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish(requestId, false), timeoutMs);
      this.waiters.set(requestId, { answers: [], isComplete, resolve, timer });
    });
  }

  /** Delivers an answer; false when nobody waits for this request. */
  settle(requestId: string, answer: T): boolean {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return false;
    waiter.answers.push(answer);
    if (waiter.isComplete(waiter.answers)) this.finish(requestId, true);
    return true;
  }

  /** Forgets a request whose answer nobody will read (its command was never sent). */
  discard(requestId: string): void {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return;
    this.waiters.delete(requestId);
    clearTimeout(waiter.timer);
  }

  /** Ends every wait as timed out (with what it gathered so far), e.g. at shutdown. */
  expireAll(): void {
    for (const requestId of [...this.waiters.keys()]) this.finish(requestId, false);
  }

  private finish(requestId: string, complete: boolean): void {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return;
    this.waiters.delete(requestId);
    clearTimeout(waiter.timer);
    waiter.resolve({ answers: waiter.answers, complete });
  }
}
