import { randomBytes } from 'node:crypto';

/** 9 base-36 digits of milliseconds last until the year 5188, so ids sort by time as strings. */
const TIME_DIGITS = 9;
const RANDOM_DIGITS = 13;

/** A unique id that sorts by creation time: `<prefix>_<base36 ms><base36 random>`. */
export function timeSortableId(prefix: string, nowMs: number): string {
  const time = nowMs.toString(36).padStart(TIME_DIGITS, '0');
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(RANDOM_DIGITS, '0');
  return `${prefix}_${time}${random}`;
}

export const newOrderId = (nowMs: number): string => timeSortableId('o', nowMs);
export const newRequestId = (nowMs: number): string => timeSortableId('r', nowMs);
