import { z } from 'zod';
import type { LogicFunctionManifest } from '../build/manifest.ts';
import { jsonTooDeep, MAX_JSON_DEPTH, readBodyText } from '../request-limits.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import { WORKSPACE_ID } from '../storage/members.ts';
import { RunRefusedError } from './admission.ts';
import type { FunctionRunner, RunOutcome } from './function-runner.ts';
import { busyResponse, toHttpResponse } from './route-trigger.ts';

/**
 * Server routes (`serverRouteTriggerSettings`) as current Twenty serves them, at `/webhooks/server/:identifier`.
 * Sources (twentyhq/twenty, `packages/twenty-server/src/engine/core-modules/`; docs/events-sources.md §B1, §B2):
 * - controller: GET and POST `webhooks/server/:resolverLogicFunctionIdentifier`, public (no auth);
 * - service: the identifier is the resolver's logic-function id, else its universalIdentifier (the legacy form,
 *   answered with `Deprecation: @<2026-09-22>`); a method outside `httpMethods` (default `[POST]`,
 *   `server-route-trigger/constants/default-server-route-http-methods.constant.ts`) → 405;
 * - the resolver gets `build-logic-function-event.util.ts`'s event: only the lower-cased
 *   `forwardedRequestHeaders`, `rawBody` = the exact bytes as utf-8, `body` parsed JSON or `{ raw }`;
 * - its result (`server-route-trigger-rest-api-exception-filter.ts`, `route-trigger-response.util.ts`): a
 *   `Response` → its status and body with the `/s/` header allow-list; a dispatch result checked by
 *   `parse-resolver-dispatch-result-or-throw.util.ts` (UUIDs; else 502) → target enqueued with
 *   `retryLimit: 3` and exponential backoff, and 200 `{"queued":true}`; the resolver threw → 500; unknown
 *   resolver or target → 404; throttled → 429.
 * The runtime has no logic-function ids apart from universal identifiers, so every call is the legacy form.
 */
export const SERVER_ROUTE_PREFIX = '/webhooks/server/';

/** `server-route-legacy-identifier-deprecation-header-value.constant.ts`@6b6c3bc: `@<epoch seconds>`. */
export const LEGACY_IDENTIFIER_DEPRECATION = `@${Math.floor(Date.parse('2026-09-22T00:00:00Z') / 1000)}`;

const DEFAULT_HTTP_METHODS = ['POST'];

const dispatchSchema = z.object({
  workspaceId: z.uuid(),
  targetLogicFunctionUniversalIdentifier: z.uuid(),
  payload: z.custom<object>((value) => typeof value === 'object' && value !== null).optional(),
});

const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers });

/** Nest parses JSON bodies; anything else reaches the resolver as `{ raw }` (`extractBody`). */
const parseBody = (rawBody: string): object | null => {
  if (rawBody === '') return null;
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === 'object' && parsed !== null ? parsed : { raw: rawBody };
  } catch {
    return { raw: rawBody };
  }
};

export type ServerRouteDeps = { ctx: RuntimeContext; runner: FunctionRunner };

