import {
  type LogicFunctionExecutionContext,
  Response,
  RetryableLogicFunctionError,
  type RoutePayload,
} from 'twenty-sdk/logic-function';
import { AppError, type AppErrorCode } from './app-error';
import { callerFor } from './connection-choice';
import { type ObjectInput, type Parsed, parseInput, type Shape, toInputSchema } from './input';
import { log, type Run, startRun, type Trigger } from './run';
import { noteSkip } from './skips';

/** A failed run as the AI and HTTP callers read it: a sentence to act on, and a code to branch on. */
export type Failed = {
  success: false;
  code: AppErrorCode;
  error: string;
  fields?: string[];
  retryAt?: string;
};
export type Skipped = { success: true; skipped: true; reason: string };
type Context = LogicFunctionExecutionContext | undefined;
type Options<S extends Shape, T> = {
  input: ObjectInput<S>;
  timeoutSeconds: number;
  run: (input: Parsed<S>, run: Run) => Promise<T>;
};

/** Turns an `AppError` into the result shape; anything else is a bug and is rethrown to Twenty. */
const failed = (run: Run, error: unknown): Failed => {
  if (!(error instanceof AppError)) throw error;
  log(error.code === 'INVALID_INPUT' ? 'info' : 'warn', 'failed', {
    trigger: run.trigger,
    code: error.code,
    error: error.message,
  });
  return {
    success: false,
    code: error.code,
    error: error.message,
    fields: error.fields,
    retryAt: error.retryAt?.toISOString(),
  };
};

/**
 * An AI tool: the arguments are the payload; the user is `context.userWorkspaceId` (none → workspace-shared
 * connections only). Input is validated before any upstream call.
 */
export const toolHandler =
  <S extends Shape, T extends object>(options: Options<S, T>) =>
  async (payload: unknown, context?: Context) => {
    const run = startRun('tool', callerFor(context?.userWorkspaceId), options.timeoutSeconds, context);
    try {
      return {
        success: true as const,
        ...(await options.run(parseInput(options.input, payload, 'arguments'), run)),
      };
    } catch (error) {
      return failed(run, error);
    }
  };

const STATUS: Partial<Record<AppErrorCode, number>> = {
  INVALID_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_ERROR: 502,
};

/**
 * An HTTP route: the user is `payload.userWorkspaceId` (a signed-in member of an `isAuthRequired` route;
 * null for API keys → workspace-shared connections only). Statuses: 400 invalid input, 403, 404, 409 not
 * configured / not connected / reconnect needed, 429 with retry-after, 502 upstream failure.
 */
export const routeHandler =
  <S extends Shape, T extends object>(options: Options<S, T> & { successStatus: number }) =>
  async (payload: RoutePayload<unknown>, context?: Context) => {
    const run = startRun('route', callerFor(payload.userWorkspaceId), options.timeoutSeconds, context);
    const json = { 'content-type': 'application/json' };
    try {
      let body = payload.body;
      // Twenty parses JSON bodies; a raw one means the client did not send application/json.
      if (typeof body !== 'object' || body === null) {
        throw new AppError('INVALID_INPUT', 'Send a JSON object body with content-type: application/json.', {
          fields: ['body'],
        });
      }
      body = await options.run(parseInput(options.input, body, 'body'), run);
      return new Response(body, { status: options.successStatus, headers: json });
    } catch (error) {
      const { success: _, ...failure } = failed(run, error);
      const wait =
        failure.retryAt && Math.max(1, Math.ceil((Date.parse(failure.retryAt) - Date.now()) / 1000));
      return new Response(
        { error: failure },
        {
          status: STATUS[failure.code] ?? 409,
          headers: wait ? { ...json, 'retry-after': String(wait) } : json,
        },
      );
    }
  };

/**
 * A queued trigger (cron, database event, lifecycle hook, dispatched webhook event): no user, so workspace-shared connections only.
 * Missing setup is a clean skip with the reason; transient failures become `RetryableLogicFunctionError`
 * while Twenty has retries left; other failures are returned as the result.
 */
export const backgroundHandler =
  <P, T extends object>(options: {
    trigger: Extract<Trigger, 'cron' | 'database-event' | 'hook' | 'event'>;
    timeoutSeconds: number;
    run: (payload: P, run: Run) => Promise<T>;
    /** An automation's name: its skips for want of setup are recorded for the health check (core/skips.ts). */
    recordSkipsAs?: string;
  }) =>
  async (payload: P, context?: Context) => {
    const run = startRun(options.trigger, { kind: 'workspace' }, options.timeoutSeconds, context);
    const name = options.recordSkipsAs;
    try {
      const result = { success: true as const, ...(await options.run(payload, run)) };
      // A run that did its work clears an earlier skip; a run that skipped on purpose (settings off) keeps quiet.
      if (name && !('skipped' in result && result.skipped)) await noteSkip(name, null);
      return result;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'NOT_CONFIGURED' || error.code === 'NOT_CONNECTED')) {
        if (name) await noteSkip(name, error.message);
        return skip(error.message);
      }
      const result = failed(run, error);
      const transient =
        result.code === 'RATE_LIMITED' ||
        (result.code === 'UPSTREAM_UNAVAILABLE' && !(error as AppError).maybeApplied);
      if (transient && (context?.retryCount ?? 0) < (context?.maxRetries ?? 0)) {
        throw new RetryableLogicFunctionError(result.error);
      }
      return result;
    }
  };

/** Ends a background run on purpose, saying why in the result and the log. */
export const skip = (reason: string): Skipped => {
  log('warn', 'skipped', { reason });
  return { success: true, skipped: true, reason };
};

type Described = { universalIdentifier: string; name: string; description: string };

/** A whole tool definition for `defineLogicFunction`: the JSON `inputSchema` comes from the same schemas. */
export const tool = <S extends Shape, T extends object>(options: Described & Options<S, T>) => ({
  universalIdentifier: options.universalIdentifier,
  name: options.name,
  description: options.description,
  timeoutSeconds: options.timeoutSeconds,
  toolTriggerSettings: { inputSchema: toInputSchema(options.input) },
  handler: toolHandler(options),
});

/**
 * A whole `POST` route definition for `defineLogicFunction`, signed-in only. Twenty serves it at the
 * workspace's public function domain, `${TWENTY_FUNCTIONS_URL}<path>` (the only URL on Twenty Cloud for
 * functions created after its legacy-route cutoff, where `/s<path>` answers 410), and at `<server>/s<path>` on
 * servers that still serve the legacy form (self-hosted).
 */
export const route = <S extends Shape, T extends object>(
  options: Described & Options<S, T> & { path: string; successStatus: number },
) => ({
  universalIdentifier: options.universalIdentifier,
  name: options.name,
  description: options.description,
  timeoutSeconds: options.timeoutSeconds,
  httpRouteTriggerSettings: { path: options.path, httpMethod: 'POST' as const, isAuthRequired: true },
  handler: routeHandler(options),
});
