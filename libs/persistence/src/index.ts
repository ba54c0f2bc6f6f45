export * from './accounts';
export * from './admin';
export * from './api-keys';
export * from './audit-log';
export * from './database';
export * from './deposits';
export * from './engine-snapshots';
export * from './fixtures';
export * from './markets';
export * from './migrator';
export * from './secrets';
export {
  InvalidBatchError,
  type FillRecord,
  type JournalRecord,
  type OffsetCommit,
  type OrderState,
  type PositionState,
  type SettlementBatch,
  type StreamProgress,
} from './settlement-batch';
export * from './settlement-start';
export * from './settlement-writer';
export type { PrismaClient } from './generated/prisma/client';
