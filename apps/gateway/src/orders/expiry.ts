import type { TimeInForce } from '@exchange/domain';
import { ErrorCode } from '../http/api-error';
import { accept, Checked, refuse } from './input-problem';

/** RFC 3339 date-time: seconds required, at most milliseconds, an explicit zone (Z or ±hh:mm). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Latest expiry whose microseconds stay a safe integer (the year 2255). */
const MAX_EXPIRY_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** Midnight UTC of a day (month from 0; day 0 is the previous month's last), any year (Date.UTC maps 0-99 to 19xx). */
const utcDayMs = (year: number, month: number, day: number): number => new Date(0).setUTCFullYear(year, month, day);

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp ("2025-01-01T00:05:00Z",
 * "2025-01-01T01:05:00.250+01:00"); null when malformed or not a real calendar time
 * (Date.parse would accept February 30).
 */
export function parseTimestampMs(text: string): number | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '0', utc, sign, offsetHours, offsetMinutes] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const daysInMonth = new Date(utcDayMs(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return null;
  if (!utc && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return null;
  const offsetMs = utc ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const utcMs = utcDayMs(y, mo - 1, d) + ((h * 60 + mi) * 60 + s) * 1000;
  return utcMs + Number(fraction.padEnd(3, '0')) - offsetMs;
}

/**
 * The expiry of a GTD order in microseconds; undefined for other times in force. GTD needs an
 * `expiresAt` in the future, and only GTD may carry one.
 */
export function parseExpiryUs(
  timeInForce: TimeInForce,
  expiresAt: string | undefined,
  nowMs: number,
): Checked<number | undefined> {
  if (timeInForce !== 'GTD') {
    return expiresAt === undefined
      ? accept(undefined)
      : refuse(ErrorCode.INVALID_EXPIRY, 'expiresAt is only for GTD orders', { field: 'expiresAt', reason: 'NOT_GTD' });
  }
  if (expiresAt === undefined) {
    return refuse(ErrorCode.INVALID_EXPIRY, 'GTD orders need expiresAt', { field: 'expiresAt', reason: 'MISSING' });
  }
  const expiresAtMs = parseTimestampMs(expiresAt);
  if (expiresAtMs === null) {
    return refuse(ErrorCode.INVALID_EXPIRY, 'expiresAt must be an RFC 3339 time such as "2025-01-01T00:05:00Z"', {
      field: 'expiresAt',
      reason: 'MALFORMED',
    });
  }
  if (expiresAtMs <= nowMs) {
    return refuse(ErrorCode.INVALID_EXPIRY, 'expiresAt must be in the future', {
      field: 'expiresAt',
      reason: 'PAST',
      now: new Date(nowMs).toISOString(),
    });
  }
  if (expiresAtMs > MAX_EXPIRY_MS) {
    return refuse(ErrorCode.INVALID_EXPIRY, 'expiresAt is too far in the future', {
      field: 'expiresAt',
      reason: 'TOO_LATE',
    });
  }
  return accept(expiresAtMs * 1000);
}
