import type { SandboxFailure } from '../sandbox.ts';
import { jsonResponse, type OAuthServer, readBearer, readBody } from '../shared/index.ts';
import type { SlackData } from './slack-data.ts';
import { METHODS } from './slack-methods.ts';

export type WebApiDeps = {
  oauth: OAuthServer;
  data: () => SlackData;
  now: () => number;
  takeFailure: (operation: string) => SandboxFailure | undefined;
};

export type WebApiOutcome = { response: Response; body: unknown; failure?: SandboxFailure };

/** Slack's Web API answers HTTP 200 with `ok:false` for every API-level error. */
const fail = (error: string, extra: Record<string, unknown> = {}) =>
  jsonResponse({ ok: false, error, ...extra });

/**
 * The methods the sandbox implements that read a JSON body. Slack: "Most write methods allow arguments with
 * application/json" (https://docs.slack.dev/apis/web-api, "Methods supporting JSON"); per method, Slack's
 * OpenAPI spec lists `consumes` (slackapi/slack-api-specs web-api/slack_web_openapi_v2.json @bc08db4):
 * `chat.postMessage`, `chat.delete` and `auth.test` take `application/json` (chat.delete's method page lists
 * both content types: https://docs.slack.dev/reference/methods/chat.delete); `conversations.list`, `team.info` and
 * `auth.revoke` only `application/x-www-form-urlencoded`. Any other method ignores a JSON body's arguments
 * and applies its defaults, as Slack does (field reports: langgenius/dify-official-plugins#3573, `types` on
 * `conversations.list` dropped; jtalk22/slack-mcp-server#8).
 */
export const JSON_METHODS: ReadonlySet<string> = new Set(['chat.postMessage', 'chat.delete', 'auth.test']);

/**
 * `https://slack.com/api/<method>`: arguments from the query string and a form body, or a JSON body for the
 * methods in `JSON_METHODS` (a JSON body sent to any other is ignored); the token from
 * `Authorization: Bearer` or the `token` body field. A token in the query string is refused (Slack stopped
 * accepting those for apps created after 2021-02-24). Rate limits are the one non-200: HTTP 429 with
 * `Retry-After` in seconds.
 */
export async function handleWebApi(
  method: string,
  request: Request,
  deps: WebApiDeps,
): Promise<WebApiOutcome> {
  const url = new URL(request.url);
  const parsed = await readBody(request);
  const query = Object.fromEntries(url.searchParams);
  const jsonIgnored = parsed.kind === 'json' && !JSON_METHODS.has(method);
  const args: Record<string, unknown> = { ...query, ...(jsonIgnored ? {} : parsed.fields) };
  // The call log keeps what was sent, so a test can see the ignored arguments too.
  const body = { ...query, ...parsed.fields };
  if (parsed.kind === 'invalid-json') return { response: fail('invalid_json'), body };

  const failure = METHODS[method] ? deps.takeFailure(method) : undefined;
  if (failure?.kind === 'network') return { response: new Response(null), body, failure };
  if (failure?.kind === 'rate-limit') {
    const retryAfter = String(failure.retryAfterSeconds ?? 30);
    return {
      response: jsonResponse({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': retryAfter }),
      body,
      failure,
    };
  }
  if (failure?.kind === 'server-error') {
    return {
      response: jsonResponse({ ok: false, error: 'internal_error' }, failure.status ?? 500),
      body,
      failure,
    };
  }

  if ('token' in query) return { response: fail('invalid_auth'), body };
  const bodyToken =
    parsed.kind === 'form' && typeof parsed.fields.token === 'string' ? parsed.fields.token : undefined;
  const token = readBearer(request) ?? bodyToken;
  if (!token) return { response: fail('not_authed'), body, failure };
  const found = deps.oauth.lookup(token);
  if (failure?.kind === 'auth' || found.state === 'unknown' || found.record.type !== 'access') {
    return { response: fail('invalid_auth'), body, failure };
  }
  if (found.state === 'revoked') return { response: fail('token_revoked'), body };
  if (found.state === 'expired') return { response: fail('token_expired'), body };

  const implementation = METHODS[method];
  if (!implementation) return { response: fail('unknown_method', { req_method: method }), body };
  const result = implementation({
    args,
    token: found.record,
    rawToken: token,
    data: deps.data(),
    oauth: deps.oauth,
    now: deps.now,
  });
  // Slack tells the caller which scopes its token has, on every authenticated reply.
  return { response: jsonResponse(result, 200, { 'x-oauth-scopes': found.record.scopes.join(',') }), body };
}
