import type { Database } from './database';

/** Staff actions, append-only: the database rejects UPDATE, DELETE and TRUNCATE of audit_log. */
export class AuditLog {
  constructor(private readonly database: Database) {}

  /** Stores the entry; bigints in `details` are stored as decimal strings. Returns its id. */
  async append(
    actor: string,
    action: string,
    target: string,
    details: Readonly<Record<string, unknown>>,
  ): Promise<string> {
    const json = JSON.stringify(details, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    const result = await this.database.pool.query<{ id: string }>(
      'INSERT INTO audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4::jsonb) RETURNING id',
      [actor, action, target, json],
    );
    return result.rows[0].id;
  }
}
