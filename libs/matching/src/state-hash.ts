/**
 * 64-bit FNV-1a, computed on two unsigned 32-bit halves so every intermediate stays an exact
 * integer. The prime 2^40 + 0x1b3 multiplies as (x * 0x1b3) + (x << 40).
 */
const FNV_PRIME_LOW = 0x1b3;
const FNV_OFFSET_HIGH = 0xcbf29ce4;
const FNV_OFFSET_LOW = 0x84222325;
const TWO_POW_32 = 0x1_0000_0000;

/** Hashes the UTF-16 code units of an ASCII string as bytes; returns 16 hex digits. */
export function fnv1a64(ascii: string): string {
  let high = FNV_OFFSET_HIGH;
  let low = FNV_OFFSET_LOW;
  for (let index = 0; index < ascii.length; index += 1) {
    const code = ascii.charCodeAt(index);
    if (code > 0x7f) throw new RangeError(`fnv1a64 hashes ASCII only, got code unit ${code}`);
    low = (low ^ code) >>> 0;
    const lowProduct = low * FNV_PRIME_LOW; // below 2^41: exact
    high = (Math.imul(high, FNV_PRIME_LOW) + Math.floor(lowProduct / TWO_POW_32) + (low << 8)) >>> 0;
    low = lowProduct >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/** JSON with every non-ASCII character escaped, so ids in any script hash unambiguously. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
