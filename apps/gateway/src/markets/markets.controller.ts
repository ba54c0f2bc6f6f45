import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access';
import { BookRegistry } from '../book/book-registry.service';
import { ApiErrors } from '../http/api-docs';
import { ApiError, ErrorCode } from '../http/api-error';
import { IsIntegerString, Optional } from '../http/validation';
import { MarketCatalog } from './market-catalog.service';
import { BookView, MarketView, toMarketView } from './market.views';

const DEFAULT_DEPTH = 20;

export class BookQuery {
  @ApiProperty({ required: false, description: 'levels per side, 1..1000', default: DEFAULT_DEPTH })
  @Optional()
  @IsIntegerString(1, 1000)
  depth?: string;
}

@ApiTags('market data')
@Public()
@Controller('v1/markets')
export class MarketsController {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly books: BookRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List markets' })
  @ApiOkResponse({ type: [MarketView] })
  @ApiErrors(503)
  async list(): Promise<MarketView[]> {
    return (await this.catalog.list()).map(toMarketView);
  }

  @Get(':market/book')
  @ApiOperation({ summary: "A market's level-2 order book" })
  @ApiOkResponse({ type: BookView })
  @ApiErrors(400, 404)
  async book(@Param('market') symbol: string, @Query() query: BookQuery): Promise<BookView> {
    const market = await this.catalog.find(symbol);
    if (!market) throw new ApiError(404, ErrorCode.UNKNOWN_MARKET, `unknown market ${symbol}`);
    const snapshot = this.books.wireSnapshot(market, query.depth === undefined ? DEFAULT_DEPTH : Number(query.depth));
    return { market: market.symbol, ...snapshot };
  }
}
