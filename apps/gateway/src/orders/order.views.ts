import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PostOnlyMode, SelfTradePrevention, TimeInForce, TriggerKind, TriggerReference } from '@exchange/domain';
import type { StoredOrderStatus } from '../adapters/store.port';
import { ApiDecimal } from '../http/api-docs';
import {
  API_TIMES_IN_FORCE,
  CANCEL_REASONS,
  CancelReason,
  POST_ONLY_MODES,
  SELF_TRADE_PREVENTIONS,
  TRIGGER_KINDS,
  TRIGGER_REFERENCES,
} from './order-enums';

export class OrderFillView {
  @ApiProperty({ example: 't_1' })
  tradeId!: string;

  @ApiDecimal('execution price', '50000.5')
  price!: string;

  @ApiDecimal('executed size', '0.01')
  quantity!: string;

  @ApiProperty({ enum: ['taker', 'maker'] })
  liquidity!: 'taker' | 'maker';
}

/** An order's state. */
export class OrderView {
  @ApiProperty({ example: 'o_lq2x8k0ab3f9d2c1e4g7h' })
  orderId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'my-order-1' })
  clientOrderId!: string | null;

  @ApiProperty({ example: 'BTC-PERP' })
  market!: string;

  @ApiProperty({ enum: ['buy', 'sell'] })
  side!: 'buy' | 'sell';

  @ApiProperty({ enum: ['limit', 'market'] })
  type!: 'limit' | 'market';

  @ApiProperty({ enum: API_TIMES_IN_FORCE })
  timeInForce!: TimeInForce;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'decimal',
    description: 'limit price (where a re-priced post-only order rests); null for market orders',
  })
  price!: string | null;

  @ApiDecimal('ordered size, filled part included (an amend or the reduce-only cap may change it)', '0.01')
  quantity!: string;

  @ApiDecimal('executed size', '0')
  filledQuantity!: string;

  @ApiDecimal('size still working on the book or waiting for its trigger; 0 once filled or cancelled', '0.01')
  remainingQuantity!: string;

  @ApiDecimal('volume-weighted fill price; absent without fills', '50000.5', false)
  averagePrice?: string;

  @ApiProperty({
    enum: ['untriggered', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected'],
    description: 'untriggered: a conditional order waiting off the book for its trigger',
  })
  status!: StoredOrderStatus;

  @ApiPropertyOptional({
    enum: CANCEL_REASONS,
    example: 'unfilled_fok',
    description:
      'why a cancelled order left the book, when known: cancelled (by request or cancel-all), ' +
      'unfilled_ioc, no_liquidity, self_trade_prevented, expired (GTD), unfilled_fok (nothing filled, ' +
      'nothing left on the book), reduce_only (would no longer reduce the position), trigger_rejected ' +
      '(a fired conditional order failed the checks of a new order)',
  })
  cancelReason?: CancelReason;

  // The options the order was placed with, named as in the request; each present only when set.
  @ApiPropertyOptional({ format: 'date-time', example: '2025-01-01T00:05:00.000Z', description: 'GTD expiry' })
  expiresAt?: string;

  @ApiPropertyOptional({ type: Boolean, example: true, description: 'true: the order only adds liquidity' })
  postOnly?: true;

  @ApiPropertyOptional({ enum: POST_ONLY_MODES, example: 'reject', description: 'with postOnly' })
  postOnlyMode?: PostOnlyMode;

  @ApiPropertyOptional({ type: Boolean, example: true, description: 'true: the order only reduces the position' })
  reduceOnly?: true;

  @ApiPropertyOptional({ enum: SELF_TRADE_PREVENTIONS, example: 'cancel_maker' })
  selfTradePrevention?: SelfTradePrevention;

  @ApiDecimal('price that fires a conditional order', '49000', false)
  triggerPrice?: string;

  @ApiPropertyOptional({ enum: TRIGGER_KINDS, example: 'stop' })
  triggerKind?: TriggerKind;

  @ApiPropertyOptional({ enum: TRIGGER_REFERENCES, example: 'mark', description: 'the price the trigger watches' })
  triggerBy?: TriggerReference;
}

/** The options of an order as the API names them. */
export type OrderOptionsView = Pick<
  OrderView,
  | 'expiresAt'
  | 'postOnly'
  | 'postOnlyMode'
  | 'reduceOnly'
  | 'selfTradePrevention'
  | 'triggerPrice'
  | 'triggerKind'
  | 'triggerBy'
>;

/** The answer to placing or cancelling an order: its state, the fills it made at once, gateway times. */
export class OrderAckView extends OrderView {
  @ApiProperty({ type: [OrderFillView], description: 'fills this request caused (the order as taker)' })
  fills!: OrderFillView[];

  @ApiProperty({ description: 'when the gateway received the request, microseconds since the epoch' })
  inTimeUs!: number;

  @ApiProperty({ description: 'when the gateway answered, microseconds since the epoch' })
  outTimeUs!: number;
}

/** The answer to an amend: the order's new state, and whether it kept its place in the queue. */
export class AmendAckView extends OrderAckView {
  @ApiProperty({
    description:
      'true when the price stayed and the size did not grow; otherwise the order re-entered at the back of its level',
  })
  priorityKept!: boolean;
}

/** The answer to a cancel-all. */
export class CancelAllView {
  @ApiProperty({ type: [String], example: ['o_lq2x8k0ab3f9d2c1e4g7h'], description: 'orders this request cancelled' })
  cancelledOrderIds!: string[];

  @ApiProperty({ description: 'false (status 202) when some markets had not answered in time' })
  complete!: boolean;

  @ApiProperty({ type: [String], example: [], description: 'markets whose answer is still missing' })
  pendingMarkets!: string[];

  @ApiProperty({ description: 'when the gateway received the request, microseconds since the epoch' })
  inTimeUs!: number;

  @ApiProperty({ description: 'when the gateway answered, microseconds since the epoch' })
  outTimeUs!: number;
}

/** One of the account's executions. */
export class FillView {
  @ApiProperty()
  tradeId!: string;

  @ApiProperty()
  orderId!: string;

  @ApiProperty()
  market!: string;

  @ApiProperty({ enum: ['buy', 'sell'] })
  side!: 'buy' | 'sell';

  @ApiDecimal('execution price', '50000.5')
  price!: string;

  @ApiDecimal('executed size', '0.01')
  quantity!: string;

  @ApiProperty({ enum: ['taker', 'maker'] })
  liquidity!: 'taker' | 'maker';

  @ApiPropertyOptional({ type: String, format: 'decimal', description: 'fee in USDC (negative: rebate)' })
  fee?: string;

  @ApiProperty({ description: 'execution time, microseconds since the epoch' })
  timestampUs!: number;
}
