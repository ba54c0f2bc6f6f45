import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDecimal } from '../http/api-docs';

export class BalanceView {
  @ApiProperty({ example: 'USDC' })
  asset!: string;

  @ApiDecimal('amount in the asset', '10000')
  amount!: string;
}

export class PositionView {
  @ApiProperty({ example: 'BTC-PERP' })
  market!: string;

  @ApiDecimal('size in coins, negative for a short', '-0.5')
  size!: string;

  @ApiProperty({ type: String, nullable: true, format: 'decimal', description: 'average entry price; null when flat' })
  entryPrice!: string | null;

  @ApiDecimal('latest mark price', '50010', false)
  markPrice?: string;

  @ApiDecimal('PnL at the mark price, USDC (rounded down)', '-5', false)
  unrealizedPnl?: string;

  @ApiDecimal('realized PnL, USDC', '12.5')
  realizedPnl!: string;
}

/** USDC decimals, from the risk engine's latest margin state. */
export class MarginView {
  @ApiDecimal('collateral value plus unrealized PnL', '10000')
  equity!: string;

  @ApiDecimal('initial margin requirement', '0')
  initialMargin!: string;

  @ApiDecimal('maintenance margin requirement', '0')
  maintenanceMargin!: string;

  @ApiDecimal('equity minus initial margin and open-order holds', '10000')
  available!: string;

  @ApiDecimal('collateral value after haircuts', '10000')
  collateral!: string;

  @ApiDecimal('unrealized PnL over all positions', '0')
  unrealizedPnl!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'ISO time of the margin state; null before the first',
  })
  updatedAt!: string | null;
}

export class AccountView {
  @ApiProperty()
  accountId!: string;

  @ApiProperty({ type: [BalanceView] })
  balances!: BalanceView[];

  @ApiProperty({ type: [PositionView] })
  positions!: PositionView[];

  @ApiProperty({ type: MarginView })
  margin!: MarginView;
}
