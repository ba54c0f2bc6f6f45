import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/access';
import type { Principal } from '../auth/principal';
import { API_KEY_SCHEME, ApiErrors } from '../http/api-docs';
import { OrderRateGuard } from '../rate-limit/order-rate.guard';
import {
  AmendOrderBody,
  CancelAllQuery,
  DEFAULT_FILLS_LIMIT,
  ListFillsQuery,
  ListOrdersQuery,
  PlaceOrderBody,
} from './order.dto';
import { OrderCancelService } from './order-cancel.service';
import { OrderEntryService } from './order-entry.service';
import { OrderQueryService } from './order-query.service';
import { AmendAckView, CancelAllView, FillView, OrderAckView, OrderView } from './order.views';

@ApiTags('trading')
@ApiBearerAuth(API_KEY_SCHEME)
@ApiErrors(401)
@Controller('v1')
export class OrdersController {
  constructor(
    private readonly entry: OrderEntryService,
    private readonly cancels: OrderCancelService,
    private readonly query: OrderQueryService,
  ) {}

  @Post('orders')
  @UseGuards(OrderRateGuard)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Answers once the engines have accepted or refused it, with the order state after its batch: a conditional ' +
      'order is `untriggered`, a re-priced post-only order shows the price it rests at, an IOC/FOK remainder is ' +
      '`cancelled` with a `cancelReason`. Refusals: 400 VALIDATION_ERROR, INVALID_PRICE, INVALID_QUANTITY, ' +
      'INVALID_TRIGGER, INVALID_EXPIRY, INVALID_ORDER_OPTIONS, UNKNOWN_MARKET, or the engines’ codes ' +
      '(INSUFFICIENT_MARGIN, POST_ONLY_WOULD_TAKE, WOULD_TRIGGER_IMMEDIATELY, REDUCE_ONLY_WOULD_INCREASE, ' +
      'PRICE_OUTSIDE_BAND, ...); 409 DUPLICATE_CLIENT_ORDER_ID.',
  })
  @ApiCreatedResponse({ type: OrderAckView })
  @ApiErrors(400, 409, 413, 429, 503, 504)
  place(@Caller() caller: Principal, @Body() body: PlaceOrderBody): Promise<OrderAckView> {
    return this.entry.place(caller, body);
  }

  @Patch('orders/:orderId')
  @UseGuards(OrderRateGuard)
  @ApiOperation({
    summary: 'Amend an open order',
    description:
      'A new price and/or total size (filled part included). Reducing only the size keeps time priority; a new ' +
      'price or a larger size re-enters the order at the back of its level, where it may trade at once. Side, ' +
      'type and reduceOnly cannot be amended (400 VALIDATION_ERROR), nor can untriggered orders (400 ' +
      'AMEND_NOT_ALLOWED). Rate limited like new orders.',
  })
  @ApiOkResponse({ type: AmendAckView })
  @ApiErrors(400, 404, 429, 503, 504)
  amend(
    @Caller() caller: Principal,
    @Param('orderId') orderId: string,
    @Body() body: AmendOrderBody,
  ): Promise<AmendAckView> {
    return this.entry.amend(caller, orderId, body);
  }

  @Delete('orders')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel all open orders of the account',
    description:
      'In one market (`market`) or all. Answers once every market where the account has live orders has ' +
      'answered: 200 with the cancelled order ids; 202 with those known so far and `pendingMarkets` when some ' +
      'markets had not answered in time (the cancel still applies). Never rate limited.',
  })
  @ApiOkResponse({ type: CancelAllView })
  @ApiAcceptedResponse({ type: CancelAllView, description: 'some markets had not answered in time' })
  @ApiErrors(400, 503)
  async cancelAll(
    @Caller() caller: Principal,
    @Query() query: CancelAllQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CancelAllView> {
    const answer = await this.cancels.cancelAll(caller, query.market);
    reply.status(answer.status);
    return answer.view;
  }

  @Delete('orders/by-client-id/:clientOrderId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an open order by its client order id', description: 'Never rate limited.' })
  @ApiOkResponse({ type: OrderAckView })
  @ApiErrors(404, 503, 504)
  cancelByClientId(@Caller() caller: Principal, @Param('clientOrderId') clientOrderId: string): Promise<OrderAckView> {
    return this.cancels.cancelByClientId(caller, clientOrderId);
  }

  @Delete('orders/:orderId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order', description: 'Never rate limited.' })
  @ApiOkResponse({ type: OrderAckView })
  @ApiErrors(404, 503, 504)
  cancel(@Caller() caller: Principal, @Param('orderId') orderId: string): Promise<OrderAckView> {
    return this.cancels.cancel(caller, orderId);
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
