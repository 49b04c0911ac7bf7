import type { LogicFunctionExecutionContext } from 'twenty-sdk/logic-function';
import type { Caller } from './connection-choice';

export type Trigger = 'tool' | 'route' | 'cron' | 'database-event' | 'hook' | 'event';

/** One invocation of a logic function: who it acts for and until when it may start upstream calls. */
export type Run = {
  trigger: Trigger;
  caller: Caller;
  deadline: number;
  context?: LogicFunctionExecutionContext;
};

/**
 * Starts a run. Two seconds of `timeoutSeconds` are kept back so a run can still answer (or ask Twenty to
 * retry it) before Twenty stops it.
 */
export const startRun = (
  trigger: Trigger,
  caller: Caller,
  timeoutSeconds: number,
  context?: LogicFunctionExecutionContext,
): Run => ({
  trigger,
  caller,
  deadline: Date.now() + timeoutSeconds * 1000 - 2_000,
  context,
});

export const remainingMs = (run: Run): number => run.deadline - Date.now();

/** One JSON log line. Only our own values go in (ids, names, codes): never tokens or secrets. */
export const log = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, unknown> = {},
) => console[level](JSON.stringify({ level, message, ...fields }));
