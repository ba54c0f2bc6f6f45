import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MarketSpec } from '@exchange/domain';
import { ApiDecimal } from '../http/api-docs';
import { formatSize } from './market-format';

export class MarketView {
  @ApiProperty({ example: 'BTC-PERP' })
  symbol!: string;

  @ApiProperty({ enum: ['perpetual', 'future', 'option'] })
  kind!: string;

  @ApiProperty({ example: 'BTC' })
  underlying!: string;

  @ApiProperty({ example: 'USDC' })
  quoteAsset!: string;

  @ApiDecimal('price increment', '0.5')
  tickSize!: string;

  @ApiDecimal('size increment, in coins', '0.001')
  lotSize!: string;

  @ApiDecimal('smallest order size, in coins', '0.001')
  minSize!: string;

  @ApiProperty({ enum: ['active', 'post_only', 'cancel_only', 'halted', 'settled'] })
  status!: string;

  @ApiPropertyOptional({ description: 'expiry, milliseconds since the epoch (futures and options)' })
  expiryMs?: number;

  @ApiPropertyOptional({ type: String, format: 'decimal', description: 'option strike' })
  strike?: string;

  @ApiPropertyOptional({ enum: ['call', 'put'] })
  optionType?: string;
}

export class BookView {
  @ApiProperty({ example: 'BTC-PERP' })
  market!: string;

  @ApiProperty({ description: 'sequence of the last book event applied' })
  seq!: number;

  @ApiProperty({
    description: '[price, size] decimal strings, best (highest) first',
    example: [['50000.5', '1.25']],
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
  })
  bids!: [string, string][];

  @ApiProperty({
    description: '[price, size] decimal strings, best (lowest) first',
    example: [['50001', '0.5']],
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
  })
  asks!: [string, string][];
}

export class GreeksView {
  @ApiProperty({ example: 0.31, description: 'dV/dF per coin' })
  delta!: number;

  @ApiProperty({ example: 0.00003, description: 'd2V/dF2 per coin' })
  gamma!: number;

  @ApiProperty({ example: 5400, description: 'dV/dvol per coin, per 1.00 of vol (divide by 100 for one point)' })
  vega!: number;

  @ApiProperty({ example: -33000, description: 'dV/dt per coin, per year' })
  theta!: number;
}

/** A market's mark as the risk engine prices it: what margin and the book's price band use. */
export class MarkView {
  @ApiProperty({ example: 'BTC-25DEC26-55000-C' })
  market!: string;

  @ApiDecimal('mark price, USDC', '1635.13')
  markPrice!: string;

  @ApiDecimal('index price of the underlying, USDC', '50000')
  indexPrice!: string;

  @ApiProperty({ example: 50000, description: "the price it moves with: the perp mark or its expiry's forward" })
  forward!: number;

  @ApiProperty({ example: 0.0822, description: 'years to expiry (0 for perpetuals)' })
  yearsToExpiry!: number;

  @ApiProperty({ type: Number, nullable: true, example: 0.6, description: 'implied vol from the surface (options)' })
  impliedVol!: number | null;

  @ApiProperty({ type: GreeksView, nullable: true, description: 'Black-76 Greeks (options)' })
  greeks!: GreeksView | null;
}

export function toMarketView(market: MarketSpec): MarketView {
  return {
    symbol: market.symbol,
    kind: market.kind,
    underlying: market.underlying,
    quoteAsset: market.quoteAsset,
    tickSize: market.tickSize,
    lotSize: market.lotSize,
    minSize: formatSize(market.minSizeLots, market),
    status: market.status,
    ...(market.expiryMs === undefined ? {} : { expiryMs: market.expiryMs }),
    ...(market.strike === undefined ? {} : { strike: market.strike }),
    ...(market.optionType === undefined ? {} : { optionType: market.optionType }),
  };
}
