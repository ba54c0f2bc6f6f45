export * from './accounts';
export { ceilDiv, floorDiv } from './bigint-math';
export * from './fees';
export { type Journal, type JournalKind, type LedgerEntry, UnbalancedJournalError, assertBalanced } from './journal';
export * from './market-units';
export * from './position';
export * from './settlement';
export * from './transfers';
