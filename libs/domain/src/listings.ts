import { PRICE_DECIMALS, QUOTE_ASSET } from './assets';
import { decimalsOf, formatScaled, parseScaled } from './decimal';
import {
  isMarketStatus,
  valuePerTickLot,
  type MarketKind,
  type MarketSpec,
  type MarketStatus,
  type OptionType,
} from './markets';

/**
 * The exchange's first listings, one definition for the seed, the demo and every test that needs a
 * real market: 0.5 USDC ticks on 0.001 BTC lots (one tick on one lot is 500 micro-USDC) and 0.05
 * USDC ticks on 0.01 ETH lots.
 */
export const BTC_PERP: MarketSpec = {
  symbol: 'BTC-PERP',
  kind: 'perpetual',
  underlying: 'BTC',
  quoteAsset: QUOTE_ASSET,
  tickSize: '0.5',
  lotSize: '0.001',
  minSizeLots: 1,
  status: 'active',
};

export const ETH_PERP: MarketSpec = {
  symbol: 'ETH-PERP',
  kind: 'perpetual',
  underlying: 'ETH',
  quoteAsset: QUOTE_ASSET,
  tickSize: '0.05',
  lotSize: '0.01',
  minSizeLots: 1,
  status: 'active',
};

// --- dated futures and options: symbols and specs, shared by the seed and the staff listing endpoint ---

const MS_PER_DAY = 86_400_000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const FRIDAY = 5;
const MARKET_KINDS: Record<MarketKind, true> = { perpetual: true, future: true, option: true };
/** Monthly expiries settle at 08:00 UTC, as on Deribit. */
export const EXPIRY_HOUR_UTC = 8;

interface CivilDate {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; no Date in pure code). */
function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of daysFromCivil. */
function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1,
  };
}

/** 0 Sunday ... 6 Saturday; 1970-01-01 was a Thursday. */
const weekday = (days: number): number => (((days + 4) % 7) + 7) % 7;

/** 08:00 UTC of the last Friday of a month (1-12), as epoch milliseconds. */
export function lastFridayExpiryMs(year: number, month: number): number {
  const lastDay =
    daysFromCivil(month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 }) - 1;
  const friday = lastDay - ((weekday(lastDay) - FRIDAY + 7) % 7);
  return friday * MS_PER_DAY + EXPIRY_HOUR_UTC * 3_600_000;
}

/** The monthly expiries (last Friday, 08:00 UTC) of the `count` calendar months after the month of `nowMs`. */
export function monthlyExpiriesAfter(nowMs: number, count: number): number[] {
  const { year, month } = civilFromDays(Math.floor(nowMs / MS_PER_DAY));
  return Array.from({ length: count }, (_, index) => {
    const months = month + index; // zero-based month index of the (index + 1)th following month
    return lastFridayExpiryMs(year + Math.floor(months / 12), (months % 12) + 1);
  });
}

/** Deribit's expiry code: day without padding, month, two-digit year, e.g. 25DEC26 (UTC date). */
export function expiryCode(expiryMs: number): string {
  const { year, month, day } = civilFromDays(Math.floor(expiryMs / MS_PER_DAY));
  return `${day}${MONTHS[month - 1]}${String(year % 100).padStart(2, '0')}`;
}

/** BTC-25DEC26 */
export function futureSymbol(underlying: string, expiryMs: number): string {
  return `${underlying}-${expiryCode(expiryMs)}`;
}

/** BTC-25DEC26-50000-C; a decimal point in the strike is written `d`, as on Deribit (0d625). */
export function optionSymbol(underlying: string, expiryMs: number, strike: string, optionType: OptionType): string {
  return `${futureSymbol(underlying, expiryMs)}-${strike.replace('.', 'd')}-${optionType === 'call' ? 'C' : 'P'}`;
}

/** Tick, lot and minimum size of a listing. */
export type ListingSizes = Pick<MarketSpec, 'tickSize' | 'lotSize' | 'minSizeLots'>;

export interface FutureListing extends ListingSizes {
  readonly underlying: string;
  readonly expiryMs: number;
  readonly status?: MarketStatus;
}

export interface OptionListing extends FutureListing {
  readonly strike: string;
  readonly optionType: OptionType;
}

/** A dated future's spec with its Deribit-style symbol; throws RangeError when the listing is invalid. */
export function futureSpec(listing: FutureListing): MarketSpec {
  return checked(datedSpec(listing, 'future', futureSymbol(listing.underlying, listing.expiryMs)));
}

/** A European option's spec with its Deribit-style symbol; throws RangeError when the listing is invalid. */
export function optionSpec(listing: OptionListing): MarketSpec {
  const { underlying, expiryMs, strike, optionType } = listing;
  return checked({
    ...datedSpec(listing, 'option', optionSymbol(underlying, expiryMs, strike, optionType)),
    strike,
    optionType,
  });
}

/** The fields futures and options share, unchecked. */
function datedSpec(listing: FutureListing, kind: 'future' | 'option', symbol: string): MarketSpec {
  return {
    symbol,
    kind,
    underlying: listing.underlying,
    quoteAsset: QUOTE_ASSET,
    tickSize: listing.tickSize,
    lotSize: listing.lotSize,
    minSizeLots: listing.minSizeLots,
    status: listing.status ?? 'active',
    expiryMs: listing.expiryMs,
  };
}

