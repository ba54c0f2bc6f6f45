import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_TYPES, OrderType, Side, SIDES, TIMES_IN_FORCE, TimeInForce } from '@exchange/domain';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ApiDecimal } from '../http/api-docs';
import { IsIntegerString, Optional } from '../http/validation';
import { MARKET_SYMBOL } from '../markets/market-symbol';
import type { OrderRequest } from './order-input';

const MAX_DECIMAL_LENGTH = 40;

export class PlaceOrderBody implements OrderRequest {
  @ApiProperty({ example: 'BTC-PERP' })
  @IsString()
  @Matches(MARKET_SYMBOL)
  market!: string;

  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES)
  side!: Side;

  @ApiProperty({ enum: ORDER_TYPES })
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

  @ApiPropertyOptional({ enum: TIMES_IN_FORCE, description: 'default GTC for limit orders; market orders are IOC' })
  @Optional()
  @IsIn(TIMES_IN_FORCE)
  timeInForce?: TimeInForce;

  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9_-]{1,36}$', description: 'unique among the account’s open orders' })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,36}$/)
  clientOrderId?: string;
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
