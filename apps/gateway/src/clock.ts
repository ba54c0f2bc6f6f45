/** Time as an input, so tests can drive it. */
export interface Clock {
  nowMs(): number;
  /** Microseconds since the epoch. */
  nowUs(): number;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  nowUs: () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
};