/** An option series: a call and a put per strike on one expiry, strikes in the order given. */
export function optionSeriesSpecs(series: FutureListing & { readonly strikes: readonly string[] }): MarketSpec[] {
  const { strikes, ...listing } = series;
  return strikes.flatMap((strike) =>
    (['call', 'put'] as const).map((optionType) => optionSpec({ ...listing, strike, optionType })),
  );
}

/**
 * Strikes evenly spaced around a reference price (micro-USDC): the at-the-money strike is the
 * reference at three significant digits, the step `stepBps` of it on the same grid, `stepsEachSide`
 * strikes below and above. 50,000 USDC at 500 bps, 3 each side: 42500, 45000, ... 57500.
 */
export function strikeLadder(referenceMicro: number, stepBps: number, stepsEachSide: number): string[] {
  if (!Number.isSafeInteger(referenceMicro) || referenceMicro <= 0)
    throw new RangeError(`reference ${referenceMicro} is not a positive whole number of micro-USDC`);
  const reference = BigInt(referenceMicro);
  const unit = 10n ** BigInt(Math.max(0, reference.toString().length - 3));
  const roundToUnit = (value: bigint): bigint => ((value + unit / 2n) / unit) * unit;
  const atTheMoney = roundToUnit(reference);
  const step = roundToUnit((atTheMoney * BigInt(stepBps)) / 10_000n);
  if (step <= 0n || atTheMoney - step * BigInt(stepsEachSide) <= 0n)
    throw new RangeError(`${stepsEachSide} steps of ${stepBps} bps below ${referenceMicro} leave no positive strike`);
  return Array.from({ length: 2 * stepsEachSide + 1 }, (_, index) =>
    formatScaled(atTheMoney + step * BigInt(index - stepsEachSide), PRICE_DECIMALS),
  );
}

/**
 * Why a spec cannot be listed, or null: positive tick and lot sizes whose product is a whole number
 * of micro-USDC, a positive whole minimum size, and exactly the fields its kind needs (an expiry for
 * futures and options, a strike and a type for options).
 */
export function listingProblem(spec: MarketSpec): string | null {
  // Specs also arrive decoded from Kafka: check the shape before reading it.
  const text = spec as unknown as Record<string, unknown>;
  const missing = ['symbol', 'underlying', 'quoteAsset', 'tickSize', 'lotSize'].filter(
    (field) => typeof text[field] !== 'string' || (text[field] as string).trim() === '',
  );
  if (missing.length > 0) return `${missing.join(', ')} must be non-empty strings`;
  if (spec.strike !== undefined && typeof spec.strike !== 'string') return 'strike must be a decimal string';
  if (!Object.hasOwn(MARKET_KINDS, spec.kind)) return `unknown market kind ${String(spec.kind)}`;
  if (!isMarketStatus(spec.status)) return `unknown market status ${String(spec.status)}`;
  for (const [name, size] of [
    ['tick size', spec.tickSize],
    ['lot size', spec.lotSize],
  ] as const) {
    const parsed = parseScaled(size, decimalsOf(size));
    if (!parsed.ok || parsed.value <= 0n) return `${name} ${size} is not a positive decimal`;
  }
  if (decimalsOf(spec.tickSize) > PRICE_DECIMALS) return `tick size ${spec.tickSize} is finer than micro-USDC`;
  if (wholeValuePerTickLot(spec) === null) {
    return `tick ${spec.tickSize} x lot ${spec.lotSize} is not a whole number of micro-USDC`;
  }
  if (!Number.isSafeInteger(spec.minSizeLots) || spec.minSizeLots < 1)
    return `minimum size ${spec.minSizeLots} is not a positive whole number of lots`;
  const dated = spec.kind === 'future' || spec.kind === 'option';
  if (dated !== (spec.expiryMs !== undefined)) return `a ${spec.kind} ${dated ? 'needs' : 'has no'} expiry`;
  if (dated && (!Number.isSafeInteger(spec.expiryMs) || (spec.expiryMs as number) <= 0))
    return `expiry ${spec.expiryMs} is not a time in epoch milliseconds`;
  const option = spec.kind === 'option';
  if (option !== (spec.strike !== undefined) || option !== (spec.optionType !== undefined))
    return `a ${spec.kind} ${option ? 'needs' : 'has no'} strike and option type`;
  if (option) {
    const strike = parseScaled(spec.strike as string, PRICE_DECIMALS);
    if (!strike.ok || strike.value <= 0n) return `strike ${spec.strike} is not a positive price`;
    if (spec.optionType !== 'call' && spec.optionType !== 'put')
      return `option type ${spec.optionType} is not call or put`;
  }
  return null;
}

/** valuePerTickLot, or null when tick x lot is not a whole number of micro-USDC (or a size is malformed). */
export function wholeValuePerTickLot(sizes: Pick<MarketSpec, 'tickSize' | 'lotSize'>): number | null {
  try {
    return valuePerTickLot(sizes);
  } catch {
    return null;
  }
}

function checked(spec: MarketSpec): MarketSpec {
  const problem = listingProblem(spec);
  if (problem) throw new RangeError(`${spec.symbol}: ${problem}`);
  return spec;
}
