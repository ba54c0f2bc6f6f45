import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ApiDecimal } from '../http/api-docs';
import { IsStringRecord, Optional } from '../http/validation';
import { MARKET_SYMBOL } from '../markets/market-symbol';

export class PublishPricesBody {
  @ApiProperty({ example: 'BTC' })
  @IsString()
  @Matches(/^[A-Z0-9]{1,16}$/)
  underlying!: string;

  @ApiDecimal('index price in USDC', '50000')
  @IsString()
  @MaxLength(40)
  indexPrice!: string;

  @ApiPropertyOptional({
    description: 'mark price per market symbol (decimal strings); markets without one are marked at the index',
    example: { 'BTC-PERP': '50010' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @Optional()
  @IsStringRecord(MARKET_SYMBOL, 1000)
  markPrices?: Record<string, string>;
}

export class PublishedPricesView {
  @ApiProperty({ example: 'BTC' })
  underlying!: string;

  @ApiDecimal('index price in USDC', '50000')
  indexPrice!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'BTC-PERP': '50010' } })
  markPrices!: Record<string, string>;

  @ApiProperty({ description: 'time of the update, milliseconds since the epoch' })
  timestampMs!: number;
}
