import { createHash } from 'node:crypto';
import type { FailureQueue } from '../shared/failure-queue.ts';
import { networkError } from '../shared/request.ts';
import { randomHex } from '../shared/tokens.ts';
import { type ApiResult, type AppsPort, apiError, DOCS_ROOT, type Viewer } from './api-context.ts';
import { matchRoute } from './api-routes.ts';
import type { GithubData } from './model.ts';
import {
  primaryLimitResponse,
  type RateLimiter,
  rateLimitHeaders,
  secondaryLimitResponse,
} from './rate-limit.ts';

export const SUPPORTED_API_VERSIONS = ['2022-11-28', '2026-03-10'];

export type ApiDeps = {
  data: () => GithubData;
  now: () => number;
  rateLimiter: RateLimiter;
  failures: FailureQueue;
  /** The viewer behind an access token, or `undefined` when it is unknown, revoked or expired. */
  authenticate: (token: string) => Viewer | undefined;
  apps: AppsPort;
};

/** What one API request produced; `dropped` is set when a queued `network` failure must reject `handle`. */
export type ApiOutcome = { operation: string; body: unknown } & (
  | { response: Response }
  | { dropped: TypeError }
);

// GitHub's edge rejects requests without a User-Agent with a plain-text 403 before the API sees them.
const NO_USER_AGENT =
  'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n';

