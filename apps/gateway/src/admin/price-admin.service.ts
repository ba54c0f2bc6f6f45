import { Inject, Injectable } from '@nestjs/common';
import { PRICES, PriceUpdate } from '@exchange/contracts';
import { parseScaled, PRICE_DECIMALS } from '@exchange/domain';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { ApiError, ErrorCode } from '../http/api-error';
import { validationError } from '../http/validation';
import { formatMicro } from '../markets/market-format';
import { MarketCatalog } from '../markets/market-catalog.service';
import { CLOCK } from '../tokens';
import type { PublishPricesBody, PublishedPricesView } from './price.dto';
import { StaffActions } from './staff-actions';

/** Staff-entered index and mark prices: checked, audit-logged, then published on the prices topic. */
@Injectable()
export class PriceAdminService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly staff: StaffActions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(caller: Principal, body: PublishPricesBody): Promise<PublishedPricesView> {
    const markets = (await this.catalog.list()).filter((market) => market.underlying === body.underlying);
    if (markets.length === 0) {
      throw new ApiError(400, ErrorCode.UNKNOWN_MARKET, `no market is listed on underlying ${body.underlying}`);
    }
    const markPrices: Record<string, number> = {};
    for (const [symbol, price] of Object.entries(body.markPrices ?? {})) {
      if (!markets.some((market) => market.symbol === symbol)) {
        throw validationError([
          { field: `markPrices.${symbol}`, problems: [`${symbol} is not a market on ${body.underlying}`] },
        ]);
      }
      markPrices[symbol] = toMicro(`markPrices.${symbol}`, price);
    }
    const update: PriceUpdate = {
      underlying: body.underlying,
      indexPrice: toMicro('indexPrice', body.indexPrice),
      markPrices,
      timestampMs: this.clock.nowMs(),
      source: 'staff',
    };

    await this.staff.publishUpdate(caller, { what: 'price update', action: 'prices.publish', topic: PRICES, update });
    return {
      underlying: update.underlying,
      indexPrice: formatMicro(update.indexPrice),
      markPrices: Object.fromEntries(Object.entries(markPrices).map(([symbol, micro]) => [symbol, formatMicro(micro)])),
      timestampMs: update.timestampMs,
    };
  }
}

/** A positive USDC price as integer micro-USDC (exact: at most 6 decimals). */
function toMicro(field: string, price: string): number {
  const parsed = parseScaled(price, PRICE_DECIMALS);
  if (!parsed.ok) {
    const why =
      parsed.error === 'TOO_MANY_DECIMALS' ? `has more than ${PRICE_DECIMALS} decimals` : 'must be a decimal string';
    throw invalidPrice(field, why);
  }
  if (parsed.value <= 0n) throw invalidPrice(field, 'must be positive');
  if (parsed.value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidPrice(field, 'is too large');
  return Number(parsed.value);
}

const invalidPrice = (field: string, why: string): ApiError =>
  new ApiError(400, ErrorCode.INVALID_PRICE, `${field} ${why}`, { field });
