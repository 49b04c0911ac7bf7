/**
 * What `work-items-refresh` records after each run for the health check (WORKSPACE kv `refresh:last`). Kept
 * apart from the cron's code so the health check's bundle carries only these names.
 */
export const LAST_RUN_KEY = 'refresh:last';

export type ProviderRun = {
  /** Linked items of this provider (at most 200 are read per run). */
  items: number;
  /** Items upstream answered about, items whose stored fields changed, timeline entries written. */
  read: number;
  changed: number;
  entries: number;
  requests: number;
  /** Linear: `webhooks` (events keep items current, nothing polled) or `polling`, with why. */
  mode?: 'webhooks' | 'polling';
  reason?: string;
  /** GitHub: repositories answered 304 Not Modified (free). */
  notModified?: number;
  /** Items (Linear) or repositories (GitHub) the shared connection cannot see. */
  notVisible?: string[];
  /** More items or repositories than one run reads; the next runs continue. */
  truncated?: boolean;
  /** Not refreshed for want of setup (no shared connection, provider not configured). */
  skipped?: string;
  /** An upstream failure (rate limit, outage) ended this provider's refresh; the next run tries again. */
  failed?: string;
};

export type RefreshRun = { at: string; linear: ProviderRun; github: ProviderRun };
