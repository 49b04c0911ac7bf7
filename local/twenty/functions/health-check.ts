import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeContext } from '../runtime-context.ts';
import type { FunctionRunner } from './function-runner.ts';

/**
 * The app's health check as current Twenty servers run and read it (docs/events-sources.md §A5):
 * - run with payload `{ version }` (`application-health-check.service.ts`, index id 68420550427);
 * - read by `isApplicationHealthCheckResult` (twenty-shared `application/applicationHealthType.ts`, newest
 *   version, index id 68548216621; statuses from `applicationHealthStatus.ts`@294b38f): `OK`, or one of
 *   `SUCCESS | INFO | WARNING | ERROR | NEUTRAL` with a non-empty `message` and an optional `action` whose
 *   `label` is non-empty and `location`, when given, a non-empty string;
 * - a throw, a timeout or an unreadable result is `UNKNOWN` (never an error: "Reporting that as an error would
 *   paint every app red whenever a third party has an outage").
 * Older servers read lower-case statuses; the runtime follows the newest.
 */
export const BANNER_STATUSES = ['SUCCESS', 'INFO', 'WARNING', 'ERROR', 'NEUTRAL'] as const;

export type HealthReport = {
  status: 'OK' | (typeof BANNER_STATUSES)[number] | 'UNKNOWN';
  message: string | null;
  action: { label: string; location: string | null } | null;
};

const UNKNOWN: HealthReport = { status: 'UNKNOWN', message: null, action: null };

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export const readHealthResult = (value: unknown): HealthReport => {
  if (!value || typeof value !== 'object') return UNKNOWN;
  const { status, message, action } = value as Record<string, unknown>;
  if (status === 'OK') return { status: 'OK', message: null, action: null };
  if (!(BANNER_STATUSES as readonly unknown[]).includes(status) || !nonEmpty(message)) return UNKNOWN;
  if (action === undefined) return { status: status as HealthReport['status'], message, action: null };
  if (!action || typeof action !== 'object') return UNKNOWN;
  const { label, location } = action as Record<string, unknown>;
  if (!nonEmpty(label) || (location !== undefined && !nonEmpty(location))) return UNKNOWN;
  return { status: status as HealthReport['status'], message, action: { label, location: location ?? null } };
};

/** The manifest's `application.healthCheckLogicFunction` (SDK define/index.d.ts:212). */
export const healthCheckFunction = (ctx: RuntimeContext, runner: FunctionRunner) => {
  const ref = (
    ctx.app.manifest.application as { healthCheckLogicFunction?: { universalIdentifier?: string } }
  ).healthCheckLogicFunction;
  return ref?.universalIdentifier ? runner.byId(ref.universalIdentifier) : undefined;
};

/** The app's version (the built `package.json`), as Twenty passes `application.version`; null if unreadable. */
const appVersion = (ctx: RuntimeContext): string | null => {
  try {
    const { version } = JSON.parse(readFileSync(join(ctx.app.outputDir, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
};

/** Runs the health check (no user) and reads its result; null when the app has none. */
export const runHealthCheck = async (
  ctx: RuntimeContext,
  runner: FunctionRunner,
): Promise<(HealthReport & { runId: string }) | null> => {
  const fn = healthCheckFunction(ctx, runner);
  if (!fn) return null;
  const version = appVersion(ctx);
  const { record, value } = await runner.invoke(fn, {
    trigger: 'health-check',
    payload: version === null ? {} : { version },
    userWorkspaceId: null,
    workspaceMemberId: null,
  });
  return { ...(record.ok ? readHealthResult(value) : UNKNOWN), runId: record.runId };
};
