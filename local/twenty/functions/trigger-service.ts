import type { ConnectionProviderManifest, LogicFunctionManifest } from '../build/manifest.ts';
import type { RuntimeContext } from '../runtime-context.ts';
import type { Member } from '../storage/members.ts';
import type { RunCaller, RunRecord } from '../storage/runs.ts';
import { parseCron } from './cron-schedule.ts';
import { databaseEventPayload, diffRecords, triggerMatches } from './database-event.ts';
import type { FunctionRunner } from './function-runner.ts';

/** Cron on its real schedule, database events, tools and connection hooks, on top of the runner. */
export class TriggerService {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly runner: FunctionRunner,
  ) {}

  nextCronRun(fn: LogicFunctionManifest, after = new Date()): string | null {
    if (!fn.cronTriggerSettings) return null;
    try {
      return parseCron(fn.cronTriggerSettings.pattern).next(after).toISOString();
    } catch {
      return null;
    }
  }

  startCron(): void {
    for (const fn of this.runner.list()) {
      if (!fn.cronTriggerSettings) continue;
      try {
        parseCron(fn.cronTriggerSettings.pattern);
      } catch (error) {
        this.ctx.log(`Cron for ${fn.name}: ${(error as Error).message}; not scheduled.`);
        continue;
      }
      this.#schedule(fn);
    }
  }

  #schedule(fn: LogicFunctionManifest): void {
    const next = parseCron(fn.cronTriggerSettings!.pattern).next(new Date());
    // setTimeout caps at ~24.8 days: wake up earlier and re-plan.
    const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      if (Date.now() >= next.getTime() - 1000) void this.runCron(fn).catch((e) => this.ctx.log(String(e)));
      this.#schedule(fn);
    }, delay);
    timer.unref();
    this.#timers.set(fn.universalIdentifier, timer);
  }

  stopCron(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async runCron(fn: LogicFunctionManifest): Promise<RunRecord> {
    const { record } = await this.runner.invoke(fn, {
      trigger: 'cron',
      payload: {},
      userWorkspaceId: null,
      workspaceMemberId: null,
    });
    return record;
  }

  async runTool(
    fn: LogicFunctionManifest,
    member: Member | null,
    input: unknown,
    caller?: RunCaller,
  ): Promise<RunRecord> {
    const { record } = await this.runner.invoke(fn, {
      trigger: 'tool',
      payload: input ?? {},
      userWorkspaceId: member?.userWorkspaceId ?? null,
      workspaceMemberId: member?.workspaceMemberId ?? null,
      ...(caller ? { caller } : {}),
    });
    return record;
  }

  /** One function, one event (the console's "emit event" on a function). */
  async runDatabaseEvent(
    fn: LogicFunctionManifest,
    event: {
      eventName?: string;
      recordId?: string;
      /** The object's plural name (Twenty's objectMetadata.namePlural); default `<object>s`. */
      namePlural?: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    },
  ): Promise<RunRecord | { skipped: string }> {
    const settings = fn.databaseEventTriggerSettings;
    if (!settings) throw new Error(`${fn.name} has no database event trigger.`);
    const eventName = event.eventName ?? settings.eventName.replace('*', 'record');
    const { updatedFields } = diffRecords(event.before, event.after);
    if (!triggerMatches(settings, eventName, updatedFields)) {
      return {
        skipped: `${eventName} changed ${updatedFields.join(', ') || 'nothing'}; the trigger only listens to ${settings.updatedFields?.join(', ')}.`,
      };
    }
    const payload = databaseEventPayload({
      eventName,
      recordId: event.recordId,
      namePlural: event.namePlural,
      before: event.before,
      after: event.after,
    });
    const { record } = await this.runner.invoke(fn, {
      trigger: 'databaseEvent',
      payload: settings.batchMode ? { events: [payload] } : payload,
      userWorkspaceId: null,
      workspaceMemberId: null,
    });
    return record;
  }

  /** An event as the database would emit it: every matching function runs. */
  async emitDatabaseEvent(event: {
    eventName: string;
    recordId?: string;
    namePlural?: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }): Promise<RunRecord[]> {
    const { updatedFields } = diffRecords(event.before, event.after);
    const targets = this.runner
      .list()
      .filter(
        (fn) =>
          fn.databaseEventTriggerSettings &&
          triggerMatches(fn.databaseEventTriggerSettings, event.eventName, updatedFields),
      );
    const runs = await Promise.all(targets.map((fn) => this.runDatabaseEvent(fn, event)));
    return runs.filter((run): run is RunRecord => 'runId' in run);
  }

  /** onConnect / onDisconnect with Twenty's payload. */
  async runConnectionHook(
    hook: 'onConnect' | 'onDisconnect',
    provider: ConnectionProviderManifest,
    connectionId: string,
  ): Promise<void> {
    const ref = hook === 'onConnect' ? provider.onConnectLogicFunction : provider.onDisconnectLogicFunction;
    const fn = ref && this.runner.byId(ref.universalIdentifier);
    if (!fn) return;
    const { record } = await this.runner.invoke(fn, {
      trigger: hook,
      payload: {
        connectionProviderId: provider.universalIdentifier,
        connectionProviderName: provider.name,
        connectedAccountId: connectionId,
      },
      userWorkspaceId: null,
      workspaceMemberId: null,
    });
    if (!record.ok) this.ctx.log(`${hook} (${fn.name}) failed: ${record.error?.message}`);
  }
}