export const serveServerRoute = async (
  { ctx, runner }: ServerRouteDeps,
  request: Request,
): Promise<Response> => {
  const url = new URL(request.url);
  let identifier: string;
  try {
    identifier = decodeURIComponent(url.pathname.slice(SERVER_ROUTE_PREFIX.length));
  } catch {
    return fail(404, 'NOT_FOUND', 'No server route here.');
  }
  const resolver = runner
    .list()
    .find((fn) => fn.serverRouteTriggerSettings && fn.universalIdentifier === identifier);
  if (!resolver) return fail(404, 'NOT_FOUND', `No server route ${identifier}.`);
  const deprecation = { deprecation: LEGACY_IDENTIFIER_DEPRECATION };
  const settings = resolver.serverRouteTriggerSettings!;
  const methods = (settings.httpMethods ?? DEFAULT_HTTP_METHODS).map((m) => m.toUpperCase());
  if (!methods.includes(request.method)) {
    return fail(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on this server route.`, {
      ...deprecation,
      allow: methods.join(', '),
    });
  }
  const rawBody = request.method === 'GET' ? '' : await readBodyText(request);
  if (jsonTooDeep(rawBody)) {
    return fail(400, 'BAD_REQUEST', `The body nests deeper than ${MAX_JSON_DEPTH} levels.`, deprecation);
  }
  const headers: Record<string, string> = {};
  for (const name of (settings.forwardedRequestHeaders ?? []).map((h) => h.toLowerCase())) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const event = {
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams),
    pathParameters: {},
    body: parseBody(rawBody),
    ...(request.method === 'GET' ? {} : { rawBody }),
    isBase64Encoded: false,
    requestContext: { http: { method: request.method, path: url.pathname } },
    // The resolver runs in the owner workspace with no user (docs/events-sources.md §A2).
    userWorkspaceId: null,
  };
  let outcome: RunOutcome;
  try {
    outcome = await runner.invoke(
      resolver,
      { trigger: 'server-route', payload: event, userWorkspaceId: null, workspaceMemberId: null },
      { save: false },
    );
  } catch (error) {
    if (error instanceof RunRefusedError) return busyResponse(error);
    throw error;
  }
  const { record, value } = outcome;
  const answer = (response: Response, note?: string) => {
    for (const [name, headerValue] of Object.entries(deprecation)) response.headers.set(name, headerValue);
    response.headers.set('x-twenty-connect-run', record.runId);
    ctx.runs.save({
      ...record,
      status: response.status,
      ...(note
        ? { logs: [...record.logs, { level: 'info', message: note, at: new Date().toISOString() }] }
        : {}),
    });
    return response;
  };
  if (!record.ok) {
    return answer(fail(500, 'FUNCTION_ERROR', record.error?.message ?? 'The resolver failed.'));
  }
  if (
    value &&
    typeof value === 'object' &&
    (value as { __twentyHttpResponse?: unknown }).__twentyHttpResponse
  ) {
    return answer(toHttpResponse(value, 'legacy'));
  }
  const parsed = dispatchSchema.safeParse(value);
  if (!parsed.success) {
    return answer(
      fail(
        502,
        'RESOLVER_INVALID_RESULT',
        'Resolver logic function must return either a Response, or { workspaceId: string; targetLogicFunctionUniversalIdentifier: string; payload?: object }',
      ),
    );
  }
  const { workspaceId, targetLogicFunctionUniversalIdentifier, payload } = parsed.data;
  // The target must exist in that workspace under the same registration: the runtime has one workspace.
  const target: LogicFunctionManifest | undefined =
    workspaceId === WORKSPACE_ID ? runner.byId(targetLogicFunctionUniversalIdentifier) : undefined;
  if (!target) {
    return answer(
      fail(
        404,
        'NOT_FOUND',
        workspaceId === WORKSPACE_ID
          ? `No logic function ${targetLogicFunctionUniversalIdentifier} to dispatch to.`
          : `Workspace ${workspaceId} has no install of this application (the runtime has one workspace, ${WORKSPACE_ID}).`,
      ),
    );
  }
  // Enqueued: the answer does not wait for the target, and the target's failure never reaches the caller.
  void runner
    .invoke(target, {
      trigger: 'dispatch',
      payload: payload ?? event,
      userWorkspaceId: null,
      workspaceMemberId: null,
    })
    .then(({ record: run }) => {
      if (!run.ok) ctx.log(`Dispatched ${target.name} failed: ${run.error?.message}`);
    })
    .catch((error: unknown) =>
      ctx.log(`Dispatched ${target.name} could not run: ${(error as Error).message}`),
    );
  return answer(
    Response.json({ queued: true }, { status: 200 }),
    `Dispatched to ${target.name ?? target.universalIdentifier} (queued).`,
  );
};
