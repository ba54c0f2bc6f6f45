import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionType } from '@exchange/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiDecimal } from '../http/api-docs';
import { Optional } from '../http/validation';

export const LISTABLE_KINDS = ['future', 'option'] as const;
export const OPTION_TYPES: readonly OptionType[] = ['call', 'put'];
export const MAX_STRIKES = 100;
const MAX_DECIMAL_LENGTH = 40;

/** Underlying symbols as staff name them ("BTC"). */
export const UNDERLYING = /^[A-Z0-9]{1,16}$/;

export class ListMarketsBody {
  @ApiProperty({
    enum: LISTABLE_KINDS,
    description: 'future: one dated future; option: a series, one market per strike and option type',
  })
  @IsIn(LISTABLE_KINDS)
  kind!: (typeof LISTABLE_KINDS)[number];

  @ApiProperty({ example: 'BTC', description: 'an underlying with a listed perpetual' })
  @IsString()
  @Matches(UNDERLYING)
  underlying!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-25T08:00:00Z',
    description: 'RFC 3339 with a zone, on a whole second, in the future (at most ten years ahead)',
  })
  @IsString()
  @MaxLength(40)
  expiry!: string;

  @ApiDecimal('price increment in USDC, at most 6 decimals', '0.5')
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  tickSize!: string;

  @ApiDecimal('size increment in coins; tick x lot must be a whole number of micro-USDC', '0.001')
  @IsString()
  @MaxLength(MAX_DECIMAL_LENGTH)
  lotSize!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 1_000_000_000, description: 'smallest order size, in lots' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  minSizeLots!: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['60000', '65000'],
    description: `options only, and required for them: 1 to ${MAX_STRIKES} positive strikes, multiples of the tick size`,
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STRIKES)
  @IsString({ each: true })
  @MaxLength(MAX_DECIMAL_LENGTH, { each: true })
  strikes?: string[];

  @ApiPropertyOptional({
    enum: OPTION_TYPES,
    isArray: true,
    default: OPTION_TYPES,
    description: 'options only: which types to list for every strike',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(OPTION_TYPES, { each: true })
  optionTypes?: OptionType[];
}
