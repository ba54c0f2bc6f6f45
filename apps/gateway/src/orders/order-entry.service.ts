import { Inject, Injectable } from '@nestjs/common';
import { CancelOrder, ORDER_COMMANDS, OrderCommand, PlaceOrder } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import type { GatewayStore } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { ApiError, ErrorCode } from '../http/api-error';
import { newOrderId, newRequestId } from '../ids';
import { MarketCatalog } from '../markets/market-catalog.service';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { MessagePublisher } from '../streams/message-publisher.service';
import { CLOCK, LOGGER, SETTINGS, STORE } from '../tokens';
import { CommandAnswer, CommandWaiters, rejectionError } from './command-answer';
import { OrderRequest, parseOrderInput } from './order-input';
import type { BatchOutcome } from './order-tracker';
import { toOrderAck } from './order-wire';
import type { OrderAckView } from './order.views';
import { TIMED_OUT } from './pending-requests';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Order entry: validates, publishes the command to orders.commands and waits for the engines'
 * answer, correlated by request id, up to ORDER_ACK_TIMEOUT_MS.
 */
@Injectable()
export class OrderEntryService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly waiters: CommandWaiters,
    private readonly publisher: MessagePublisher,
    private readonly metrics: GatewayMetrics,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async place(caller: Principal, request: OrderRequest): Promise<OrderAckView> {
    const receivedAtUs = this.clock.nowUs();
    const market = await this.catalog.find(request.market);
    if (!market) throw new ApiError(400, ErrorCode.UNKNOWN_MARKET, `unknown market ${request.market}`);
    const input = parseOrderInput(request, market);
    if (!input.ok) throw new ApiError(400, input.problem.code, input.problem.message, input.problem.details);

    const nowMs = this.clock.nowMs();
    const command: PlaceOrder = {
      kind: 'place',
      requestId: newRequestId(nowMs),
      orderId: newOrderId(nowMs),
      accountId: caller.accountId,
      clientOrderId: request.clientOrderId ?? null,
      market: market.symbol,
      side: request.side,
      type: request.type,
      timeInForce: input.terms.timeInForce,
      priceTicks: input.terms.priceTicks,
      sizeLots: input.terms.sizeLots,
      receivedAtUs,
    };
    const outcome = this.applied(await this.submit(command), command.orderId);
    const order = outcome.orders.get(command.orderId);
    if (!order) {
      this.logger.error('matching batch does not mention the order it answers', { orderId: command.orderId });
      throw new ApiError(500, ErrorCode.INTERNAL, 'order state unavailable; query the order', {
        orderId: command.orderId,
      });
    }
    return toOrderAck(order, outcome.takerFills.get(command.orderId) ?? [], market, {
      inTimeUs: receivedAtUs,
      outTimeUs: this.clock.nowUs(),
    });
  }

  async cancel(caller: Principal, orderId: string): Promise<OrderAckView> {
    const receivedAtUs = this.clock.nowUs();
    if (!ORDER_ID.test(orderId)) throw unknownOrder(orderId);
    const command: CancelOrder = {
      kind: 'cancel',
      requestId: newRequestId(this.clock.nowMs()),
      orderId,
      accountId: caller.accountId,
      market: null,
      receivedAtUs,
    };
    const outcome = this.applied(await this.submit(command), orderId);
    const times = () => ({ inTimeUs: receivedAtUs, outTimeUs: this.clock.nowUs() });
    const tracked = outcome.orders.get(orderId);
    if (tracked) return toOrderAck(tracked, [], await this.marketOf(tracked.market), times());
    // The gateway never saw the order (e.g. accepted before the retained log): settlement has it.
    const stored = await this.store.accounts.order(caller.accountId, orderId);
    if (!stored) throw unknownOrder(orderId);
    const cancelled = { ...stored, openLots: 0, status: 'cancelled' as const };
    return toOrderAck(cancelled, [], await this.marketOf(stored.market), times());
  }

  /** Publishes a command and waits for its answer; throws for no answer in time. */
  private async submit(command: OrderCommand): Promise<CommandAnswer> {
    const startedMs = this.clock.nowMs();
    const answer = this.waiters.wait(command.requestId, this.settings.orderAckTimeoutMs);
    try {
      await this.publisher.publish(ORDER_COMMANDS, command);
    } catch (error) {
      this.waiters.discard(command.requestId);
      this.metrics.orderCommands.inc({ kind: command.kind, outcome: 'unsent' });
      this.logger.error('publishing an order command failed', { requestId: command.requestId, error });
      throw new ApiError(
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        'order service unavailable; query the order before retrying',
        {
          orderId: command.orderId,
        },
      );
    }
    const result = await answer;
    if (result === TIMED_OUT) {
      this.metrics.orderCommands.inc({ kind: command.kind, outcome: 'timeout' });
      throw new ApiError(504, ErrorCode.STATUS_UNKNOWN, 'no answer in time; query the order for its status', {
        orderId: command.orderId,
        ...(command.kind === 'place' && command.clientOrderId !== null ? { clientOrderId: command.clientOrderId } : {}),
      });
    }
    this.metrics.orderAckSeconds.observe((this.clock.nowMs() - startedMs) / 1000);
    this.metrics.orderCommands.inc({ kind: command.kind, outcome: result.kind });
    return result;
  }

  /** The batch the command caused, or the refusal as an error. */
  private applied(answer: CommandAnswer, orderId: string): BatchOutcome {
    if (answer.kind === 'rejected') throw rejectionError(answer, orderId);
    const rejected = answer.outcome.rejections.get(orderId);
    if (rejected) throw rejectionError(rejected, orderId);
    return answer.outcome;
  }

  private async marketOf(symbol: string): Promise<MarketSpec> {
    const market = await this.catalog.find(symbol);
    if (!market) throw new ApiError(500, ErrorCode.INTERNAL, `market ${symbol} is not listed`);
    return market;
  }
}

const unknownOrder = (orderId: string): ApiError =>
  new ApiError(404, ErrorCode.UNKNOWN_ORDER, `unknown order ${orderId}`, { orderId });
