import { MATCHING_EVENTS } from '@exchange/contracts';
import { Database, loadSettlementStart, SETTLEMENT_CONSUMER, SettlementWriter } from '@exchange/persistence';
import type { StreamChanges } from './settlement-projector';
import type { SettlementStore } from './settlement-store';

/** SettlementStore on Postgres: the persistence library's writer and start-up snapshot. */
export class PostgresSettlementStore implements SettlementStore {
  private readonly writer: SettlementWriter;

  constructor(private readonly database: Database) {
    this.writer = new SettlementWriter(database);
  }

  loadStart(): ReturnType<SettlementStore['loadStart']> {
    return loadSettlementStart(this.database);
  }

  async write(changes: readonly StreamChanges[], input: { partition: number; nextOffset: string }): Promise<void> {
    await this.writer.applyBatch({
      consumer: SETTLEMENT_CONSUMER,
      streams: changes.map(({ market, lastSeq }) => ({ stream: market, lastSeq })),
      offsets: [{ topic: MATCHING_EVENTS.name, partition: input.partition, nextOffset: input.nextOffset }],
      journals: changes.flatMap((stream) => stream.journals.map((journal) => ({ ...journal, market: stream.market }))),
      orders: changes.flatMap((stream) => [...stream.orders.values()]),
      positions: changes.flatMap((stream) => [...stream.positions.values()]),
      fills: changes.flatMap((stream) => stream.fills),
    });
  }

  async ping(): Promise<boolean> {
    try {
      await this.database.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
