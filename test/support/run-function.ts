import { resolve } from 'node:path';
import type { LogicFunctionExecutionContext, RoutePayload } from 'twenty-sdk/logic-function';
import { WORKSPACE_ID } from './fake-twenty.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Results are read loosely in tests (`result.issue.identifier`); the assertions are the type check. */
// biome-ignore lint/suspicious/noExplicitAny: test results are asserted, not typed
export type Loose = any;

/** What a route handler returns: twenty-sdk's `Response` (`{ body, status, headers }`). */
export type RouteResult = { body: Loose; status?: number; headers?: Record<string, string> };

/** A tool call's context: `userWorkspaceId` null means a run without a user (workspace-shared only). */
export const toolContext = (
  userWorkspaceId: string | null,
  overrides: Partial<LogicFunctionExecutionContext> = {},
): LogicFunctionExecutionContext => ({
  retryCount: 0,
  maxRetries: 0,
  workspaceId: WORKSPACE_ID,
  userWorkspaceId,
  workspaceMemberId: userWorkspaceId ? `member-of-${userWorkspaceId}` : null,
  ...overrides,
});

/** A context for queued triggers (cron, database events, hooks): no user. */
export const backgroundContext = (overrides: Partial<LogicFunctionExecutionContext> = {}) =>
  toolContext(null, overrides);

/**
 * A Twenty route payload as the server builds it. `userWorkspaceId` is the signed-in member of an
 * `isAuthRequired` route, or null for an API-key call.
 */
export const routePayload = (
  body: unknown,
  userWorkspaceId: string | null,
  options: { path?: string; method?: string; headers?: Record<string, string> } = {},
): RoutePayload<unknown> => ({
  headers: { 'content-type': 'application/json', ...options.headers },
  queryStringParameters: {},
  pathParameters: {},
  body: body as object | null,
  isBase64Encoded: false,
  requestContext: { http: { method: options.method ?? 'POST', path: options.path ?? '/' } },
  userWorkspaceId,
});

/**
 * Imports a logic function file (path from the project root, e.g. `src/functions/linear/linear-list-teams.ts`)
 * and calls its handler the way Twenty does: `default.config.handler(payload, context)`.
 */
export const runFunction = async (
  path: string,
  payload: unknown,
  context: LogicFunctionExecutionContext = toolContext(null),
): Promise<Loose> => {
  const module = (await import(resolve(ROOT, path))) as {
    default: { config: { handler: (payload: unknown, context: LogicFunctionExecutionContext) => unknown } };
  };
  return module.default.config.handler(payload, context);
};

/** An AI tool call as `userWorkspaceId` (null: a run without a user). */
export const runTool = (path: string, args: unknown, userWorkspaceId: string | null): Promise<Loose> =>
  runFunction(path, args, toolContext(userWorkspaceId));

/** An HTTP route call with a JSON body, as `userWorkspaceId` (null: an API key). */
export const runRoute = (
  path: string,
  body: unknown,
  userWorkspaceId: string | null,
  options: { path?: string; method?: string } = {},
): Promise<RouteResult> =>
  runFunction(path, routePayload(body, userWorkspaceId, options), toolContext(userWorkspaceId));
