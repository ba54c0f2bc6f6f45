/**
 * Column values. Postgres BIGINT and NUMERIC arrive as strings (pg) or bigint/Decimal (Prisma):
 * lots, ticks and sequences become numbers, refusing silently rounded values; money stays bigint.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Account ids are UUIDs; anything else can be answered without asking Postgres (which would reject it). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function toSafeNumber(value: string | bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${value} is not an integer below 2^53`);
  return number;
}

/** Accepts anything whose string form is an integer: pg's NUMERIC strings, Prisma's Decimal. */
export function toBigInt(value: string | bigint | { toFixed(): string }): bigint {
  if (typeof value === 'bigint') return value;
  return BigInt(typeof value === 'string' ? value : value.toFixed());
}
