import {
  type DocumentNode,
  execute,
  type GraphQLError,
  getOperationAST,
  Kind,
  parse,
  validate,
} from 'graphql';
import type { SandboxFailure } from '../sandbox.ts';
import type { OAuthServer } from '../shared/index.ts';
import { jsonResponse, readBearer, readBody } from '../shared/index.ts';
import type { LinearChange, LinearData } from './linear-data.ts';
import { AUTHENTICATION_ERROR_BODY, RATELIMITED_BODY } from './linear-errors.ts';
import { mutationRoot } from './linear-mutations.ts';
import { queryRoot } from './linear-queries.ts';
import { type Bucket, endpointBucket, estimateComplexity, type RateLimits } from './linear-rate-limits.ts';
import { linearFieldResolver, linearSchema } from './linear-schema.ts';

/** What the GraphQL endpoint needs from the sandbox. */
export type GraphqlDeps = {
  oauth: OAuthServer;
  data: () => LinearData;
  now: () => number;
  /** Takes the queued failure matching any of the given operations, if one is queued. */
  takeFailure: (operations: string[]) => SandboxFailure | undefined;
  rateLimits: RateLimits;
  /** Told of each committed change (the app's webhook). */
  emit?: (change: LinearChange) => void;
};

/** Outcome: the response, the operation name for the call log, and the parsed body. */
export type GraphqlOutcome = {
  response: Response;
  operation: string;
  body: unknown;
  failure?: SandboxFailure;
  /** The document's complexity, once it parsed and validated. */
  complexity?: number;
  /** The per-endpoint bucket the request drew on, if its root field has one. */
  endpoint?: { name: string; bucket: Bucket };
};

function badRequest(message: string, operation = 'graphql', body: unknown = {}): GraphqlOutcome {
  return {
    response: jsonResponse(
      { errors: [{ message, extensions: { type: 'invalid input', code: 'GRAPHQL_PARSE_FAILED' } }] },
      400,
    ),
    operation,
    body,
  };
}

/** The root fields of the operation a document runs, e.g. `['issueCreate']`. */
function rootFields(document: DocumentNode, operationName?: string): string[] {
  const operation = getOperationAST(document, operationName);
  return (operation?.selectionSet.selections ?? []).flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : [],
  );
}

/**
 * `POST https://api.linear.app/graphql`: parse and validate against Linear's schema (HTTP 400 on an invalid
 * document), authenticate the Bearer token (HTTP 401 `AUTHENTICATION_ERROR`), apply a queued failure, apply the
 * rate limits, then execute. Headers, as https://linear.app/developers/rate-limiting names them (resets in UTC
 * epoch milliseconds): `X-RateLimit-Requests-*` on every reply; `X-Complexity` and `X-RateLimit-Complexity-*`
 * once the document is known; `X-RateLimit-Endpoint-Requests-*` and `X-RateLimit-Endpoint-Name` on operations
 * with their own limit. Whether Linear also sends `retry-after` is UNCONFIRMED (its SDK reads it when present,
 * packages/sdk/src/error.ts); the sandbox does not.
 */
export async function handleGraphql(request: Request, deps: GraphqlDeps): Promise<GraphqlOutcome> {
  const now = deps.now();
  const { requests, complexity } = deps.rateLimits;
  requests.roll(now);
  complexity.roll(now);
  const outcome = await run(request, deps, now);
  requests.take(1);
  const headers = outcome.response.headers;
  const failed = outcome.failure?.kind === 'rate-limit' ? outcome.failure : undefined;
  headers.set('X-RateLimit-Requests-Limit', String(requests.limit));
  headers.set('X-RateLimit-Requests-Remaining', String(failed ? 0 : requests.remaining()));
  headers.set(
    'X-RateLimit-Requests-Reset',
    String(failed ? now + (failed.retryAfterSeconds ?? 60) * 1000 : requests.reset()),
  );
  if (outcome.complexity !== undefined) {
    headers.set('X-Complexity', String(outcome.complexity));
    headers.set('X-RateLimit-Complexity-Limit', String(complexity.limit));
    headers.set('X-RateLimit-Complexity-Remaining', String(complexity.remaining()));
    headers.set('X-RateLimit-Complexity-Reset', String(complexity.reset()));
  }
  if (outcome.endpoint) {
    const { name, bucket } = outcome.endpoint;
    headers.set('X-RateLimit-Endpoint-Name', name);
    headers.set('X-RateLimit-Endpoint-Requests-Limit', String(bucket.limit));
    headers.set('X-RateLimit-Endpoint-Requests-Remaining', String(bucket.remaining()));
    headers.set('X-RateLimit-Endpoint-Requests-Reset', String(bucket.reset()));
  }
  return outcome;
}

