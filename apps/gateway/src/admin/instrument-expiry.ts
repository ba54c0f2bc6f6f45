import { ErrorCode } from '../http/api-error';
import { parseTimestampMs } from '../orders/expiry';
import { accept, Checked, refuse } from '../orders/input-problem';

/** Listings and surfaces reach at most this far ahead; two-digit years in symbols stay unambiguous. */
const MAX_YEARS_AHEAD = 10;
const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/**
 * The expiry of a listing or a surface slice in epoch milliseconds: an RFC 3339 time on a whole
 * second (the risk engine keys expiries by second), after `nowMs` and at most ten years ahead.
 */
export function parseInstrumentExpiryMs(field: string, text: string, nowMs: number): Checked<number> {
  const expiryMs = parseTimestampMs(text);
  const invalid = (reason: string, message: string): Checked<never> =>
    refuse(ErrorCode.INVALID_EXPIRY, `${field} ${message}`, { field, reason });
  if (expiryMs === null) return invalid('MALFORMED', 'must be an RFC 3339 time such as "2026-12-25T08:00:00Z"');
  if (expiryMs % 1000 !== 0) return invalid('NOT_WHOLE_SECOND', 'must be on a whole second');
  if (expiryMs <= nowMs) return invalid('PAST', 'must be in the future');
  if (expiryMs > nowMs + MAX_YEARS_AHEAD * YEAR_MS) {
    return invalid('TOO_LATE', `must be at most ${MAX_YEARS_AHEAD} years ahead`);
  }
  return accept(expiryMs);
}
