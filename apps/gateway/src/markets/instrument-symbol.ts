import type { OptionType } from '@exchange/domain';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Deribit's expiry code, from the UTC date: day without a leading zero, month, two-digit year ("25DEC26", "5JAN27"). */
export function expiryCode(expiryMs: number): string {
  const date = new Date(expiryMs);
  const year = String(date.getUTCFullYear() % 100).padStart(2, '0');
  return `${date.getUTCDate()}${MONTHS[date.getUTCMonth()]}${year}`;
}

/** A dated future: "BTC-25DEC26". Also names an option series in the audit log. */
export const futureSymbol = (underlying: string, expiryMs: number): string => `${underlying}-${expiryCode(expiryMs)}`;

/**
 * An option: "BTC-25DEC26-60000-C". A decimal point in the strike is written "d" as on Deribit
 * ("ETH-25DEC26-2500d5-P"): symbols stay within [A-Za-z0-9_-].
 */
export const optionSymbol = (underlying: string, expiryMs: number, strike: string, type: OptionType): string =>
  `${futureSymbol(underlying, expiryMs)}-${strike.replace('.', 'd')}-${type === 'call' ? 'C' : 'P'}`;
