import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from '../storage/database.ts';

/** A record as the core API sees it: system fields plus the object's fields (MANY_TO_ONE as `<name>Id`). */
export type StoredRecord = {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  position: number;
  [field: string]: unknown;
};

const SYSTEM = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt', 'position']);

const toRecord = (row: Record<string, unknown>): StoredRecord => ({
  ...(JSON.parse(String(row.data)) as Record<string, unknown>),
  id: String(row.id),
  createdAt: String(row.created_at),
  updatedAt: String(row.updated_at),
  deletedAt: row.deleted_at === null ? null : String(row.deleted_at),
  position: Number(row.position),
});

const dataOf = (values: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(values).filter(([key]) => !SYSTEM.has(key))));

/** Workspace records in the runtime's SQLite (`workspace_records`, migration 6). */
export class WorkspaceRecords {
  constructor(private readonly db: DatabaseSync) {}

  /** Every record of an object, soft-deleted ones included (the caller filters). */
  all(object: string): StoredRecord[] {
    return this.db
      .prepare('SELECT * FROM workspace_records WHERE object = ? ORDER BY position, created_at, id')
      .all(object)
      .map(toRecord);
  }

  get(object: string, id: string): StoredRecord | null {
    const row = this.db
      .prepare('SELECT * FROM workspace_records WHERE object = ? AND id = ?')
      .get(object, id);
    return row ? toRecord(row) : null;
  }

  count(object: string): number {
    return Number(
      this.db.prepare('SELECT COUNT(*) AS n FROM workspace_records WHERE object = ?').get(object)?.n ?? 0,
    );
  }

  insert(object: string, values: Record<string, unknown>, now = new Date().toISOString()): StoredRecord {
    const id = typeof values.id === 'string' && values.id ? values.id : randomUUID();
    const position =
      typeof values.position === 'number'
        ? values.position
        : Number(
            this.db
              .prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM workspace_records WHERE object = ?')
              .get(object)?.p ?? 1,
          );
    this.db
      .prepare(
        'INSERT INTO workspace_records (object, id, data, created_at, updated_at, deleted_at, position) VALUES (?, ?, ?, ?, ?, NULL, ?)',
      )
      .run(object, id, dataOf(values), now, now, position);
    return this.get(object, id)!;
  }

  update(object: string, id: string, values: Record<string, unknown>): StoredRecord | null {
    const current = this.get(object, id);
    if (!current) return null;
    const merged = { ...current, ...values };
    this.db
      .prepare(
        'UPDATE workspace_records SET data = ?, updated_at = ?, position = ? WHERE object = ? AND id = ?',
      )
      .run(
        dataOf(merged),
        new Date().toISOString(),
        typeof values.position === 'number' ? values.position : current.position,
        object,
        id,
      );
    return this.get(object, id);
  }

  setDeletedAt(object: string, id: string, deletedAt: string | null): StoredRecord | null {
    this.db
      .prepare('UPDATE workspace_records SET deleted_at = ?, updated_at = ? WHERE object = ? AND id = ?')
      .run(deletedAt, new Date().toISOString(), object, id);
    return this.get(object, id);
  }

  destroy(object: string, id: string): boolean {
    return (
      Number(
        this.db.prepare('DELETE FROM workspace_records WHERE object = ? AND id = ?').run(object, id).changes,
      ) > 0
    );
  }

  transaction<T>(work: () => T): T {
    return inTransaction(this.db, work);
  }
}
