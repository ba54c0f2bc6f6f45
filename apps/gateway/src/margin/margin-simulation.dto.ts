import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MarginMode } from '@exchange/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MARGIN_MODES } from '../account/margin-mode.dto';
import { ApiDecimal } from '../http/api-docs';
import { Optional } from '../http/validation';
import { MARKET_SYMBOL } from '../markets/market-symbol';

export const MAX_SIMULATED_POSITIONS = 200;

export class SimulatedPositionBody {
  @ApiProperty({ example: 'BTC-25DEC26-60000-C' })
  @IsString()
  @Matches(MARKET_SYMBOL)
  market!: string;

  @ApiDecimal('signed size in coins, a non-zero multiple of the lot size; negative for a short', '-0.5')
  @IsString()
  @MaxLength(40)
  size!: string;
}

export class SimulateMarginBody {
  @ApiProperty({
    type: [SimulatedPositionBody],
    description: `hypothetical positions, at most ${MAX_SIMULATED_POSITIONS}; sizes of one market add up`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_SIMULATED_POSITIONS)
  @ValidateNested({ each: true })
  @Type(() => SimulatedPositionBody)
  positions!: SimulatedPositionBody[];

  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    description: 'add the account’s own positions and open orders to the hypothetical ones',
  })
  @Optional()
  @IsBoolean()
  includeAccount?: boolean;

  @ApiPropertyOptional({ enum: MARGIN_MODES, description: 'the margin model to use; the account’s own when absent' })
  @Optional()
  @IsIn(MARGIN_MODES)
  model?: MarginMode;
}

export class ScenarioRowView {
  @ApiProperty({ example: -0.15, description: 'price move of the underlying, as a fraction' })
  move!: number;

  @ApiProperty({ enum: ['up', 'same', 'down'] })
  volShock!: 'up' | 'same' | 'down';

  @ApiProperty({ description: 'an extended move, charged with its weight and dampener' })
  extended!: boolean;

  @ApiProperty({ example: -1250.5, description: 'PnL of the unit in this scenario, USD' })
  pnl!: number;

  @ApiProperty({ example: -1250.5, description: 'PnL as charged, USD' })
  charged!: number;
}

export class SimulatedUnitView {
  @ApiProperty({ example: 'BTC', description: 'underlying (portfolio margin) or market symbol (standard margin)' })
  unit!: string;

  @ApiDecimal('initial margin of the unit, USDC', '1250.5')
  initialMargin!: string;

  @ApiDecimal('maintenance margin of the unit, USDC', '625.25')
  maintenanceMargin!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    description: 'the parts of the requirement (losses, contingencies, floors), USD',
  })
  charges!: Record<string, number | null>;

  @ApiProperty({ type: [ScenarioRowView], description: 'the full scenario matrix; empty under standard margin' })
  scenarios!: ScenarioRowView[];
}

export class MarginSimulationView {
  @ApiProperty({ enum: MARGIN_MODES })
  model!: MarginMode;

  @ApiProperty({ example: 'btc-eth-2025-01', description: 'version of the parameters used' })
  paramsVersion!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the parameters used, per underlying' })
  params!: Record<string, unknown>;

  @ApiDecimal('initial margin, USDC', '1250.5')
  initialMargin!: string;

  @ApiDecimal('maintenance margin, USDC', '625.25')
  maintenanceMargin!: string;

  @ApiProperty({ type: [SimulatedUnitView] })
  units!: SimulatedUnitView[];
}
