import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../http/validation';
import { UNDERLYING } from './market-listing.dto';

export const MAX_SLICES = 64;
/** Far beyond any sensible parameter: keeps absurd numbers out of the arbitrage checks. */
const MAX_PARAMETER = 1000;

const FINITE = { allowNaN: false, allowInfinity: false };

const Parameter =
  (description: string): PropertyDecorator =>
  (target, key) => {
    ApiProperty({ type: Number, description, minimum: -MAX_PARAMETER, maximum: MAX_PARAMETER })(target, key);
    IsNumber(FINITE)(target, key);
    Min(-MAX_PARAMETER)(target, key);
    Max(MAX_PARAMETER)(target, key);
  };

/** Raw SVI in total variance: w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)), k = ln(K/F). */
export class SviParamsBody {
  @Parameter('level of total variance')
  a!: number;

  @Parameter('slope of the wings, >= 0')
  b!: number;

  @Parameter('skew, -1 < rho < 1')
  rho!: number;

  @Parameter('log-moneyness of the vertex')
  m!: number;

  @Parameter('curvature at the vertex, > 0')
  sigma!: number;
}

export class VolSliceBody {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-25T08:00:00Z',
    description: 'RFC 3339 with a zone, on a whole second, in the future; each expiry once',
  })
  @IsString()
  @MaxLength(40)
  expiry!: string;

  @ApiPropertyOptional({ type: SviParamsBody, description: 'the smile as raw SVI; exactly one of svi and atmVol' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => SviParamsBody)
  svi?: SviParamsBody;

  @ApiPropertyOptional({
    type: Number,
    example: 0.55,
    minimum: 0,
    maximum: 10,
    description: 'one implied vol for every strike (0.55 is 55%); exactly one of svi and atmVol',
  })
  @Optional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(10)
  atmVol?: number;
}

export class PublishVolSurfaceBody {
  @ApiProperty({ example: 'BTC', description: 'an underlying with a listed market' })
  @IsString()
  @Matches(UNDERLYING)
  underlying!: string;

  @ApiProperty({ type: [VolSliceBody], description: `1 to ${MAX_SLICES} expiries; the whole surface is replaced` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SLICES)
  @ValidateNested({ each: true })
  @Type(() => VolSliceBody)
  slices!: VolSliceBody[];
}

export class PublishedVolSurfaceView {
  @ApiProperty({ example: 'BTC' })
  underlying!: string;

  @ApiProperty({ type: [VolSliceBody], description: 'the slices as published, by expiry' })
  slices!: VolSliceBody[];

  @ApiProperty({ description: 'time of the update, milliseconds since the epoch' })
  timestampMs!: number;
}
