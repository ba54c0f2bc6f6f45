import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MarginMode } from '@exchange/contracts';
import { ApiDecimal } from '../http/api-docs';
import { MARGIN_MODES } from './margin-mode.dto';

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

/** One risk unit's requirement: an underlying under portfolio margin, a market under standard margin. */
export class MarginUnitView {
  @ApiProperty({ example: 'BTC', description: 'underlying (portfolio margin) or market symbol (standard margin)' })
  unit!: string;

  @ApiDecimal('initial margin of the unit', '500')
  initialMargin!: string;

  @ApiDecimal('maintenance margin of the unit', '250')
  maintenanceMargin!: string;
}

/** USDC decimals, from the risk engine's latest margin state. */
export class MarginView {
  @ApiProperty({
    enum: MARGIN_MODES,
    nullable: true,
    description: 'the margin model the figures were computed with; null before the first margin state',
  })
  marginMode!: MarginMode | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'btc-eth-2025-01',
    description: 'version of the margin parameters used, to reproduce the figures; null before the first margin state',
  })
  paramsVersion!: string | null;

  @ApiDecimal('collateral after initial-margin haircuts plus unrealized PnL: what covers initial margin', '10000')
  equity!: string;

  @ApiDecimal(
    'collateral after maintenance-margin haircuts plus unrealized PnL: what covers maintenance margin',
    '10000',
  )
  maintenanceEquity!: string;

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

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.025,
    description: 'maintenance margin / maintenance equity; null when that equity is not positive',
  })
  marginRatio!: number | null;

  @ApiProperty({ description: 'maintenance equity is below maintenance margin: the account is due for liquidation' })
  belowMaintenance!: boolean;

  @ApiProperty({ type: [MarginUnitView], description: 'the requirement per risk unit' })
  units!: MarginUnitView[];

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
