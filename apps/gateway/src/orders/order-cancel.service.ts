import { Inject, Injectable } from '@nestjs/common';
import type { CancelAllOrders, CancelOrder } from '@exchange/contracts';
import type { MarketSpec } from '@exchange/domain';
import type { Logger } from '@exchange/observability';
import type { GatewayStore } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { ApiError, ErrorCode } from '../http/api-error';
import { newRequestId } from '../ids';
import { MarketCatalog } from '../markets/market-catalog.service';
import { CLOCK, LOGGER, STORE } from '../tokens';
import { appliedOutcome, CommandAnswer, unknownOrder } from './command-answer';
import { CommandSubmitter } from './command-submitter';
import { CLIENT_ORDER_ID, ORDER_ID } from './order.dto';
import type { BatchOutcome } from './order-tracker';
import { OrderTracker } from './order-tracker';
import { toOrderAck } from './order-wire';
import type { CancelAllView, OrderAckView } from './order.views';

/** A cancel-all's answer and its HTTP status: 200 when every market answered, 202 when some had not in time. */
export interface CancelAllAnswer {
  readonly status: 200 | 202;
  readonly view: CancelAllView;
}

/** Cancels: by order id, by client order id, and every open order of the account (per market or all). */
@Injectable()
export class OrderCancelService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly submitter: CommandSubmitter,
    private readonly tracker: OrderTracker,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
    const outcome = appliedOutcome(await this.submitter.submit(command, { orderId }), orderId, { orderId });
    return this.cancelledOrder(caller, orderId, outcome, receivedAtUs);
  }

  /**
   * Cancels the caller's open order carrying this client order id. The command's order id is the
   * request id: it only names the request in a rejection, the book looks the order up by client id.
   */
  async cancelByClientId(caller: Principal, clientOrderId: string): Promise<OrderAckView> {
    const receivedAtUs = this.clock.nowUs();
    const context = { clientOrderId };
    if (!CLIENT_ORDER_ID.test(clientOrderId)) throw unknownClientOrderId(clientOrderId);
    const requestId = newRequestId(this.clock.nowMs());
    const command: CancelOrder = {
      kind: 'cancel',
      requestId,
      orderId: requestId,
      accountId: caller.accountId,
      market: null,
      receivedAtUs,
      clientOrderId,
    };
    const outcome = appliedOutcome(await this.submitter.submit(command, context), requestId, context);
    const [cancelled] = cancelledOrderIds(outcome, caller.accountId);
    if (cancelled === undefined) {
      this.logger.error('cancel batch shows no cancelled order', { requestId, clientOrderId });
      throw new ApiError(500, ErrorCode.INTERNAL, 'order state unavailable; query the order', context);
    }
    return this.cancelledOrder(caller, cancelled, outcome, receivedAtUs);
  }

  /**
   * Cancels every open order of the caller, in one market or all. One command; each market's book
   * answers with a batch of its own, so the gateway waits for every market where it knows the
   * caller has live orders (its tracker replays the whole matching log), up to the ack timeout.
   */
  async cancelAll(caller: Principal, marketSymbol: string | undefined): Promise<CancelAllAnswer> {
    const receivedAtUs = this.clock.nowUs();
    const market = marketSymbol === undefined ? null : await this.listed(marketSymbol);
    const expected = [...this.tracker.marketsWithOrders(caller.accountId)]
      .filter((symbol) => market === null || symbol === market.symbol)
      .sort();
    const requestId = newRequestId(this.clock.nowMs());
    const command: CancelAllOrders = {
      kind: 'cancel_all',
      requestId,
      accountId: caller.accountId,
      market: market?.symbol ?? null,
      receivedAtUs,
    };
    const { answers, complete } = await this.submitter.gather(
      command,
      { requestId },
      (received) => isRefused(received) || expected.every((symbol) => answeredMarkets(received).has(symbol)),
    );
    const outcomes = answers.map((answer) => appliedOutcome(answer, '', { requestId }));
    const answered = answeredMarkets(answers);
    return {
      status: complete ? 200 : 202,
      view: {
        cancelledOrderIds: outcomes.flatMap((outcome) => cancelledOrderIds(outcome, caller.accountId)),
        complete,
        pendingMarkets: expected.filter((symbol) => !answered.has(symbol)),
        inTimeUs: receivedAtUs,
        outTimeUs: this.clock.nowUs(),
      },
    };
  }

  /** The answer to a cancel: the order after its batch, else (never tracked by the gateway) as settlement stored it. */
  private async cancelledOrder(
    caller: Principal,
    orderId: string,
    outcome: BatchOutcome,
    receivedAtUs: number,
  ): Promise<OrderAckView> {
    const times = () => ({ inTimeUs: receivedAtUs, outTimeUs: this.clock.nowUs() });
    const tracked = outcome.orders.get(orderId);
    if (tracked) return toOrderAck(tracked, [], await this.catalog.require(tracked.market), times());
    const stored = await this.store.accounts.order(caller.accountId, orderId);
    if (!stored) throw unknownOrder(orderId);
    const cancelled = { ...stored, openLots: 0, status: 'cancelled' as const, doneReason: 'cancelled' as const };
    return toOrderAck(cancelled, [], await this.catalog.require(stored.market), times());
  }

  private async listed(symbol: string): Promise<MarketSpec> {
    const market = await this.catalog.find(symbol);
    if (!market) throw new ApiError(400, ErrorCode.UNKNOWN_MARKET, `unknown market ${symbol}`);
    return market;
  }
}

/** Orders of the account that a batch cancelled on request (not those done for another reason). */
const cancelledOrderIds = (outcome: BatchOutcome, accountId: string): string[] =>
  [...outcome.done.values()]
    .filter((done) => done.accountId === accountId && done.reason === 'cancelled')
    .map((done) => done.orderId);

/** A refusal ends the wait: by the risk stage, or by a book (market-level refusals name no order: ''). */
const isRefused = (answers: readonly CommandAnswer[]): boolean =>
  answers.some(
    (answer) => answer.kind === 'rejected' || (answer.kind === 'applied' && answer.outcome.rejections.has('')),
  );

const answeredMarkets = (answers: readonly CommandAnswer[]): Set<string> =>
  new Set(answers.flatMap((answer) => (answer.kind === 'applied' ? [answer.outcome.market] : [])));

const unknownClientOrderId = (clientOrderId: string): ApiError =>
  new ApiError(404, ErrorCode.UNKNOWN_ORDER, `no open order with client order id ${clientOrderId}`, {
    clientOrderId,
  });
