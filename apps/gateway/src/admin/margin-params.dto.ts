import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { BTC_PORTFOLIO_PARAMS as BTC } from '@exchange/margin';

/**
 * The OpenAPI shape of libs/margin's `PortfolioMarginParams` (margin-model.md sections 2 to 4), with
 * the BTC defaults as examples. Documentation only: the body is checked by the engine's own
 * `parsePortfolioMarginParams`, whose ranges decide; the ranges below are there to read.
 */
const Field =
  (description: string, example: number): PropertyDecorator =>
  (target, key) =>
    ApiProperty({ type: Number, description, example })(target, key);

export class LinearMarginParamsView {
  @Field('IM rate of perpetuals and futures, 0 < x < 1', BTC.linear.initialRate)
  initialRate!: number;

  @Field('MM rate, 0 < x < 1, at most initialRate', BTC.linear.maintenanceRate)
  maintenanceRate!: number;

  @Field('rate added per coin of position (also m_inc of the grid), 0 to 0.01', BTC.linear.incrementPerCoin)
  incrementPerCoin!: number;
}

export class ShortOptionRatesView {
  @Field('IM = max(initialRate S - OTM, initialFloorRate S) + mark', BTC.shortOption.initialRate)
  initialRate!: number;

  @Field('at most initialRate', BTC.shortOption.initialFloorRate)
  initialFloorRate!: number;

  @Field('MM rate, at most initialFloorRate', BTC.shortOption.maintenanceRate)
  maintenanceRate!: number;
}

export class VolShockParamsView {
  @Field('s_up = max(upFloor, s (1 + up k)), k = (referenceDays / max(DTE, minDays))^p', BTC.volShock.up)
  up!: number;

  @Field('floor of the shocked-up vol', BTC.volShock.upFloor)
  upFloor!: number;

  @Field('s_down = max(0, s (1 - down k)), 0 to 1', BTC.volShock.down)
  down!: number;

  @Field('days', BTC.volShock.referenceDays)
  referenceDays!: number;

  @Field('days', BTC.volShock.minDays)
  minDays!: number;

  @Field('p below termSplitDays to expiry', BTC.volShock.shortTermPower)
  shortTermPower!: number;

  @Field('p from termSplitDays on', BTC.volShock.longTermPower)
  longTermPower!: number;

  @Field('days', BTC.volShock.termSplitDays)
  termSplitDays!: number;
}

export class RollShockParamsView {
  @Field('|delta_e| S max(floor, e^(annualRate T_e) - 1); perps and spot use the floor', BTC.roll.floor)
  floor!: number;

  @Field('0 to 1', BTC.roll.annualRate)
  annualRate!: number;
}

export class DeltaShockParamsView {
  @Field('USD of |D| S above which the charge applies', BTC.deltaShock.thresholdUsd)
  thresholdUsd!: number;

  @Field('rate x (|D| S - threshold), 0 to 1', BTC.deltaShock.rate)
  rate!: number;
}

export class HedgeFirstParamsView {
  @Field('r_fast = max(fastFloor, z s_1h) + m_inc |D|', BTC.hedgeFirst.fastFloor)
  fastFloor!: number;

  @Field('0 to 10', BTC.hedgeFirst.z)
  z!: number;

  @Field('contingency per net short option per (expiry, strike), fraction of S', BTC.hedgeFirst.shortOptionRate)
  shortOptionRate!: number;

  @Field('IM floor ((netDeltaRate + m_inc |D|) |D| + hedgedDeltaRate hedged) S', BTC.hedgeFirst.netDeltaRate)
  netDeltaRate!: number;

  @Field('see netDeltaRate', BTC.hedgeFirst.hedgedDeltaRate)
  hedgedDeltaRate!: number;
}

export class PriceRangeParamsView {
  @Field('R_t = clamp(multiplier s_daily, min, max)', BTC.priceRangeModel.multiplier)
  multiplier!: number;

  @Field('0 < x < 1, at most max', BTC.priceRangeModel.min)
  min!: number;

  @Field('0 < x < 1', BTC.priceRangeModel.max)
  max!: number;

  @Field('largest fall of R_t in a day, 0 to 1', BTC.priceRangeModel.maxDailyDecrease)
  maxDailyDecrease!: number;

  @Field('R_t never below worstFloor x the worst range seen, 0 to 1', BTC.priceRangeModel.worstFloor)
  worstFloor!: number;

  @Field('EWMA decay of squared daily returns', BTC.priceRangeModel.ewmaLambda)
  ewmaLambda!: number;
}

export class PortfolioMarginParamsView {
  @ApiProperty({
    example: BTC.version,
    pattern: '^[A-Za-z0-9._:-]{1,64}$',
    description: 'names this structure for ever: margin reports echo it so a result can be reproduced',
  })
  version!: string;

  @ApiProperty({ example: BTC.underlying, description: 'the underlying of the path' })
  underlying!: string;

  @ApiProperty({ type: LinearMarginParamsView })
  linear!: LinearMarginParamsView;

  @ApiProperty({ type: ShortOptionRatesView, description: 'standard margin of a short option, fractions of S' })
  shortOption!: ShortOptionRatesView;

  @Field('the grid’s price range R unless the market supplies R_t, 0 < x < 1', BTC.priceRange)
  priceRange!: number;

  @ApiProperty({
    type: 'integer',
    example: BTC.priceBuckets,
    description: 'moves R j / buckets for j = -buckets..buckets, 1 to 20',
  })
  priceBuckets!: number;

  @ApiProperty({ type: VolShockParamsView })
  volShock!: VolShockParamsView;

  @ApiProperty({
    type: [Number],
    example: BTC.extendedMoves,
    description: 'extended price moves as fractions, each above -1, at most 20',
  })
  extendedMoves!: number[];

  @Field('D of the extended-move dampener, USD', BTC.dampenerUsd)
  dampenerUsd!: number;

  @ApiProperty({ type: RollShockParamsView })
  roll!: RollShockParamsView;

  @ApiProperty({ type: DeltaShockParamsView })
  deltaShock!: DeltaShockParamsView;

  @Field('MM = maintenanceShare x IM before open orders, 0 < x <= 1', BTC.maintenanceShare)
  maintenanceShare!: number;

  @ApiProperty({ type: HedgeFirstParamsView })
  hedgeFirst!: HedgeFirstParamsView;

  @ApiProperty({ type: PriceRangeParamsView })
  priceRangeModel!: PriceRangeParamsView;
}

export class CurrentMarginParamsView {
  @ApiProperty({ example: 'portfolio-margin-1', description: 'version of the whole set, as the risk service names it' })
  paramsVersion!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(PortfolioMarginParamsView) },
    description: 'the parameters per underlying',
  })
  byUnderlying!: Record<string, PortfolioMarginParamsView>;
}