function toResponse(result: ApiResult, headers: Record<string, string>): Response {
  const all = { ...headers, ...result.headers };
  if (result.status === 204 || result.body === undefined)
    return new Response(null, { status: result.status, headers: all });
  if (typeof result.body === 'string') {
    return new Response(result.body, {
      status: result.status,
      headers: { ...all, 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { ...all, 'content-type': 'application/json; charset=utf-8' },
  });
}

/** `Authorization: Bearer <t>` or the older `token <t>`; `null` when absent, `''` when malformed. */
function readToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  return /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

async function readJson(
  request: Request,
): Promise<{ json: Record<string, unknown>; raw: unknown } | ApiResult> {
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  if (text.trim() === '') return { json: {}, raw: null };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return apiError(400, 'Body should be a JSON object', DOCS_ROOT);
    return { json: value as Record<string, unknown>, raw: value };
  } catch {
    return apiError(400, 'Problems parsing JSON', DOCS_ROOT);
  }
}

/**
 * The REST API on api.github.com: the edge checks (User-Agent, `X-GitHub-Api-Version`), token, queued
 * failures, primary rate limit, then the operation. Every response carries `x-ratelimit-*` headers.
 */
export async function handleApi(request: Request, deps: ApiDeps): Promise<ApiOutcome> {
  const url = new URL(request.url);
  const matched = matchRoute(request.method, url.pathname);
  const route = matched?.route;
  const operation = route
    ? route.clientAuth
      ? 'oauth.revoke'
      : `${route.method} ${route.template}`
    : `${request.method} ${url.pathname}`;
  const requestId =
    `${randomHex(4)}:${randomHex(6)}:${randomHex(6)}:${randomHex(7)}:${randomHex(8)}`.toUpperCase();
  const version = request.headers.get('x-github-api-version') ?? '2022-11-28';
  const resource = route?.resource ?? 'core';
  const base: Record<string, string> = {
    'x-github-request-id': requestId,
    'x-github-media-type': 'github.v3; format=json',
  };
  const parsed = await readJson(request);
  const body = 'raw' in parsed ? parsed.raw : null;
  const finish = (result: ApiResult, headers: Record<string, string>): ApiOutcome => ({
    response: toResponse(result, { ...base, ...headers }),
    operation,
    body,
  });

  const token = route?.clientAuth ? null : readToken(request);
  const viewer = token ? deps.authenticate(token) : undefined;
  const subject = viewer ? String(viewer.id) : undefined;
  if (!request.headers.get('user-agent')) {
    return finish(
      { status: 403, body: NO_USER_AGENT },
      rateLimitHeaders(deps.rateLimiter.peek(subject, resource), resource),
    );
  }
  if (!SUPPORTED_API_VERSIONS.includes(version)) {
    const message = `Unsupported 'X-GitHub-Api-Version' header: ${version}. Supported versions are: ${SUPPORTED_API_VERSIONS.join(', ')}`;
    return finish(
      apiError(400, message, 'https://docs.github.com/rest/about-the-rest-api/api-versions'),
      rateLimitHeaders(deps.rateLimiter.peek(subject, resource), resource),
    );
  }
  base['x-github-api-version-selected'] = version;
  if (viewer?.kind === 'oauth-app') base['x-oauth-scopes'] = viewer.scopes.join(', ');
  if (route) base['x-accepted-oauth-scopes'] = route.acceptedScopes;

  if (!matched || !route) {
    const { window } = deps.rateLimiter.consume(subject, resource);
    return finish(apiError(404, 'Not Found', DOCS_ROOT), rateLimitHeaders(window, resource));
  }
  if (token !== null && !viewer) {
    const { window } = deps.rateLimiter.consume(undefined, resource);
    return finish(apiError(401, 'Bad credentials', DOCS_ROOT), rateLimitHeaders(window, resource));
  }
  const failure = route.clientAuth ? undefined : deps.failures.take(operation, route.operationId);
  if (failure?.kind === 'network') return { operation, body, dropped: networkError(request.url) };
  const { window, exceeded } = route.free
    ? { window: deps.rateLimiter.peek(subject, resource), exceeded: false }
    : deps.rateLimiter.consume(subject, resource);
  const headers = rateLimitHeaders(window, resource);
  if (failure?.kind === 'rate-limit') {
    if (failure.retryAfterSeconds !== undefined) {
      return finish(
        secondaryLimitResponse({ retryAfterSeconds: failure.retryAfterSeconds, requestId }),
        headers,
      );
    }
    return finish(
      primaryLimitResponse({ window, resource, userId: viewer?.id, requestId, now: deps.now() }),
      headers,
    );
  }
  if (failure?.kind === 'auth') return finish(apiError(401, 'Bad credentials', DOCS_ROOT), headers);
  if (failure?.kind === 'server-error') {
    const status = failure.status ?? 500;
    return finish(
      { status, body: { message: status === 503 ? 'Service Unavailable' : 'Server Error' } },
      headers,
    );
  }
  if (exceeded)
    return finish(
      primaryLimitResponse({ window, resource, userId: viewer?.id, requestId, now: deps.now() }),
      headers,
    );
  if (!('json' in parsed)) return finish(parsed, headers);
  const answer = route.handler({
    data: deps.data(),
    now: deps.now,
    viewer,
    url,
    json: parsed.json,
    params: matched.params,
    apiVersion: version,
    apps: deps.apps,
    request,
    rateLimit: (name) => deps.rateLimiter.peek(subject, name),
  });
  const conditional = withEtag(request, answer, viewer);
  if (conditional.status === 304 && viewer) {
    // "Making a conditional request does not count against your primary rate limit if a 304 response is
    // returned and the request was made while correctly authorized with an Authorization header."
    // (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate)
    return finish(conditional, rateLimitHeaders(deps.rateLimiter.refund(subject, resource), resource));
  }
  return finish(conditional, headers);
}

/** An entity tag per representation and viewer (GitHub's answers vary by `Authorization`), weak as GitHub's are. */
function etagOf(body: unknown, viewer: Viewer | undefined): string {
  const digest = createHash('sha256')
    .update(`${viewer?.id ?? ''}\n${JSON.stringify(body)}`)
    .digest('hex');
  return `W/"${digest.slice(0, 32)}"`;
}

/**
 * Conditional GETs ("Use conditional requests if appropriate", GitHub's REST best practices): a GET answered
 * 200 with JSON carries an `etag` ("Most endpoints return an etag header"); sent back in `If-None-Match`, an
 * unchanged answer becomes `304 Not Modified` with no body and the same `etag`. GitHub's JSON answers carry weak
 * validators (`ETag: W/"…"`, e.g. the examples in https://github.community/t/209783, where `If-None-Match` with
 * the bare `"…"` also got a 304): If-None-Match compares weakly, so `W/` is ignored on both sides
 * (RFC 9110 §13.1.2), and `*` matches any current representation.
 */
function withEtag(request: Request, result: ApiResult, viewer: Viewer | undefined): ApiResult {
  if (request.method !== 'GET' || result.status !== 200 || typeof result.body !== 'object') return result;
  const etag = etagOf(result.body, viewer);
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const sent = request.headers.get('if-none-match');
  const matches = sent?.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag)) ?? false;
  if (matches) return { status: 304, headers: { ...result.headers, etag } };
  return { ...result, headers: { ...result.headers, etag } };
}
