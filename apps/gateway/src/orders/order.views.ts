import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TimeInForce } from '@exchange/domain';
import type { StoredOrderStatus } from '../adapters/store.port';
import { ApiDecimal } from '../http/api-docs';

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

  @ApiProperty({ enum: ['GTC', 'IOC'] })
  timeInForce!: TimeInForce;

  @ApiProperty({ type: String, nullable: true, format: 'decimal', description: 'limit price; null for market orders' })
  price!: string | null;

  @ApiDecimal('ordered size', '0.01')
  quantity!: string;

  @ApiDecimal('executed size', '0')
  filledQuantity!: string;

  @ApiDecimal('size still working on the book; 0 once filled or cancelled', '0.01')
  remainingQuantity!: string;

  @ApiDecimal('volume-weighted fill price; absent without fills', '50000.5', false)
  averagePrice?: string;

  @ApiProperty({ enum: ['open', 'partially_filled', 'filled', 'cancelled', 'rejected'] })
  status!: StoredOrderStatus;
}

/** The answer to placing or cancelling an order: its state, the fills it made at once, gateway times. */
export class OrderAckView extends OrderView {
  @ApiProperty({ type: [OrderFillView], description: 'fills this request caused (the order as taker)' })
  fills!: OrderFillView[];

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
