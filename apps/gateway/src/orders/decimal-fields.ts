import { DecimalError, MarketSpec, toSteps } from '@exchange/domain';
import { ErrorCode } from '../http/api-error';
import { accept, Checked, refuse } from './input-problem';

const WHY: Readonly<Record<DecimalError, (field: string, step: string) => string>> = {
  NOT_A_DECIMAL: (field) => `${field} must be a decimal string such as "50000.5"`,
  NEGATIVE: (field) => `${field} must not be negative`,
  TOO_MANY_DECIMALS: (field, step) => `${field} has more decimals than ${step} allows`,
  NOT_A_MULTIPLE: (field, step) => `${field} is not a multiple of ${step}`,
  TOO_LARGE: (field) => `${field} is too large`,
};

/** A positive whole number of steps (`stepName` is "tickSize" or "lotSize") written as a decimal string. */
function positiveSteps(
  field: string,
  text: string,
  stepName: 'tickSize' | 'lotSize',
  step: string,
  code: string,
): Checked<number> {
  const steps = toSteps(text, step);
  const label = `${stepName === 'tickSize' ? 'tick size' : 'lot size'} ${step}`;
  if (!steps.ok) return refuse(code, WHY[steps.error](field, label), { field, reason: steps.error, [stepName]: step });
  if (steps.value === 0) return refuse(code, `${field} must be positive`, { field, reason: 'ZERO' });
  return accept(steps.value);
}

/** A price on the market's tick grid, in ticks; refused with `code` (INVALID_PRICE, or INVALID_TRIGGER for trigger prices). */
export const parsePriceTicks = (
  field: string,
  text: string,
  market: MarketSpec,
  code: string = ErrorCode.INVALID_PRICE,
): Checked<number> => positiveSteps(field, text, 'tickSize', market.tickSize, code);

/** A size on the market's lot grid, in lots; refused with INVALID_QUANTITY. */
export const parseSizeLots = (field: string, text: string, market: MarketSpec): Checked<number> =>
  positiveSteps(field, text, 'lotSize', market.lotSize, ErrorCode.INVALID_QUANTITY);

/** A signed, non-zero size on the market's lot grid ("-0.5"), in lots; refused with INVALID_QUANTITY. */
export function parseSignedSizeLots(field: string, text: string, market: MarketSpec): Checked<number> {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const magnitude = positiveSteps(field, unsigned, 'lotSize', market.lotSize, ErrorCode.INVALID_QUANTITY);
  if (magnitude.ok) return accept(negative ? -magnitude.value : magnitude.value);
  switch (magnitude.problem.details.reason) {
    case 'NEGATIVE': // a second minus sign
      return refuse(ErrorCode.INVALID_QUANTITY, WHY.NOT_A_DECIMAL(field, market.lotSize), {
        field,
        reason: 'NOT_A_DECIMAL',
      });
    case 'ZERO':
      return refuse(ErrorCode.INVALID_QUANTITY, `${field} must not be zero`, { field, reason: 'ZERO' });
    default:
      return magnitude;
  }
}
