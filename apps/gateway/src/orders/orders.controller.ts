import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { OrderRateGuard } from '../rate-limit/order-rate.guard';
import { DEFAULT_FILLS_LIMIT, ListFillsQuery, ListOrdersQuery, PlaceOrderBody } from './order.dto';
import { OrderEntryService } from './order-entry.service';
import { OrderQueryService } from './order-query.service';
import { FillView, OrderAckView, OrderView } from './order.views';

@ApiTags('trading')
@ApiBearerAuth(API_KEY_SCHEME)
@ApiErrors(401)
@Controller('v1')
export class OrdersController {
  constructor(
    private readonly entry: OrderEntryService,
    private readonly query: OrderQueryService,
  ) {}

  @Post('orders')
  @UseGuards(OrderRateGuard)
  @ApiOperation({ summary: 'Place an order', description: 'Answers once the engines have accepted or refused it.' })
  @ApiCreatedResponse({ type: OrderAckView })
  @ApiErrors(400, 409, 413, 429, 503, 504)
  place(@Caller() caller: Principal, @Body() body: PlaceOrderBody): Promise<OrderAckView> {
    return this.entry.place(caller, body);
  }

  @Delete('orders/:orderId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order', description: 'Never rate limited.' })
  @ApiOkResponse({ type: OrderAckView })
  @ApiErrors(404, 503, 504)
  cancel(@Caller() caller: Principal, @Param('orderId') orderId: string): Promise<OrderAckView> {
    return this.entry.cancel(caller, orderId);
  }

  @Get('orders')
  @ApiOperation({ summary: "The account's open orders" })
  @ApiOkResponse({ type: [OrderView] })
  @ApiErrors(400)
  list(@Caller() caller: Principal, @Query() query: ListOrdersQuery): Promise<OrderView[]> {
    return this.query.openOrders(caller, query.market);
  }

  @Get('orders/:orderId')
  @ApiOperation({ summary: 'One order of the account (e.g. after a 504 STATUS_UNKNOWN)' })
  @ApiOkResponse({ type: OrderView })
  @ApiErrors(404)
  order(@Caller() caller: Principal, @Param('orderId') orderId: string): Promise<OrderView> {
    return this.query.order(caller, orderId);
  }

  @Get('fills')
  @ApiOperation({ summary: "The account's fills, most recent first" })
  @ApiOkResponse({ type: [FillView] })
  @ApiErrors(400)
  fills(@Caller() caller: Principal, @Query() query: ListFillsQuery): Promise<FillView[]> {
    const limit = query.limit === undefined ? DEFAULT_FILLS_LIMIT : Number(query.limit);
    return this.query.fills(caller, { ...(query.market === undefined ? {} : { market: query.market }), limit });
  }
}