async function run(request: Request, deps: GraphqlDeps, now: number): Promise<GraphqlOutcome> {
  if (request.method !== 'POST') return badRequest('GraphQL requests must be POST with a JSON body');
  const parsed = await readBody(request);
  if (parsed.kind !== 'json')
    return badRequest('Request body must be JSON: { "query": ..., "variables": ... }');
  const { query, variables, operationName } = parsed.fields;
  const body = parsed.fields;
  if (typeof query !== 'string') return badRequest('Must provide query string.', 'graphql', body);
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return badRequest((error as GraphQLError).message, 'graphql', body);
  }
  const name = typeof operationName === 'string' ? operationName : undefined;
  const fields = rootFields(document, name);
  const operation = fields[0] ?? name ?? 'graphql';
  const validationErrors = validate(linearSchema(), document);
  if (validationErrors.length > 0) {
    const errors = validationErrors.map((error) => ({
      ...error.toJSON(),
      extensions: { type: 'graphql error', code: 'GRAPHQL_VALIDATION_FAILED' },
    }));
    return { response: jsonResponse({ errors }, 400), operation, body };
  }

  const token = readBearer(request);
  const found = token ? deps.oauth.lookup(token) : undefined;
  const failure = deps.takeFailure(name ? [...fields, name] : fields);
  if (failure?.kind === 'network') return { response: new Response(null), operation, body, failure };
  if (found?.state !== 'active' || found.record.type !== 'access' || failure?.kind === 'auth') {
    return { response: jsonResponse(AUTHENTICATION_ERROR_BODY, 401), operation, body, failure };
  }
  // RATELIMITED comes with HTTP 400 in third-party captures; the status is UNCONFIRMED first-party (L2 names
  // only the error code), so clients must read `extensions.code`, as Linear's SDK reads `extensions.type`.
  if (failure?.kind === 'rate-limit')
    return { response: jsonResponse(RATELIMITED_BODY, 400), operation, body, failure };
  if (failure?.kind === 'server-error') {
    const status = failure.status ?? 500;
    const message = status === 503 ? 'Service unavailable' : 'Internal server error';
    const errors = [
      { message, extensions: { type: 'internal error', code: 'INTERNAL_SERVER_ERROR', statusCode: status } },
    ];
    return { response: jsonResponse({ errors }, status), operation, body, failure };
  }

  const variableValues = (variables as Record<string, unknown> | null | undefined) ?? undefined;
  const cost = estimateComplexity(document, name, variableValues ?? {});
  const endpoint = endpointBucket(deps.rateLimits, found.record.account, fields, now);
  if ((endpoint && endpoint.bucket.remaining() <= 0) || deps.rateLimits.complexity.remaining() < cost) {
    return { response: jsonResponse(RATELIMITED_BODY, 400), operation, body, complexity: cost, endpoint };
  }
  endpoint?.bucket.take(1);
  deps.rateLimits.complexity.take(cost);

  const context = {
    data: deps.data(),
    viewerId: found.record.account,
    scopes: found.record.scopes,
    now: deps.now,
    ...(deps.emit ? { emit: deps.emit } : {}),
  };
  const isMutation = getOperationAST(document, name)?.operation === 'mutation';
  const result = await execute({
    schema: linearSchema(),
    document,
    rootValue: isMutation ? mutationRoot(context) : queryRoot(context),
    contextValue: context,
    variableValues,
    operationName: name,
    fieldResolver: linearFieldResolver,
  });
  // Variable coercion errors happen before execution: no data at all, like a validation failure.
  const status = result.data === undefined ? 400 : 200;
  return { response: jsonResponse(result, status), operation, body, complexity: cost, endpoint };
}
