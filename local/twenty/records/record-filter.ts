import { joinColumn, type ObjectDef, type ObjectModel } from './object-model.ts';
import type { StoredRecord } from './record-store.ts';

type Ops = Record<string, unknown>;
export type OrderBy = Record<string, unknown>;

const COMPOSITE = new Set(['LINKS', 'EMAILS', 'FULL_NAME', 'CURRENCY']);

/** SQL LIKE: `%` any run, `_` one character (Twenty's `like`/`ilike` go to Postgres as such). */
const likeToRegExp = (pattern: string, flags: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replaceAll('%', '.*')
      .replaceAll('_', '.')}$`,
    `s${flags}`,
  );

const comparable = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : value;

/**
 * One field's operators, with SQL's null rule: only `is: NULL` matches a null value (`neq` does not). Operators
 * as Twenty's filter inputs have them (`eq neq in is like ilike startsWith gt gte lt lte`).
 */
const matchOps = (value: unknown, ops: Ops): boolean => {
  for (const [op, want] of Object.entries(ops)) {
    if (want === undefined) continue;
    const isNull = value === null || value === undefined;
    if (op === 'is') {
      if ((want === 'NULL') !== isNull) return false;
      continue;
    }
    if (want === null) continue;
    if (isNull) return false;
    const a = comparable(value) as number | string;
    const b = comparable(want) as number | string;
    switch (op) {
      case 'eq':
        if (a !== b) return false;
        break;
      case 'neq':
        if (a === b) return false;
        break;
      case 'in':
        if (!(want as unknown[]).map(comparable).includes(a)) return false;
        break;
      case 'like':
      case 'ilike':
        if (!likeToRegExp(String(want), op === 'ilike' ? 'i' : '').test(String(value))) return false;
        break;
      case 'startsWith':
        if (!String(value).startsWith(String(want))) return false;
        break;
      case 'gt':
        if (!(a > b)) return false;
        break;
      case 'gte':
        if (!(a >= b)) return false;
        break;
      case 'lt':
        if (!(a < b)) return false;
        break;
      case 'lte':
        if (!(a <= b)) return false;
        break;
    }
  }
  return true;
};

export const matchesFilter = (
  model: ObjectModel,
  object: ObjectDef,
  record: StoredRecord,
  filter: Record<string, unknown>,
): boolean => {
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and') {
      if (!(value as Record<string, unknown>[]).every((sub) => matchesFilter(model, object, record, sub)))
        return false;
      continue;
    }
    if (key === 'or') {
      const subs = value as Record<string, unknown>[];
      if (subs.length > 0 && !subs.some((sub) => matchesFilter(model, object, record, sub))) return false;
      continue;
    }
    if (key === 'not') {
      if (matchesFilter(model, object, record, value as Record<string, unknown>)) return false;
      continue;
    }
    const field = object.fields.find((f) => f.name === key);
    if (field && COMPOSITE.has(field.type)) {
      const stored = (record[key] ?? {}) as Record<string, unknown>;
      for (const [sub, ops] of Object.entries(value as Record<string, Ops>)) {
        if (ops && !matchOps(stored[sub] ?? null, ops)) return false;
      }
      continue;
    }
    if (!matchOps(record[key] ?? null, value as Ops)) return false;
  }
  return true;
};

/** Twenty returns soft-deleted records only when the filter names `deletedAt`. */
export const mentionsDeletedAt = (filter: unknown): boolean => {
  if (Array.isArray(filter)) return filter.some(mentionsDeletedAt);
  if (!filter || typeof filter !== 'object') return false;
  return Object.entries(filter).some(([key, value]) => key === 'deletedAt' || mentionsDeletedAt(value));
};

const compareValues = (a: unknown, b: unknown, direction: string) => {
  const nullsFirst = direction.endsWith('NullsFirst');
  const desc = direction.startsWith('Desc');
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull === nullsFirst ? -1 : 1;
  const x = comparable(a) as number | string;
  const y = comparable(b) as number | string;
  const order = x < y ? -1 : x > y ? 1 : 0;
  return desc ? -order : order;
};

export const compareRecords = (
  object: ObjectDef,
  a: StoredRecord,
  b: StoredRecord,
  orderBy: OrderBy[],
): number => {
  for (const entry of orderBy) {
    for (const [key, direction] of Object.entries(entry ?? {})) {
      if (direction === null || direction === undefined) continue;
      const field = object.fields.find((f) => f.name === key || (f.relation && joinColumn(f) === key));
      if (field && COMPOSITE.has(field.type) && typeof direction === 'object') {
        for (const [sub, subDirection] of Object.entries(direction as Record<string, string>)) {
          const stored = (r: StoredRecord) => ((r[key] ?? {}) as Record<string, unknown>)[sub];
          const order = compareValues(stored(a), stored(b), subDirection);
          if (order !== 0) return order;
        }
        continue;
      }
      const order = compareValues(a[key], b[key], String(direction));
      if (order !== 0) return order;
    }
  }
  return 0;
};
