import * as z from 'zod/mini';
import { AppError } from '../../core/app-error';
import {
  type RecordRef,
  readRecord,
  type StoredWorkItem,
  updateWorkItem,
  type WorkItemFields,
  workItemsFor,
} from '../../core/crm';
import { described, objectInput, type Parsed } from '../../core/input';
import type { ProviderSpec } from '../../core/provider';
import type { Run } from '../../core/run';
import { openSessionOrReason, type Session } from '../../core/session';
import { recordArgument } from '../../core/tool-args';
import { github } from '../../providers/github/github.provider';
import { refreshGitHubItem } from '../../providers/github/github.work-items';
import { linear } from '../../providers/linear/linear.provider';
import { refreshLinearItems } from '../../providers/linear/linear.work-items';
import { applyUpstreamChange } from '../events/apply-change';
import { itemSummary } from './link';
import { recordSummary } from './linking';

export const listInput = objectInput({
  record: recordArgument(
    'The Twenty record whose linked work to list. A company also lists what is linked to its people and opportunities.',
  ),
  refresh: z.optional(
    described(
      z.boolean(),
      'Read the current status upstream first (default true): one Linear query for all Linear items, and GitHub conditional requests that cost no rate limit when nothing changed.',
    ),
  ),
});

type Item = StoredWorkItem & { via: RecordRef };
type Outcome =
  | { requests: number; updated: number; unchanged: number; notVisible: string[] }
  | { skipped: string };

/** GitHub is read one item at a time; beyond this many a list answers with what it has. */
const GITHUB_REFRESH_LIMIT = 25;

/**
 * Stores what upstream says now through `applyUpstreamChange` (never back to an older state; a status change
 * or new assignee writes the linked records' timelines, and DONE the Slack message). A 304 or an older
 * answer only notes the refresh.
 */
const apply = async (run: Run, item: Item, fresh: WorkItemFields | null, now: string): Promise<boolean> => {
  if (fresh) {
    const result = await applyUpstreamChange(run, {
      ...fresh,
      fields: fresh,
      actor: null,
      at: now,
      stored: item,
    });
    if (result.applied) {
      for (const key of result.changed) Object.assign(item, { [key]: fresh[key as keyof WorkItemFields] });
      item.lastRefreshedAt = now;
      return result.changed.length > 0;
    }
  }
  item.lastRefreshedAt = now;
  await updateWorkItem(run, item.id, { lastRefreshedAt: now });
  return false;
};

/** Opens the caller's session for a provider, or says why its items are shown as last stored. */
const sessionFor = async (run: Run, provider: ProviderSpec): Promise<Session | string> => {
  const session = await openSessionOrReason(run, provider);
  return typeof session === 'string'
    ? `${provider.displayName} items show their last stored status: ${session}`
    : session;
};

const refreshLinear = async (run: Run, items: Item[], now: string): Promise<Outcome> => {
  const session = await sessionFor(run, linear);
  if (typeof session === 'string') return { skipped: session };
  const fresh = await refreshLinearItems(
    session,
    items.map((i) => i.upstreamId),
  );
  const outcome = { requests: 1, updated: 0, unchanged: 0, notVisible: [] as string[] };
  for (const item of items) {
    const found = fresh.get(item.upstreamId) ?? null;
    if (!found) outcome.notVisible.push(item.identifier);
    else if (await apply(run, item, found, now)) outcome.updated++;
    else outcome.unchanged++;
  }
  return outcome;
};

const refreshGitHub = async (run: Run, items: Item[], now: string): Promise<Outcome> => {
  const session = await sessionFor(run, github);
  if (typeof session === 'string') return { skipped: session };
  const outcome = { requests: 0, updated: 0, unchanged: 0, notVisible: [] as string[] };
  for (const item of items.slice(0, GITHUB_REFRESH_LIMIT)) {
    outcome.requests++;
    const answer = await refreshGitHubItem(session, { upstreamId: item.upstreamId, etag: item.etag ?? null });
    if ('gone' in answer) outcome.notVisible.push(item.identifier);
    else if ('notModified' in answer) {
      await apply(run, item, null, now);
      outcome.unchanged++;
    } else if (await apply(run, item, answer.item, now)) outcome.updated++;
    else outcome.unchanged++;
  }
  return outcome;
};

/** Refresh failures (rate limits, outages) never hide the list: the items keep their stored status. */
const guarded = (provider: ProviderSpec, work: () => Promise<Outcome>): Promise<Outcome> =>
  work().catch((error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    return { skipped: `${provider.displayName} items show their last stored status: ${error.message}` };
  });

export const listItems = async (input: Parsed<typeof listInput.shape>, run: Run) => {
  const record = await readRecord(run, input.record as RecordRef);
  const seen = new Set<string>();
  const items = (await workItemsFor(run, input.record as RecordRef)).filter(
    (item) => !seen.has(item.id) && seen.add(item.id),
  );
  const refresh: Record<string, Outcome> = {};
  if (input.refresh !== false) {
    const now = new Date().toISOString();
    const ofProvider = (name: string) => items.filter((i) => i.provider === name);
    if (ofProvider('linear').length)
      refresh.linear = await guarded(linear, () => refreshLinear(run, ofProvider('linear'), now));
    if (ofProvider('github').length)
      refresh.github = await guarded(github, () => refreshGitHub(run, ofProvider('github'), now));
  }
  return {
    record: recordSummary(record),
    count: items.length,
    items: items.map((item) => ({
      workItemId: item.id,
      ...itemSummary(item, item.isPrivate),
      lastRefreshedAt: item.lastRefreshedAt,
      via: item.via.object === record.object && item.via.id === record.id ? null : item.via,
    })),
    ...(input.refresh !== false ? { refresh } : {}),
  };
};
