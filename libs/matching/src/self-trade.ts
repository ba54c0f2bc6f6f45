import type { SelfTradePrevention } from '@exchange/domain';

/**
 * Self-trade prevention, decided by the taker's mode when it meets a resting order of its own
 * account: no fill ever has the same account on both sides.
 */
export const DEFAULT_SELF_TRADE_PREVENTION: SelfTradePrevention = 'cancel_maker';

/** The own resting order is cancelled (cancel_maker, cancel_both); with cancel_maker the taker keeps matching. */
export const cancelsMaker = (mode: SelfTradePrevention): boolean => mode !== 'cancel_taker';

/** The taker's remainder is cancelled and it stops matching (cancel_taker, cancel_both). */
export const cancelsTaker = (mode: SelfTradePrevention): boolean => mode !== 'cancel_maker';
