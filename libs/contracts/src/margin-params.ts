import { defineTopic, hasString } from './topic';

/**
 * Staff replaced an underlying's margin parameters: the whole typed structure of libs/margin
 * (`PortfolioMarginParams`), under a new version, validated by the gateway before it is sent.
 */
export interface MarginParamsUpdate {
  readonly underlying: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly timestampMs: number;
  readonly source: 'staff';
}

/** gateway (staff) -> portfolio-margin. One partition: versions stay in the order staff set them. */
export const MARGIN_PARAMS = defineTopic<MarginParamsUpdate>(
  'margin.params',
  1,
  (m) => m.underlying,
  (record) => hasString(record, 'underlying') && typeof record.params === 'object' && record.params !== null,
);
