import { Inject, Injectable } from '@nestjs/common';
import type { AmendOrder, PlaceOrder } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { GatewayStore, StoredOrder } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { ApiError, ErrorCode } from '../http/api-error';
import { newOrderId, newRequestId } from '../ids';
import { MarketCatalog } from '../markets/market-catalog.service';
import { CLOCK, LOGGER, STORE } from '../tokens';
import { AmendRequest, parseAmendInput } from './amend-input';
import { appliedOutcome, unknownOrder } from './command-answer';
import { CommandSubmitter } from './command-submitter';
import type { InputProblem } from './input-problem';
import { OrderRequest, parseOrderInput } from './order-input';
import { ORDER_ID } from './order.dto';
import { OrderTracker, TrackedOrder } from './order-tracker';
import { toOrderAck } from './order-wire';
import type { AmendAckView, OrderAckView } from './order.views';

const OPEN_STATUSES: ReadonlySet<StoredOrder['status']> = new Set(['untriggered', 'open', 'partially_filled']);

/** Placing and amending orders: validated here, answered with the order's state after the engines' batch. */
@Injectable()
export class OrderEntryService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly submitter: CommandSubmitter,
    private readonly tracker: OrderTracker,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async place(caller: Principal, request: OrderRequest): Promise<OrderAckView> {
    const receivedAtUs = this.clock.nowUs();
    const market = await this.catalog.find(request.market);
    if (!market) throw new ApiError(400, ErrorCode.UNKNOWN_MARKET, `unknown market ${request.market}`);
    const nowMs = this.clock.nowMs();
    const input = parseOrderInput(request, market, nowMs);
    if (!input.ok) throw inputError(input.problem);

    const command: PlaceOrder = {
      kind: 'place',
      requestId: newRequestId(nowMs),
      orderId: newOrderId(nowMs),
      accountId: caller.accountId,
      clientOrderId: request.clientOrderId ?? null,
      market: market.symbol,
      side: request.side,
      type: request.type,
      receivedAtUs,
      ...input.value,
    };
    const { orderId } = command;
    const unanswered = {
      orderId,
      ...(request.clientOrderId === undefined ? {} : { clientOrderId: request.clientOrderId }),
    };
    const outcome = appliedOutcome(await this.submitter.submit(command, unanswered), orderId, { orderId });
    const order = outcome.orders.get(orderId);
    if (!order) throw this.stateUnavailable(orderId);
    return toOrderAck(order, outcome.takerFills.get(orderId) ?? [], market, {
      inTimeUs: receivedAtUs,
      outTimeUs: this.clock.nowUs(),
    });
  }

  /** A new price and/or total size for one of the caller's open orders. */
  async amend(caller: Principal, orderId: string, request: AmendRequest): Promise<AmendAckView> {
    const receivedAtUs = this.clock.nowUs();
    const current = await this.openOrder(caller, orderId);
    const market = await this.catalog.require(current.market);
    const input = parseAmendInput(request, market);
    if (!input.ok) throw inputError(input.problem);

    const command: AmendOrder = {
      kind: 'amend',
      requestId: newRequestId(this.clock.nowMs()),
      orderId,
      accountId: caller.accountId,
      market: market.symbol,
      ...input.value,
      receivedAtUs,
    };
    const outcome = appliedOutcome(await this.submitter.submit(command, { orderId }), orderId, { orderId });
    const amended = outcome.amendments.get(orderId);
    if (!amended) throw this.stateUnavailable(orderId);
    // An order the gateway never tracked (accepted before the retained log): its stored state with the new terms.
    const order = outcome.orders.get(orderId) ?? {
      ...current,
      priceTicks: amended.priceTicks,
      sizeLots: amended.sizeLots,
      openLots: amended.remainingLots,
    };
    const ack = toOrderAck(order, outcome.takerFills.get(orderId) ?? [], market, {
      inTimeUs: receivedAtUs,
      outTimeUs: this.clock.nowUs(),
    });
    return { ...ack, priorityKept: amended.priorityKept };
  }

  /** The caller's order if it is open: as the live tracker knows it, else as settlement stored it. */
  private async openOrder(caller: Principal, orderId: string): Promise<TrackedOrder | StoredOrder> {
    if (!ORDER_ID.test(orderId)) throw unknownOrder(orderId);
    const live = this.tracker.find(orderId);
    if (live) {
      if (live.accountId !== caller.accountId) throw unknownOrder(orderId);
      return live;
    }
    const stored = await this.store.accounts.order(caller.accountId, orderId);
    if (!stored || !OPEN_STATUSES.has(stored.status)) throw unknownOrder(orderId);
    return stored;
  }

  private stateUnavailable(orderId: string): ApiError {
    this.logger.error('matching batch does not show the order it answers', { orderId });
    return new ApiError(500, ErrorCode.INTERNAL, 'order state unavailable; query the order', { orderId });
  }
}

const inputError = (problem: InputProblem): ApiError =>
  new ApiError(400, problem.code, problem.message, problem.details);
