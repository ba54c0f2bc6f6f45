export { BTC_PERP, ETH_PERP } from '@exchange/domain';

/** Micro-USDC per USDC. */
export const USDC = 1_000_000n;
