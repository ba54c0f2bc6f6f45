const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-16 code units of `text`, as 8 hex digits. */
export function fnv1a32(text: string): string {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Orders rows by their first field, an id, by code unit so the order never depends on a locale. */
export function byFirst(left: readonly unknown[], right: readonly unknown[]): number {
  const [a, b] = [String(left[0]), String(right[0])];
  return a < b ? -1 : a > b ? 1 : 0;
}
