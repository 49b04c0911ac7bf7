import { type DocumentNode, getOperationAST, Kind, type SelectionSetNode, type ValueNode } from 'graphql';
import { linearSchema } from './linear-schema.ts';

/**
 * Linear's rate limits (https://linear.app/developers/rate-limiting): a requests budget and a complexity budget
 * per hour, plus some operations with their own limit. Linear describes leaky buckets; the sandbox uses fixed
 * windows so a test can count on "the 31st search within a minute". The hourly numbers have changed across
 * versions of that page (UNCONFIRMED today): clients must read the headers, never these constants.
 */
export const REQUESTS_PER_HOUR = 5_000;
export const COMPLEXITY_PER_HOUR = 200_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** One budget: `limit` per `periodMs`, counted from the first use in the window. Resets are epoch ms (L2). */
export class Bucket {
  used = 0;
  start = 0;
  constructor(
    readonly limit: number,
    readonly periodMs: number,
  ) {}
  roll(now: number): this {
    if (now - this.start >= this.periodMs) Object.assign(this, { used: 0, start: now });
    return this;
  }
  take(amount: number) {
    this.used = Math.min(this.limit, this.used + amount);
  }
  remaining() {
    return this.limit - this.used;
  }
  reset() {
    return this.start + this.periodMs;
  }
}

export type RateLimits = {
  requests: Bucket;
  complexity: Bucket;
  /** Per-endpoint buckets, by `<user id> <root field>`: Linear counts an OAuth app's budget per user. */
  endpoints: Map<string, Bucket>;
};

export const createRateLimits = (): RateLimits => ({
  requests: new Bucket(REQUESTS_PER_HOUR, HOUR_MS),
  complexity: new Bucket(COMPLEXITY_PER_HOUR, HOUR_MS),
  endpoints: new Map(),
});

let perMinute: Map<string, number> | undefined;

/**
 * Root fields with their own limit, read from the schema's own field descriptions: `searchIssues`,
 * `searchDocuments`, `searchProjects`, `semanticSearch`… say "Rate-limited to 30 requests per minute"
 * (vendor/contracts/linear/schema.graphql).
 */
export function endpointLimit(field: string): number | undefined {
  if (!perMinute) {
    perMinute = new Map();
    for (const [name, definition] of Object.entries(linearSchema().getQueryType()?.getFields() ?? {})) {
      const match = /Rate-limited to (\d+) requests per minute/.exec(definition.description ?? '');
      if (match) perMinute.set(name, Number(match[1]));
    }
  }
  return perMinute.get(field);
}

/** The endpoint bucket a request draws on (its first limited root field), rolled to `now`. */
export function endpointBucket(limits: RateLimits, account: string, fields: string[], now: number) {
  const name = fields.find((field) => endpointLimit(field) !== undefined);
  if (!name) return undefined;
  const key = `${account} ${name}`;
  const bucket = limits.endpoints.get(key) ?? new Bucket(endpointLimit(name)!, MINUTE_MS);
  limits.endpoints.set(key, bucket);
  return { name, bucket: bucket.roll(now) };
}

/**
 * A query's complexity as L2 describes it: each property 0.1 point, each object 1 point, and a connection
 * multiplies its children by `first`/`last` (50 when absent); rounded up. An approximation: the sandbox treats
 * any selection with `nodes` or `edges` as a connection.
 */
export function estimateComplexity(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const number = (node: ValueNode | undefined): number | undefined => {
    if (node?.kind === Kind.INT) return Number(node.value);
    const value = node?.kind === Kind.VARIABLE ? variables[node.name.value] : undefined;
    return typeof value === 'number' ? value : undefined;
  };
  const cost = (set: SelectionSetNode): number =>
    set.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + cost(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        return sum + (fragment ? cost(fragment.selectionSet) : 0);
      }
      if (!selection.selectionSet) return sum + 0.1;
      const argument = (name: string) =>
        number(selection.arguments?.find((a) => a.name.value === name)?.value);
      const isConnection = selection.selectionSet.selections.some(
        (child) =>
          child.kind === Kind.FIELD && (child.name.value === 'nodes' || child.name.value === 'edges'),
      );
      const size = isConnection ? (argument('first') ?? argument('last') ?? 50) : 1;
      return sum + 1 + size * cost(selection.selectionSet);
    }, 0);
  const operation = getOperationAST(document, operationName);
  return operation ? Math.ceil(Math.round(cost(operation.selectionSet) * 10) / 10) : 0;
}
