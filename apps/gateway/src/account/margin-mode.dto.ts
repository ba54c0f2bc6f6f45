import { ApiProperty } from '@nestjs/swagger';
import type { MarginMode } from '@exchange/contracts';
import { IsIn } from 'class-validator';

export const MARGIN_MODES: readonly MarginMode[] = ['standard', 'portfolio'];

export class SetMarginModeBody {
  @ApiProperty({
    enum: MARGIN_MODES,
    description: 'standard: each market margined on its own; portfolio: each underlying margined as one risk unit',
  })
  @IsIn(MARGIN_MODES)
  mode!: MarginMode;
}

export class MarginModeView {
  @ApiProperty({ enum: MARGIN_MODES, description: 'the margin model now in force for the account' })
  marginMode!: MarginMode;
}
