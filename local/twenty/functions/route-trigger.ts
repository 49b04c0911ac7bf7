import type { LogicFunctionManifest } from '../build/manifest.ts';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../request-limits.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import { RunRefusedError } from './admission.ts';
import type { FunctionRunner, RunOutcome } from './function-runner.ts';
import {
  FUNCTIONS_ROUTE_PREFIX,
  LEGACY_ROUTE_PREFIX,
  type RouteUrlForm,
  routeUrlForm,
} from './route-urls.ts';

/** Response headers a route's `Response` may set on `/s/`; on the public function domain any pass. */
const LEGACY_PASSED_HEADERS = new Set([
  'content-type',
  'content-language',
  'content-disposition',
  'cache-control',
  'retry-after',
]);
/** Framing is the server's business on either form. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
/** Never forwarded to a function, whatever `forwardedRequestHeaders` or the URL form says. */
const CREDENTIAL_REQUEST_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

type Match = { fn: LogicFunctionManifest; pathParameters: Record<string, string> };

const matchPath = (template: string, path: string): Record<string, string> | null => {
  const want = template.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = got[index]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) return null;
  }
  return params;
};

export const findRoute = (
  functions: LogicFunctionManifest[],
  method: string,
  path: string,
): Match | 'method' | null => {
  let pathMatched = false;
  for (const fn of functions) {
    const route = fn.httpRouteTriggerSettings;
    if (!route) continue;
    const pathParameters = matchPath(route.path, path);
    if (!pathParameters) continue;
    pathMatched = true;
    if (route.httpMethod.toUpperCase() === method.toUpperCase()) return { fn, pathParameters };
  }
  return pathMatched ? 'method' : null;
};

const json = (status: number, body: unknown) => Response.json(body, { status });

/**
 * Serves `/s/<path>` and `<TWENTY_FUNCTIONS_URL>/<path>` like Twenty: bearer auth (member route token → user,
 * API key → no user), payload, result.
 */
export const serveRoute = async (
  ctx: RuntimeContext,
  runner: FunctionRunner,
  request: Request,
): Promise<Response> => {
  const url = new URL(request.url);
  const form = routeUrlForm(url.pathname) ?? 'legacy';
  const prefix = form === 'legacy' ? LEGACY_ROUTE_PREFIX : FUNCTIONS_ROUTE_PREFIX;
  const path = url.pathname.slice(prefix.length) || '/';
  const match = findRoute(runner.list(), request.method, path);
  // Twenty looks a route up by method and path together: a method mismatch is "no route" (404).
  if (match === null || match === 'method') {
    return json(404, { error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${path}` } });
  }
  const route = match.fn.httpRouteTriggerSettings!;
  const token = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
  const member = token ? ctx.members.byRouteToken(token) : undefined;
  const isApiKey = token !== undefined && token === ctx.secrets.apiKey;
  if (route.isAuthRequired && !member && !isApiKey) {
    return json(401, { error: { code: 'UNAUTHENTICATED', message: 'A valid bearer token is required.' } });
  }
  const rawBody = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  let body: unknown = rawBody === '' ? null : rawBody;
  if (rawBody && (request.headers.get('content-type') ?? '').includes('json')) {
    if (jsonTooDeep(rawBody)) {
      return json(400, {
        error: { code: 'BAD_REQUEST', message: `The body nests deeper than ${MAX_JSON_DEPTH} levels.` },
      });
    }
    try {
      body = JSON.parse(rawBody);
    } catch {
      return json(400, { error: { code: 'BAD_REQUEST', message: 'The body is not valid JSON.' } });
    }
  }
  // `/s/`: content-type and the route's `forwardedRequestHeaders`; the public function domain forwards every
  // header. Credentials never reach the function.
  const forwarded = new Set([
    'content-type',
    ...(route.forwardedRequestHeaders ?? []).map((h) => h.toLowerCase()),
  ]);
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    if (CREDENTIAL_REQUEST_HEADERS.has(name)) continue;
    if (form === 'functions' || forwarded.has(name)) headers[name] = value;
  }
  const userWorkspaceId = route.isAuthRequired && member ? member.userWorkspaceId : null;
  const payload = {
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams),
    pathParameters: match.pathParameters,
    body,
    rawBody,
    isBase64Encoded: false,
    requestContext: { http: { method: request.method, path: url.pathname } },
    userWorkspaceId,
  };
  let outcome: RunOutcome;
  try {
    outcome = await runner.invoke(
      match.fn,
      {
        trigger: 'route',
        payload,
        userWorkspaceId,
        workspaceMemberId: route.isAuthRequired && member ? member.workspaceMemberId : null,
      },
      // Saved once below, with the HTTP status.
      { save: false },
    );
  } catch (error) {
    if (error instanceof RunRefusedError) return busyResponse(error);
    throw error;
  }
  const { record, value } = outcome;
  const response = record.ok
    ? toHttpResponse(value, form)
    : json(500, {
        error: { code: 'FUNCTION_ERROR', message: record.error?.message ?? 'The function failed.' },
      });
  ctx.runs.save({ ...record, status: response.status });
  response.headers.set('x-twenty-connect-run', record.runId);
  return response;
};

/**
 * 429 with `retry-after` (RFC 9110 §10.2.3, RFC 6585 §4) when the route queue is full: nothing ran, the caller
 * may send the same request again.
 */
export const busyResponse = (error: RunRefusedError, status = 429): Response =>
  Response.json(
    {
      error: {
        code: 'BUSY',
        message: error.message,
        retryAfterSeconds: error.retryAfterSeconds,
      },
    },
    { status, headers: { 'retry-after': String(error.retryAfterSeconds) } },
  );

/**
 * A plain value is HTTP 200 JSON; the SDK's `Response` (`__twentyHttpResponse`) sets the status and headers:
 * on `/s/` only a few pass, on the public function domain all do (framing headers excepted).
 */
export const toHttpResponse = (value: unknown, form: RouteUrlForm = 'legacy'): Response => {
  if (
    value &&
    typeof value === 'object' &&
    (value as { __twentyHttpResponse?: unknown }).__twentyHttpResponse
  ) {
    const { body, status, headers } = value as {
      body?: unknown;
      status?: number;
      headers?: Record<string, string>;
    };
    const out = new Headers();
    for (const [name, headerValue] of Object.entries(headers ?? {})) {
      const lower = name.toLowerCase();
      if (FRAMING_HEADERS.has(lower)) continue;
      if (form === 'functions' || LEGACY_PASSED_HEADERS.has(lower)) {
        try {
          out.set(name, String(headerValue));
        } catch {
          // A header name or value the Fetch API refuses is dropped, not a 500.
        }
      }
    }
    const isText = typeof body === 'string';
    if (!out.has('content-type'))
      out.set('content-type', isText ? 'text/plain; charset=utf-8' : 'application/json');
    const text = body === undefined || body === null ? '' : isText ? body : JSON.stringify(body);
    const code = typeof status === 'number' && status >= 200 && status <= 599 ? status : 200;
    return new Response(code === 204 || code === 304 ? null : text, { status: code, headers: out });
  }
  return Response.json(value ?? null, { status: 200 });
};
