import type { OrderRecord, PositionRecord, StreamChanges } from './settlement-projector';

/** Where settlement keeps its state: the ledger database. One transaction per write. */
export interface SettlementStore {
  /** Open orders, positions, applied sequences and the next input offset per partition. */
  loadStart(): Promise<{
    readonly openOrders: readonly OrderRecord[];
    readonly positions: readonly PositionRecord[];
    readonly appliedSequences: Readonly<Record<string, number>>;
    readonly nextOffsets: Readonly<Record<number, string>>;
  }>;
  /**
   * Writes the changes of several markets and the next input offset of the partition they came
   * from, atomically: all of it or nothing.
   */
  write(
    changes: readonly StreamChanges[],
    input: { readonly partition: number; readonly nextOffset: string },
  ): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const SETTLEMENT_STORE = Symbol('SETTLEMENT_STORE');
