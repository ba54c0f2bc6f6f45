import type { MarketSpec } from '@exchange/domain';
import type { StoredFill, StoredOrder } from '../adapters/store.port';
import { averagePrice, formatMicro, formatPrice, formatSize } from '../markets/market-format';
import type { OrderOptions, TakerFill, TrackedOrder } from './order-tracker';
import type { FillView, OrderAckView, OrderOptionsView, OrderView } from './order.views';

type OrderState = Omit<TrackedOrder, 'accountId' | 'filledValue'> & { readonly filledValue: bigint | null };

/** An order's state with decimal strings for the wire. */
export function toOrderView(order: OrderState | StoredOrder, market: MarketSpec): OrderView {
  const average = order.filledValue === null ? undefined : averagePrice(order.filledValue, order.filledLots, market);
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    market: order.market,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    price: order.priceTicks === null ? null : formatPrice(order.priceTicks, market),
    quantity: formatSize(order.sizeLots, market),
    filledQuantity: formatSize(order.filledLots, market),
    remainingQuantity: formatSize(order.openLots, market),
    ...(average === undefined ? {} : { averagePrice: average }),
    status: order.status,
    ...(order.status === 'cancelled' && order.doneReason && order.doneReason !== 'filled'
      ? { cancelReason: order.doneReason }
      : {}),
    ...toOptionsView(order.options ?? {}, market),
  };
}

/** The options as the request names them (flat trigger fields, RFC 3339 expiry); only those set. */
function toOptionsView(options: OrderOptions, market: MarketSpec): OrderOptionsView {
  const { trigger, expiresAtUs, postOnly, reduceOnly, selfTradePrevention } = options;
  return {
    ...(expiresAtUs === undefined ? {} : { expiresAt: new Date(Math.floor(expiresAtUs / 1000)).toISOString() }),
    ...(postOnly === undefined ? {} : { postOnly: true, postOnlyMode: postOnly }),
    ...(reduceOnly ? { reduceOnly } : {}),
    ...(selfTradePrevention === undefined ? {} : { selfTradePrevention }),
    ...(trigger === undefined
      ? {}
      : {
          triggerPrice: formatPrice(trigger.priceTicks, market),
          triggerKind: trigger.kind,
          triggerBy: trigger.reference,
        }),
  };
}

/** The answer to a place or cancel: the order's state after its batch and the fills it took. */
export function toOrderAck(
  order: OrderState | StoredOrder,
  takerFills: readonly TakerFill[],
  market: MarketSpec,
  times: { readonly inTimeUs: number; readonly outTimeUs: number },
): OrderAckView {
  return {
    ...toOrderView(order, market),
    fills: takerFills.map((fill) => ({
      tradeId: fill.tradeId,
      price: formatPrice(fill.priceTicks, market),
      quantity: formatSize(fill.sizeLots, market),
      liquidity: 'taker' as const,
    })),
    inTimeUs: times.inTimeUs,
    outTimeUs: times.outTimeUs,
  };
}

export function toFillView(fill: StoredFill, market: MarketSpec): FillView {
  return {
    tradeId: fill.tradeId,
    orderId: fill.orderId,
    market: fill.market,
    side: fill.side,
    price: formatPrice(fill.priceTicks, market),
    quantity: formatSize(fill.sizeLots, market),
    liquidity: fill.liquidity,
    ...(fill.fee === null ? {} : { fee: formatMicro(fill.fee) }),
    timestampUs: fill.timestampUs,
  };
}
