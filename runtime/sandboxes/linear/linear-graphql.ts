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
import type { LinearData } from './linear-data.ts';
import { AUTHENTICATION_ERROR_BODY, RATELIMITED_BODY } from './linear-errors.ts';
import { mutationRoot } from './linear-mutations.ts';
import { queryRoot } from './linear-queries.ts';
import { linearFieldResolver, linearSchema } from './linear-schema.ts';

/** What the GraphQL endpoint needs from the sandbox. */
export type GraphqlDeps = {
  oauth: OAuthServer;
  data: () => LinearData;
  now: () => number;
  /** Takes the queued failure matching any of the given operations, if one is queued. */
  takeFailure: (operations: string[]) => SandboxFailure | undefined;
  rateLimit: { limit: number; used: number; windowStart: number };
};

/** Outcome: the response, the operation name for the call log, and the parsed body. */
export type GraphqlOutcome = {
  response: Response;
  operation: string;
  body: unknown;
  failure?: SandboxFailure;
};

const WINDOW_MS = 3_600_000;

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
 * document), authenticate the Bearer token (HTTP 401 `AUTHENTICATION_ERROR`), apply a queued failure, then
 * execute. Every reply carries Linear's `X-RateLimit-Requests-*` headers (reset in epoch milliseconds).
 */
export async function handleGraphql(request: Request, deps: GraphqlDeps): Promise<GraphqlOutcome> {
  const now = deps.now();
  const bucket = deps.rateLimit;
  if (now - bucket.windowStart >= WINDOW_MS) Object.assign(bucket, { used: 0, windowStart: now });
  const outcome = await run(request, deps);
  bucket.used = Math.min(bucket.limit, bucket.used + 1);
  const headers = outcome.response.headers;
  const limited = outcome.failure?.kind === 'rate-limit';
  const resetAt = limited
    ? now + (outcome.failure?.kind === 'rate-limit' ? (outcome.failure.retryAfterSeconds ?? 60) : 0) * 1000
    : bucket.windowStart + WINDOW_MS;
  headers.set('X-RateLimit-Requests-Limit', String(bucket.limit));
  headers.set('X-RateLimit-Requests-Remaining', String(limited ? 0 : bucket.limit - bucket.used));
  headers.set('X-RateLimit-Requests-Reset', String(resetAt));
  return outcome;
}

async function run(request: Request, deps: GraphqlDeps): Promise<GraphqlOutcome> {
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

  const context = {
    data: deps.data(),
    viewerId: found.record.account,
    scopes: found.record.scopes,
    now: deps.now,
  };
  const isMutation = getOperationAST(document, name)?.operation === 'mutation';
  const result = await execute({
    schema: linearSchema(),
    document,
    rootValue: isMutation ? mutationRoot(context) : queryRoot(context),
    contextValue: context,
    variableValues: (variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName: name,
    fieldResolver: linearFieldResolver,
  });
  // Variable coercion errors happen before execution: no data at all, like a validation failure.
  const status = result.data === undefined ? 400 : 200;
  return { response: jsonResponse(result, status), operation, body };
}
