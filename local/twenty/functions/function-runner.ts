import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { LogicFunctionManifest } from '../build/manifest.ts';
import { knownSecrets, type RuntimeContext, redact } from '../runtime-context.ts';
import { WORKSPACE_ID } from '../storage/members.ts';
import type { RunCaller, RunLog, RunRecord } from '../storage/runs.ts';
import { Admission, type Lane } from './admission.ts';
import { functionsBaseUrl } from './route-urls.ts';
import type { WorkerPool } from './worker-pool.ts';

export type TriggerKind =
  | 'tool'
  | 'route'
  | 'cron'
  | 'databaseEvent'
  | 'onConnect'
  | 'onDisconnect'
  /** A server route's resolver, run synchronously for `/webhooks/server/:id`. */
  | 'server-route'
  /** The target a server route's resolver dispatched to, run as a queued job. */
  | 'dispatch'
  /** The app's health check (`healthCheckLogicFunction`), run for the Admin view. */
  | 'health-check';

/**
 * Queued triggers are retried on `RetryableLogicFunctionError`, up to `maxRetries`. onDisconnect is not queued:
 * current Twenty runs it inline through the executor, once (`connection-provider-lifecycle-hook.service.ts`).
 */
const QUEUED: ReadonlySet<TriggerKind> = new Set(['cron', 'databaseEvent', 'onConnect', 'dispatch']);
export const MAX_RETRIES = 3;
const RETRY_BASE_DELAY_MS = 100;

/**
 * A dispatched job's backoff as Twenty enqueues it: `{ type: 'exponential', delay: 1000, jitter: 0.5 }`
 * (server-route-trigger `constants/logic-function-queue-retry-backoff.constant.ts`@41d2425, docs/events-sources.md §B2),
 * BullMQ's exponential backoff: `d = 1000 · 2^retryCount`, drawn in `[d · (1 − jitter), d]`. Multiplied by the
 * `retryBackoffScale` setting (tests make it small).
 */
export const DISPATCH_BACKOFF = { delayMs: 1000, jitter: 0.5 };
export const dispatchBackoffMs = (retryCount: number, scale = 1, random = Math.random): number => {
  const max = DISPATCH_BACKOFF.delayMs * 2 ** retryCount;
  return Math.floor((max * (1 - DISPATCH_BACKOFF.jitter) + random() * max * DISPATCH_BACKOFF.jitter) * scale);
};

export type Invocation = {
  trigger: TriggerKind;
  payload: unknown;
  userWorkspaceId: string | null;
  workspaceMemberId: string | null;
  caller?: RunCaller;
};

/** What a run produced, before redaction (route responses need the raw value). */
export type RunOutcome = { record: RunRecord; value: unknown };

/** The admission lane of an invocation: MCP tool calls apart from the console's, background triggers together. */
export const laneOf = (invocation: Invocation): Lane => {
  if (invocation.trigger === 'route') return 'route';
  if (invocation.trigger === 'tool') return invocation.caller?.via === 'mcp' ? 'mcp' : 'tool';
  return 'background';
};

export class FunctionRunner {
  /** Bounds the runs in flight (and so the worker threads): see `Admission`. */
  readonly admission: Admission;

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly pool: WorkerPool,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.admission = new Admission(ctx.settings.maxConcurrentRuns);
  }

  list(): LogicFunctionManifest[] {
    return this.ctx.app.manifest.logicFunctions;
  }

  byId(id: string): LogicFunctionManifest | undefined {
    return this.list().find((fn) => fn.universalIdentifier === id);
  }

  /** The env Twenty gives a function: API URL, app tokens, filled serverVariables, applicationVariables on top. */
  env(): Record<string, string> {
    const env: Record<string, string> = {
      TWENTY_API_URL: this.ctx.baseUrl(),
      TWENTY_APP_APPLICATION_ACCESS_TOKEN: this.ctx.secrets.appToken,
      TWENTY_APP_ACCESS_TOKEN: this.ctx.secrets.appUserToken,
      // The workspace's public function base URL: routes are served at `${TWENTY_FUNCTIONS_URL}<path>`.
      TWENTY_FUNCTIONS_URL: functionsBaseUrl(this.ctx.baseUrl()),
      APPLICATION_ID: this.ctx.app.manifest.application.universalIdentifier,
      NODE_ENV: 'production',
    };
    for (const [name, value] of this.ctx.records.serverVariables()) if (value !== '') env[name] = value;
    const stored = this.ctx.records.applicationVariables();
    for (const [name, definition] of Object.entries(this.ctx.app.manifest.application.applicationVariables)) {
      const value = stored.get(name) ?? definition.value;
      if (value !== undefined && value !== null && value !== '') {
        env[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    return env;
  }

  /**
   * Runs a function (with retries for queued triggers) and records the run unless `save: false`. Each attempt
   * waits for a slot; an interactive call whose lane is full throws `RunRefusedError` before anything runs.
   */
  async invoke(
    fn: LogicFunctionManifest,
    invocation: Invocation,
    options: { save?: boolean } = {},
  ): Promise<RunOutcome> {
    const startedAt = new Date();
    const queued = QUEUED.has(invocation.trigger);
    const maxRetries = queued ? MAX_RETRIES : 0;
    const logs: RunLog[] = [];
    let attempts = 0;
    let outcome: Awaited<ReturnType<WorkerPool['run']>>;
    for (;;) {
      const retryCount = attempts;
      const release = await this.admission.acquire(laneOf(invocation));
      attempts += 1;
      outcome = await this.pool
        .run(
          {
            bundlePath: join(this.ctx.app.outputDir, fn.builtHandlerPath),
            handlerName: fn.handlerName,
            payload: invocation.payload,
            context: {
              retryCount,
              maxRetries,
              workspaceId: WORKSPACE_ID,
              userWorkspaceId: invocation.userWorkspaceId,
              workspaceMemberId: invocation.workspaceMemberId,
            },
            env: this.env(),
          },
          fn.timeoutSeconds * 1000,
        )
        .finally(release);
      logs.push(...outcome.logs);
      if (outcome.ok || outcome.error.name !== 'RetryableLogicFunctionError' || retryCount >= maxRetries)
        break;
      logs.push({
        level: 'warn',
        message: `Attempt ${attempts} failed with RetryableLogicFunctionError: ${outcome.error.message}; retrying.`,
        at: new Date().toISOString(),
      });
      await this.sleep(
        invocation.trigger === 'dispatch'
          ? dispatchBackoffMs(retryCount, this.ctx.settings.retryBackoffScale ?? 1)
          : RETRY_BASE_DELAY_MS * 2 ** retryCount,
      );
    }
    const secrets = knownSecrets(this.ctx);
    const clean = <T>(value: T): T =>
      value === undefined ? value : (JSON.parse(redact(JSON.stringify(value), secrets)) as T);
    const record: RunRecord = {
      runId: randomUUID(),
      functionId: fn.universalIdentifier,
      functionName: fn.name ?? fn.universalIdentifier,
      trigger: invocation.trigger,
      ok: outcome.ok,
      result: outcome.ok ? clean(outcome.value) : null,
      ...(outcome.ok ? {} : { error: clean({ name: outcome.error.name, message: outcome.error.message }) }),
      logs: logs.map((log) => ({ ...log, message: redact(log.message, secrets) })),
      durationMs: Date.now() - startedAt.getTime(),
      attempts,
      startedAt: startedAt.toISOString(),
      ...(invocation.caller ? { caller: invocation.caller } : {}),
    };
    if (options.save !== false) this.ctx.runs.save(record);
    return { record, value: outcome.ok ? outcome.value : undefined };
  }
}
