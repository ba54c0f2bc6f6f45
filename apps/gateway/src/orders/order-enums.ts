import type {
  DoneReason,
  PostOnlyMode,
  SelfTradePrevention,
  TimeInForce,
  TriggerKind,
  TriggerReference,
} from '@exchange/domain';

/** The allowed values of the order API's enumerated fields, for validation and the OpenAPI document. */
export const API_TIMES_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'GTD'];
export const POST_ONLY_MODES: readonly PostOnlyMode[] = ['reject', 'reprice'];
export const SELF_TRADE_PREVENTIONS: readonly SelfTradePrevention[] = ['cancel_maker', 'cancel_taker', 'cancel_both'];
export const TRIGGER_KINDS: readonly TriggerKind[] = ['stop', 'take_profit'];
export const TRIGGER_REFERENCES: readonly TriggerReference[] = ['mark', 'last'];

/** Why a cancelled order left the book: every done reason but `filled`. */
export type CancelReason = Exclude<DoneReason, 'filled'>;
export const CANCEL_REASONS: readonly CancelReason[] = [
  'cancelled',
  'unfilled_ioc',
  'no_liquidity',
  'self_trade_prevented',
  'expired',
  'unfilled_fok',
  'reduce_only',
  'trigger_rejected',
];
