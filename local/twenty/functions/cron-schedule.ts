import { CronExpressionParser } from 'cron-parser';

/**
 * Cron patterns of logic functions, read by `cron-parser` as Twenty's server reads them: its per-minute root job
 * (twentyhq/twenty `packages/twenty-server/src/engine/core-modules/logic-function/logic-function-trigger/
 * triggers/cron/cron-trigger.cron.job.ts`) asks `getMatchingTriggerTimestamp` (`packages/twenty-server/src/
 * utils/should-run-now.utils.ts`), which calls `CronExpressionParser.parse(pattern, { currentDate: now })` with
 * no `tz`: the server process's zone, and Twenty's image (`packages/twenty-docker/twenty/Dockerfile`,
 * `node:24-alpine`, no `TZ`) runs in UTC. So patterns are evaluated in UTC here, whatever `TZ` this process has.
 *
 * Deliberately stricter than Twenty: a pattern must have 5 fields (or be one of cron-parser's `@daily`-style
 * aliases). cron-parser also takes a leading seconds field, but Twenty's root job ticks once a minute, so a
 * seconds field would not run as written; it is refused with a clear message instead.
 */
export const CRON_TIME_ZONE = 'UTC';

export type CronSchedule = { next: (after: Date) => Date };

const parse = (pattern: string, currentDate: Date) => {
  try {
    return CronExpressionParser.parse(pattern, { currentDate, tz: CRON_TIME_ZONE });
  } catch (error) {
    throw new Error(`Cron pattern "${pattern}" is invalid: ${(error as Error).message}`);
  }
};

/** Checks the pattern at once (a bad pattern throws here, with the reason), then gives its next runs. */
export const parseCron = (pattern: string): CronSchedule => {
  const text = pattern.trim();
  if (!text.startsWith('@') && text.split(/\s+/).length !== 5) {
    throw new Error(
      `Cron pattern "${pattern}" must have 5 fields (minute hour day-of-month month day-of-week)`,
    );
  }
  parse(text, new Date());
  return {
    /** The first matching minute strictly after `after`, in UTC. */
    next: (after) => parse(text, after).next().toDate(),
  };
};
