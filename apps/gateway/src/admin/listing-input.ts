import {
  DecimalError,
  formatScaled,
  formatSteps,
  futureSpec,
  futureSymbol,
  MarketSpec,
  optionSpec,
  parseScaled,
  PRICE_DECIMALS,
  toSteps,
  wholeValuePerTickLot,
} from '@exchange/domain';
import { ErrorCode } from '../http/api-error';
import { accept, Checked, refuse } from '../orders/input-problem';
import { parseInstrumentExpiryMs } from './instrument-expiry';
import { ListMarketsBody, OPTION_TYPES } from './market-listing.dto';

/** Finest lot accepted: beyond this, tick x lot can hardly be a whole number of micro-USDC anyway. */
const MAX_LOT_DECIMALS = 12;
/** Coarsest steps accepted: a tick of a million USDC, a lot of a million coins. */
const MAX_STEP = 1_000_000n;

const invalidSpec = (field: string, reason: string, message: string): Checked<never> =>
  refuse(ErrorCode.INVALID_MARKET_SPEC, message, { field, reason });

const WHY: Readonly<Record<DecimalError, string>> = {
  NOT_A_DECIMAL: 'must be a decimal string such as "0.5"',
  NEGATIVE: 'must be positive',
  TOO_MANY_DECIMALS: 'has too many decimals',
  NOT_A_MULTIPLE: 'is not a multiple of the tick size',
  TOO_LARGE: 'is too large',
};

/** A positive step size ("0.5") with at most `maxDecimals` decimals and at most MAX_STEP, in canonical form. */
function stepSize(field: string, text: string, maxDecimals: number): Checked<string> {
  const parsed = parseScaled(text, maxDecimals);
  if (!parsed.ok) return invalidSpec(field, parsed.error, `${field} ${WHY[parsed.error]}`);
  if (parsed.value <= 0n) return invalidSpec(field, 'NOT_POSITIVE', `${field} must be positive`);
  if (parsed.value > MAX_STEP * 10n ** BigInt(maxDecimals)) {
    return invalidSpec(field, 'TOO_LARGE', `${field} must be at most ${MAX_STEP}`);
  }
  return accept(formatScaled(parsed.value, maxDecimals));
}

/** The strikes as canonical decimals on the tick grid, each once. */
function strikesOf(texts: readonly string[], tickSize: string): Checked<string[]> {
  const strikes: string[] = [];
  for (const [index, text] of texts.entries()) {
    const field = `strikes.${index}`;
    const steps = toSteps(text, tickSize);
    if (!steps.ok) return invalidSpec(field, steps.error, `${field} ${WHY[steps.error]} (tick size ${tickSize})`);
    if (steps.value === 0) return invalidSpec(field, 'NOT_POSITIVE', `${field} must be positive`);
    const strike = formatSteps(steps.value, tickSize);
    if (strikes.includes(strike)) return invalidSpec(field, 'DUPLICATE', `${field}: strike ${strike} is listed twice`);
    strikes.push(strike);
  }
  return accept(strikes);
}

/** What one listing request creates: the markets, and the series they belong to ("BTC-25DEC26"). */
export interface Listing {
  readonly series: string;
  readonly markets: readonly MarketSpec[];
}

/**
 * The markets a listing request creates, checked: a future, or an option series with one market
 * per strike and type (strikes in the order given, calls before puts). The underlying is checked
 * by the caller, against the listed perpetuals.
 */
export function listingSpecs(body: ListMarketsBody, nowMs: number): Checked<Listing> {
  if (body.kind === 'future' && (body.strikes !== undefined || body.optionTypes !== undefined)) {
    const field = body.strikes !== undefined ? 'strikes' : 'optionTypes';
    return invalidSpec(field, 'OPTIONS_ONLY', `${field} is only for options`);
  }
  if (body.kind === 'option' && body.strikes === undefined) {
    return invalidSpec('strikes', 'MISSING', 'an option series needs strikes');
  }
  const expiryMs = parseInstrumentExpiryMs('expiry', body.expiry, nowMs);
  if (!expiryMs.ok) return expiryMs;
  const tickSize = stepSize('tickSize', body.tickSize, PRICE_DECIMALS);
  if (!tickSize.ok) return tickSize;
  const lotSize = stepSize('lotSize', body.lotSize, MAX_LOT_DECIMALS);
  if (!lotSize.ok) return lotSize;
  const steps = { tickSize: tickSize.value, lotSize: lotSize.value };
  // The engines need tick x lot a safe integer, not only a whole number of micro-USDC.
  if (!Number.isSafeInteger(wholeValuePerTickLot(steps))) {
    return invalidSpec(
      'lotSize',
      'TICK_LOT_NOT_WHOLE_MICRO',
      `tick x lot (${steps.tickSize} x ${steps.lotSize}) must be a whole number of micro-USDC below 2^53`,
    );
  }
  // Checked above field by field: the domain builders' own check (listingProblem) cannot fail.
  const future = { underlying: body.underlying, expiryMs: expiryMs.value, ...steps, minSizeLots: body.minSizeLots };
  const series = futureSymbol(body.underlying, expiryMs.value);
  if (body.kind === 'future') return accept({ series, markets: [futureSpec(future)] });
  const strikes = strikesOf(body.strikes ?? [], steps.tickSize);
  if (!strikes.ok) return strikes;
  const types = OPTION_TYPES.filter((type) => (body.optionTypes ?? OPTION_TYPES).includes(type));
  return accept({
    series,
    markets: strikes.value.flatMap((strike) =>
      types.map((optionType) => optionSpec({ ...future, strike, optionType })),
    ),
  });
}
