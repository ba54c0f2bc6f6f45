import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ORDER_TYPES,
  OrderType,
  PostOnlyMode,
  SelfTradePrevention,
  Side,
  SIDES,
  TimeInForce,
  TriggerKind,
  TriggerReference,
} from '@exchange/domain';
import { IsBoolean, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ApiDecimal } from '../http/api-docs';
import { IsIntegerString, Optional, Refused } from '../http/validation';
import { MARKET_SYMBOL } from '../markets/market-symbol';
import type { AmendRequest } from './amend-input';
import { DEFAULT_TRIGGER_REFERENCE, OrderRequest } from './order-input';
import {
  API_TIMES_IN_FORCE,
  POST_ONLY_MODES,
  SELF_TRADE_PREVENTIONS,
  TRIGGER_KINDS,
  TRIGGER_REFERENCES,
} from './order-enums';

const MAX_DECIMAL_LENGTH = 40;
const MAX_TIMESTAMP_LENGTH = 40;

/** Order ids as the gateway assigns them (anything else names no order). */
export const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Client order ids: unique among the account's open orders. */
export const CLIENT_ORDER_ID = /^[A-Za-z0-9_-]{1,36}$/;

export class PlaceOrderBody implements OrderRequest {
  @ApiProperty({ example: 'BTC-PERP' })
  @IsString()
  @Matches(MARKET_SYMBOL)
  market!: string;

  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES)
  side!: Side;

  @ApiProperty({
    enum: ORDER_TYPES,
    description:
      'with triggerPrice: stop-limit / take-profit-limit (limit) or stop-market / take-profit-market (market)',
  })
  @IsIn(ORDER_TYPES)
  type!: OrderType;

  @ApiDecimal(
    'limit price, a multiple of the tick size; required for limit, absent for market orders',
    '50000.5',
    false,
  )
  @Optional()
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  price?: string;

  @ApiDecimal('size in coins, a positive multiple of the lot size', '0.01')
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  quantity!: string;

  @ApiPropertyOptional({
    enum: API_TIMES_IN_FORCE,
    example: 'GTD',
    description:
      'limit orders: GTC (default), IOC, FOK (fills completely at once or is cancelled with nothing filled) or ' +
      'GTD (rests until expiresAt); market orders: IOC (default) or FOK',
  })
  @Optional()
  @IsIn(API_TIMES_IN_FORCE)
  timeInForce?: TimeInForce;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2025-01-01T00:05:00Z',
    description:
      'GTD only, and required for GTD: when the order expires, an RFC 3339 time with a zone (Z or ±hh:mm) ' +
      'and at most milliseconds, in the future; the engine expires due orders on its clock tick (about every second)',
  })
  @Optional()
  @IsString()
  @MaxLength(MAX_TIMESTAMP_LENGTH)
  expiresAt?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    example: true,
    description: 'only add liquidity; limit GTC or GTD orders without a trigger',
  })
  @Optional()
  @IsBoolean()
  postOnly?: boolean;

  @ApiPropertyOptional({
    enum: POST_ONLY_MODES,
    example: 'reprice',
    default: 'reject',
    description:
      'with postOnly: reject an order that would take liquidity, or reprice it to rest one tick behind the best ' +
      'opposite price (the answer shows the new price)',
  })
  @Optional()
  @IsIn(POST_ONLY_MODES)
  postOnlyMode?: PostOnlyMode;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'only reduce the position: capped to it, cancelled when it would no longer reduce it',
  })
  @Optional()
  @IsBoolean()
  reduceOnly?: boolean;

  @ApiPropertyOptional({
    enum: SELF_TRADE_PREVENTIONS,
    example: 'cancel_maker',
    default: 'cancel_maker',
    description: 'when this order meets a resting order of the same account: which one is cancelled',
  })
  @Optional()
  @IsIn(SELF_TRADE_PREVENTIONS)
  selfTradePrevention?: SelfTradePrevention;

  @ApiDecimal(
    'makes the order conditional: it waits off the book (status untriggered) until the triggerBy price reaches ' +
      'this price, a multiple of the tick size; needs triggerKind',
    '49000',
    false,
  )
  @Optional()
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  triggerPrice?: string;

  @ApiPropertyOptional({
    enum: TRIGGER_KINDS,
    example: 'stop',
    description:
      'with triggerPrice: stop fires when the price moves against the side (a buy stop on a rise to the trigger), ' +
      'take_profit when it moves in favour; a trigger already reached is refused (WOULD_TRIGGER_IMMEDIATELY)',
  })
  @Optional()
  @IsIn(TRIGGER_KINDS)
  triggerKind?: TriggerKind;

  @ApiPropertyOptional({
    enum: TRIGGER_REFERENCES,
    example: 'mark',
    default: DEFAULT_TRIGGER_REFERENCE,
    description: 'with triggerPrice: the price watched, the mark price or the last trade price',
  })
  @Optional()
  @IsIn(TRIGGER_REFERENCES)
  triggerBy?: TriggerReference;

  @ApiPropertyOptional({ pattern: CLIENT_ORDER_ID.source, description: 'unique among the account’s open orders' })
  @Optional()
  @IsString()
  @Matches(CLIENT_ORDER_ID)
  clientOrderId?: string;
}

const NOT_AMENDABLE = 'cannot be amended: cancel the order and place a new one';

export class AmendOrderBody implements AmendRequest {
  @ApiDecimal('new limit price, a multiple of the tick size; a new price loses time priority', '50001', false)
  @Optional()
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  price?: string;

  @ApiDecimal(
    'new total size (filled part included), a multiple of the lot size above the filled size; ' +
      'a smaller size keeps time priority, a larger one loses it',
    '0.02',
    false,
  )
  @Optional()
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  quantity?: string;

  @Refused(`side ${NOT_AMENDABLE}`)
  side?: unknown;

  @Refused(`type ${NOT_AMENDABLE}`)
  type?: unknown;

  @Refused(`reduceOnly ${NOT_AMENDABLE}`)
  reduceOnly?: unknown;
}

export class CancelAllQuery {
  @ApiPropertyOptional({ example: 'BTC-PERP', description: 'only this market; every market when absent' })
  @Optional()
  @IsString()
  @Matches(MARKET_SYMBOL)
  market?: string;
}

export class ListOrdersQuery {
  @ApiPropertyOptional({ enum: ['open'], default: 'open' })
  @Optional()
  @IsIn(['open'])
  status?: 'open';

  @ApiPropertyOptional({ example: 'BTC-PERP' })
  @Optional()
  @IsString()
  @Matches(MARKET_SYMBOL)
  market?: string;
}

export const DEFAULT_FILLS_LIMIT = 100;

export class ListFillsQuery {
  @ApiPropertyOptional({ example: 'BTC-PERP' })
  @Optional()
  @IsString()
  @Matches(MARKET_SYMBOL)
  market?: string;

  @ApiPropertyOptional({ description: 'most recent fills first, 1..1000', default: DEFAULT_FILLS_LIMIT })
  @Optional()
  @IsIntegerString(1, 1000)
  limit?: string;
}
