import { AppError } from './app-error';
import { type Run, remainingMs } from './run';

/** What a core API call is about, for messages: "create workItem", "read company 3f2…". */
export type CoreCall = { action: 'read' | 'create' | 'update' | 'delete'; object: string; id?: string };

type GraphqlError = { message?: string; extensions?: { code?: string } };

const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * The app's own token, so the app role (src/default-role.ts) decides what the functions may touch. Twenty's
 * logic function executor (packages/twenty-server/src/engine/core-modules/logic-function/
 * logic-function-executor/logic-function-executor.service.ts, `getExecutionEnvVariables`) injects
 * TWENTY_APP_APPLICATION_ACCESS_TOKEN = the application token, and TWENTY_APP_ACCESS_TOKEN = a token delegated
 * by the member who triggered the run (the app role capping the member's), or the application token when
 * nobody did. Same precedence as twenty-sdk's own `/metadata` calls (dist/logic-function/index.mjs).
 */
const appToken = () => process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN ?? process.env.TWENTY_APP_ACCESS_TOKEN;

const describe = ({ action, object, id }: CoreCall) => `${action} ${object}${id ? ` ${id}` : ''}`;

/**
 * Twenty's error codes (packages/twenty-server/src/engine/core-modules/graphql/utils/graphql-errors.util.ts):
 * a role without the object permission is `FORBIDDEN` ("User does not have permission", mapped by
 * permissions/utils/permission-graphql-api-exception-handler.util.ts); a missing record on update/delete is
 * `NOT_FOUND` (RECORD_NOT_FOUND, workspace-query-runner/utils/graphql-query-runner-exception-handler.util.ts).
 */
const failure = (call: CoreCall, status: number, error: GraphqlError | undefined): AppError => {
  const code = error?.extensions?.code;
  if (code === 'FORBIDDEN' || status === 403)
    return new AppError(
      'FORBIDDEN',
      `Twenty refused to ${call.action} ${call.object} records: the twenty-connect app role lacks that permission. ` +
        'A workspace admin can check the app role in Settings → Roles, or update the app.',
      { status },
    );
  if (code === 'NOT_FOUND') return notFound(call);
  if (code === 'UNAUTHENTICATED' || status === 401)
    return new AppError(
      'UPSTREAM_ERROR',
      `Twenty rejected the app's access token while trying to ${describe(call)} (it expires with the run). Try again.`,
      { status },
    );
  if (code === 'BAD_USER_INPUT')
    return new AppError(
      'INVALID_INPUT',
      `Twenty rejected the request to ${describe(call)}: ${error?.message ?? 'invalid input'}.`,
      { status },
    );
  if (status >= 500 || code === 'INTERNAL_SERVER_ERROR' || code === 'TIMEOUT')
    return new AppError('UPSTREAM_UNAVAILABLE', `Twenty could not ${describe(call)} right now. Try again.`, {
      status,
      maybeApplied: call.action !== 'read',
    });
  return new AppError(
    'UPSTREAM_ERROR',
    `Twenty answered an error to ${describe(call)}: ${error?.message ?? `HTTP ${status}`}.`,
    { status },
  );
};

export const notFound = ({ object, id }: CoreCall) =>
  new AppError(
    'NOT_FOUND',
    `No ${object} with id ${id ?? '(none)'} exists in this Twenty workspace (or it was deleted).`,
    {
      fields: ['record'],
    },
  );

/**
 * POSTs one GraphQL document to Twenty's core (records) API, `${TWENTY_API_URL}/graphql`, within the run's
 * time budget. `query` is one of the app's constant documents; anything a user typed goes in `variables`.
 * Errors become `AppError`s naming the object; the token never appears in them.
 */
export const coreGraphql = <T>(
  run: Run,
  call: CoreCall,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> => twentyCall<T>(run, call, '/graphql', { query, variables });

/**
 * One JSON POST to the Twenty API (`/graphql`, `/metadata`, `/rest/...`) with the app token, within the run's
 * time budget; answers the body's `data`. Errors as `coreGraphql` says.
 */
export const twentyCall = async <T>(run: Run, call: CoreCall, path: string, payload: object): Promise<T> => {
  const base = process.env.TWENTY_API_URL;
  const token = appToken();
  if (!base || !token)
    throw new AppError(
      'NOT_CONFIGURED',
      'This function has no Twenty API address or app token (TWENTY_API_URL, TWENTY_APP_APPLICATION_ACCESS_TOKEN): it must run inside Twenty.',
    );
  const budget = Math.min(ATTEMPT_TIMEOUT_MS, remainingMs(run));
  if (budget <= 0)
    throw new AppError('UPSTREAM_UNAVAILABLE', `Ran out of time before Twenty could ${describe(call)}.`);
  let status: number;
  let body: { data?: T | null; errors?: GraphqlError[] } | null;
  try {
    const response = await fetch(`${base.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(budget),
    });
    status = response.status;
    body = await response.json().catch(() => null);
  } catch {
    throw new AppError(
      'UPSTREAM_UNAVAILABLE',
      `Twenty's API did not answer (timeout or network error) while trying to ${describe(call)}. Try again.`,
      { maybeApplied: call.action !== 'read' },
    );
  }
  const error = body?.errors?.[0];
  if (error || status >= 400 || !body?.data) {
    const appError = failure(call, status, error);
    // Twenty's messages never carry the token; this keeps it so even if a proxy echoed the request.
    if (appError.message.includes(token)) appError.message = appError.message.replaceAll(token, '[token]');
    throw appError;
  }
  return body.data;
};
