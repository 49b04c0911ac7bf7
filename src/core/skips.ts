import { kv } from 'twenty-sdk/logic-function';
import { log } from './run';

/** Why an automation last skipped for want of setup (a workspace-shared connection, a configured provider). */
export type SkipRecord = { reason: string; at: string };

/** WORKSPACE kv key the health check reads (docs/linked-work.md, "Events in, timeline out"). */
export const skipKey = (automation: string): string => `automation-skipped:${automation}`;

/** Automations that record their skips, in the order the health check lists them. */
export const RECORDED_AUTOMATIONS = [
  'linear-digest',
  'opportunity-stage-to-slack',
  'work-items-refresh',
] as const;

/**
 * Records (reason) or clears (null) an automation's skip. Bookkeeping only: a failing kv call is logged and
 * never changes the run's result.
 */
export const noteSkip = async (automation: string, reason: string | null): Promise<void> => {
  try {
    if (reason === null) await kv.delete(skipKey(automation));
    else await kv.set<SkipRecord>(skipKey(automation), { reason, at: new Date().toISOString() });
  } catch (error) {
    log('warn', 'could not record the skip', { automation, error: String(error) });
  }
};
