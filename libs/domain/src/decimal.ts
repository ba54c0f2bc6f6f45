/**
 * Decimal strings at the edge, integers inside. A "step" is a decimal string such as "0.5"
 * (a tick size) or "0.001" (a lot size); a value is accepted only as a whole number of steps.
 */

export type DecimalError = 'NOT_A_DECIMAL' | 'NEGATIVE' | 'TOO_MANY_DECIMALS' | 'NOT_A_MULTIPLE' | 'TOO_LARGE';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: DecimalError };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Largest integer count of steps accepted anywhere in the engines (keeps products of two below 2^63). */
export const MAX_UNITS = 1_000_000_000_000n;

/** Parses a decimal string into an integer scaled by 10^scale; rejects more than `scale` decimals. */
export function parseScaled(text: string, scale: number): Parsed<bigint> {
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, error: 'NOT_A_DECIMAL' };
  const [, sign, whole, fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) return { ok: false, error: 'TOO_MANY_DECIMALS' };
  const digits = `${whole}${trimmed.padEnd(scale, '0')}`;
  if (digits.replace(/^0+/, '').length > 30) return { ok: false, error: 'TOO_LARGE' };
  const value = BigInt(digits);
  return { ok: true, value: sign === '-' && value !== 0n ? -value : value };
}

/** Number of decimals a step such as "0.001" carries. */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/**
 * Converts a non-negative decimal string into a whole number of steps ("50000.5" with step "0.5"
 * is 100001). Rejects negatives, more decimals than the step has, values off the step grid and
 * values above MAX_UNITS steps.
 */
export function toSteps(text: string, step: string): Parsed<number> {
  const scale = decimalsOf(step);
  const value = parseScaled(text, scale);
  if (!value.ok) return value;
  if (value.value < 0n) return { ok: false, error: 'NEGATIVE' };
  const stepScaled = parseScaled(step, scale);
  if (!stepScaled.ok || stepScaled.value <= 0n) throw new Error(`invalid step ${step}`);
  if (value.value % stepScaled.value !== 0n) return { ok: false, error: 'NOT_A_MULTIPLE' };
  const steps = value.value / stepScaled.value;
  if (steps > MAX_UNITS) return { ok: false, error: 'TOO_LARGE' };
  return { ok: true, value: Number(steps) };
}

/** Formats an integer scaled by 10^scale as a decimal string without trailing zeros ("50000.5"). */
export function formatScaled(value: bigint | number, scale: number): string {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(digits.length - scale).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Formats a whole number of steps as a decimal string (100001 steps of "0.5" is "50000.5"). */
export function formatSteps(steps: number | bigint, step: string): string {
  const scale = decimalsOf(step);
  const stepScaled = parseScaled(step, scale);
  if (!stepScaled.ok) throw new Error(`invalid step ${step}`);
  return formatScaled(BigInt(steps) * stepScaled.value, scale);
}
