import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access';
import { BookRegistry } from '../book/book-registry.service';
import { ApiErrors } from '../http/api-docs';
import { ApiError, ErrorCode } from '../http/api-error';
import { IsIntegerString, Optional } from '../http/validation';
import { RiskServiceClient } from '../margin/risk-service.client';
import { formatMicro } from './market-format';
import { MarketCatalog } from './market-catalog.service';
import { BookView, MarketView, MarkView, toMarketView } from './market.views';

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
    private readonly risk: RiskServiceClient,
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

  @Get(':market/mark')
  @ApiOperation({
    summary: "A market's mark, as the risk engine prices it",
    description:
      'The mark margin is computed at and the book’s price band follows, with the index; for an option its ' +
      'forward, implied vol from the staff’s surface and Black-76 Greeks. 409 NO_MARK_PRICE before it can be ' +
      'priced (an option whose expiry the surface lacks).',
  })
  @ApiOkResponse({ type: MarkView })
  @ApiErrors(404, 409, 503)
  async mark(@Param('market') symbol: string): Promise<MarkView> {
    const market = await this.catalog.find(symbol);
    if (!market) throw new ApiError(404, ErrorCode.UNKNOWN_MARKET, `unknown market ${symbol}`);
    const mark = await this.risk.mark(market.symbol);
    return { ...mark, markPrice: formatMicro(mark.markPrice), indexPrice: formatMicro(mark.indexPrice) };
  }
}
