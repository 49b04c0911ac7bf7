import { linearError } from './linear-errors.ts';

type Comparator = Record<string, unknown>;

function compare(value: unknown, other: unknown): number {
  if (typeof value === 'string' && typeof other === 'string') {
    const a = Date.parse(value);
    const b = Date.parse(other);
    if (!Number.isNaN(a) && !Number.isNaN(b) && /^\d{4}-/.test(value)) return a - b;
    return value < other ? -1 : value > other ? 1 : 0;
  }
  return Number(value) - Number(other);
}

/** Applies one Linear comparator (`{ eq, neq, in, nin, gt, gte, lt, lte, null, ...IgnoreCase }`) to a value. */
export function matchesComparator(value: unknown, comparator: Comparator): boolean {
  const lower = (text: unknown) => String(text ?? '').toLowerCase();
  return Object.entries(comparator).every(([operator, operand]) => {
    switch (operator) {
      case 'eq':
        return value === operand;
      case 'neq':
        return value !== operand;
      case 'in':
        return Array.isArray(operand) && operand.includes(value);
      case 'nin':
        return Array.isArray(operand) && !operand.includes(value);
      case 'gt':
        return value !== null && compare(value, operand) > 0;
      case 'gte':
        return value !== null && compare(value, operand) >= 0;
      case 'lt':
        return value !== null && compare(value, operand) < 0;
      case 'lte':
        return value !== null && compare(value, operand) <= 0;
      case 'null':
        return operand ? value === null || value === undefined : value !== null && value !== undefined;
      case 'eqIgnoreCase':
        return lower(value) === lower(operand);
      case 'neqIgnoreCase':
        return lower(value) !== lower(operand);
      case 'contains':
        return String(value ?? '').includes(String(operand));
      case 'containsIgnoreCase':
        return lower(value).includes(lower(operand));
      case 'startsWith':
        return String(value ?? '').startsWith(String(operand));
      case 'startsWithIgnoreCase':
        return lower(value).startsWith(lower(operand));
      default:
        throw unsupported(operator);
    }
  });
}

function unsupported(what: string) {
  return linearError(
    'invalid input',
    `The sandbox does not support the filter "${what}"`,
    `Filtering by ${what} is not supported here.`,
  );
}

/**
 * Evaluates a Linear filter object (`{ team: { key: { eq: "ENG" } }, updatedAt: { gt: ... }, and, or }`)
 * against a record. `fields` maps each supported field to a value (comparator) or, for relations, to the
 * related record and its own fields. Unknown fields raise an error rather than being silently ignored.
 */
export function matchesFilter(
  record: unknown,
  filter: Record<string, unknown> | null | undefined,
  fields: Record<string, FieldReader>,
): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([name, condition]) => {
    if (condition === null || condition === undefined) return true;
    if (name === 'and')
      return (condition as Record<string, unknown>[]).every((f) => matchesFilter(record, f, fields));
    if (name === 'or')
      return (condition as Record<string, unknown>[]).some((f) => matchesFilter(record, f, fields));
    const reader = fields[name];
    if (!reader) throw unsupported(name);
    if (typeof reader === 'function') return matchesComparator(reader(record), condition as Comparator);
    const related = reader.get(record);
    if (related === undefined || related === null) {
      return (condition as Comparator).null === true;
    }
    const { null: isNull, ...rest } = condition as Comparator;
    if (isNull === true) return false;
    return matchesFilter(related, rest, reader.fields);
  });
}

/** A field reader: a scalar getter, or a relation with its own readable fields. */
export type FieldReader =
  // biome-ignore lint/suspicious/noExplicitAny: readers are written per record type
  ((record: any) => unknown) | { get: (record: any) => unknown; fields: Record<string, FieldReader> };

export type PageArgs = {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
};

/** Linear's default page size when `first`/`last` are absent. */
const DEFAULT_PAGE_SIZE = 50;

/**
 * Relay pagination over an already filtered and ordered list, as Linear does it: `first`/`after` or
 * `last`/`before`, cursors are the items' ids, `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`.
 */
export function paginate<T extends { id: string }, N>(items: T[], args: PageArgs, toNode: (item: T) => N) {
  const indexOf = (cursor: string) => {
    const index = items.findIndex((item) => item.id === cursor);
    if (index < 0)
      throw linearError('invalid input', `Invalid cursor: ${cursor}`, 'The pagination cursor is invalid.');
    return index;
  };
  let start = args.after ? indexOf(args.after) + 1 : 0;
  let end = args.before ? indexOf(args.before) : items.length;
  for (const size of [args.first, args.last]) {
    if (size !== null && size !== undefined && size < 0) {
      throw linearError(
        'invalid input',
        'Argument Validation Error: first/last must be positive',
        'Invalid page size.',
      );
    }
  }
  if (args.last !== null && args.last !== undefined && (args.first === null || args.first === undefined)) {
    start = Math.max(start, end - args.last);
  } else {
    end = Math.min(end, start + (args.first ?? DEFAULT_PAGE_SIZE));
  }
  const page = items.slice(start, end);
  const nodes = page.map(toNode);
  return {
    nodes,
    edges: page.map((item, index) => ({ node: nodes[index], cursor: item.id })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: page[0]?.id ?? null,
      endCursor: page.at(-1)?.id ?? null,
    },
  };
}

/** Orders by `createdAt` (Linear's default) or `updatedAt`, newest first; the sort is stable, so ties keep their order. */
export function orderRecords<T extends { createdAt: string; updatedAt?: string }>(
  items: T[],
  orderBy: string | null | undefined,
): T[] {
  const key = orderBy === 'updatedAt' ? 'updatedAt' : 'createdAt';
  return [...items].sort((a, b) =>
    String(b[key] ?? b.createdAt).localeCompare(String(a[key] ?? a.createdAt)),
  );
}
