import { kv } from 'twenty-sdk/logic-function';
import { findWorkItem, type StoredWorkItem, updateWorkItem, type WorkItemFields } from '../../core/crm';
import { log, type Run } from '../../core/run';
import { openSession } from '../../core/session';
import { postMessage } from '../../providers/slack/slack.client';
import { escapeMrkdwn, mrkdwnLink } from '../../providers/slack/slack.mrkdwn';
import { slack } from '../../providers/slack/slack.provider';
import { type TypeName, writeTimeline } from './timeline';

/** One change seen upstream (a webhook event, a poll, a list refresh), in the provider's own words. */
export type UpstreamChange = {
  provider: string;
  upstreamId: string;
  /** The item as upstream has it now; absent for a comment-only change. */
  fields?: WorkItemFields;
  /** Who made the change, as the provider names them (null: unknown, e.g. seen by polling). */
  actor: { name: string; url?: string } | null;
  /** When the change happened (ISO): the timeline entry's `happensAt`. */
  at: string;
  comment?: { id: string; body: string; url?: string };
  deliveryId?: string;
  /** The stored item when the caller already read it (saves a request when no timeline entry is due). */
  stored?: StoredWorkItem;
};
export type Applied = {
  applied: boolean;
  reason?: 'not linked' | 'stale' | 'comment seen before';
  workItemId?: string;
  /** Fields that changed, and the timeline entries written. */
  changed: string[];
  entries: number;
  slack?: { channel: string; ts: string } | { skipped: string };
};

const STATUS_TYPES: Record<string, TypeName> = {
  OPEN: 'workItemStatusOpen',
  IN_PROGRESS: 'workItemStatusInProgress',
  DONE: 'workItemStatusDone',
  CANCELED: 'workItemStatusCanceled',
};

/**
 * The entry a status category change gets: GitHub names its outcomes "merged" and "closed"
 * (src/providers/github/github.work-items.ts `githubStatusOf`), Linear moves between state types.
 */
const statusType = (fresh: WorkItemFields): TypeName | null => {
  if (fresh.provider === 'github' && fresh.statusCategory !== 'OPEN' && fresh.status)
    return fresh.status === 'merged' ? 'workItemMerged' : 'workItemClosed';
  return (fresh.statusCategory && STATUS_TYPES[fresh.statusCategory]) ?? null;
};

/**
 * Adds `id` to a bounded list in WORKSPACE kv; false when it was there already. kv has no compare-and-set
 * (docs/events-sources.md §A3): two runs racing on the same id can both see it as new, which the callers tolerate.
 */
export const rememberOnce = async (key: string, id: string, limit: number): Promise<boolean> => {
  const seen = (await kv.get<string[]>(key)) ?? [];
  if (seen.includes(id)) return false;
  await kv.set(key, [...seen, id].slice(-limit));
  return true;
};

const FIELDS: (keyof WorkItemFields)[] = [
  'title',
  'url',
  'status',
  'statusCategory',
  'assignee',
  'upstreamUpdatedAt',
  'etag',
];

/**
 * WORK_ITEM_DONE_SLACK_CHANNEL: one message when an item linked to an opportunity is done, with the
 * workspace-shared Slack connection only (a run with no user; `openSession` picks no member's connection).
 * Text from Linear/GitHub and the CRM is escaped (slack.mrkdwn.ts). chat.postMessage has no idempotency key,
 * so this runs only after the update that recorded DONE succeeded: a redelivery finds DONE stored already.
 */
const announceDone = async (run: Run, item: StoredWorkItem, actor: UpstreamChange['actor']) => {
  const channel = process.env.WORK_ITEM_DONE_SLACK_CHANNEL?.trim();
  if (!channel || !item.links.some((l) => l.record.object === 'opportunity')) return undefined;
  try {
    const session = await openSession({ ...run, caller: { kind: 'workspace' } }, slack);
    const by = actor ? ` by ${escapeMrkdwn(actor.name)}` : '';
    const text = `${mrkdwnLink(item.url, `${item.identifier} ${item.title}`)} is done${by}.`;
    return await postMessage(session, { channel, text });
  } catch (error) {
    // The item is updated either way; a failed announcement is reported, never retried (no idempotency key).
    const skipped = `Slack message not sent: ${(error as Error).message}`;
    log('warn', 'skipped', { reason: skipped });
    return { skipped };
  }
};

/**
 * Applies one upstream change to the linked work item (docs/linked-work.md, "Staying current"): nothing for an item nobody linked;
 * an older `upstreamUpdatedAt` than the stored one never moves it back (an equal one carries the same state,
 * so nothing differs and no entry is written); comments are written once per comment id. Then one timeline
 * entry per linked record for each change a person cares about, and the Slack message when it became DONE.
 */
export const applyUpstreamChange = async (run: Run, change: UpstreamChange): Promise<Applied> => {
  // A caller's stored copy may hold only some links (list-work-items reads those of one record's circle):
  // when an entry is due, every linked record gets it, so the item is read with all its links.
  const { stored, fields: seen } = change;
  const due =
    !stored ||
    change.comment ||
    (seen && (seen.statusCategory !== stored.statusCategory || seen.assignee !== stored.assignee));
  const item = due ? await findWorkItem(run, change) : stored;
  const none = { changed: [], entries: 0 };
  if (!item || item.links.length === 0) return { applied: false, reason: 'not linked', ...none };
  const base = { workItemId: item.id, ...none };
  const { fields: fresh, actor, at } = change;
  if (change.comment) {
    if (!(await rememberOnce('events:comments', `${item.provider}:${change.comment.id}`, 500)))
      return { ...base, applied: false, reason: 'comment seen before' };
    const entries = await writeTimeline(run, item, 'workItemCommented', {
      actor,
      at,
      comment: change.comment,
    });
    return { ...base, applied: true, entries };
  }
  if (!fresh) return { ...base, applied: false, reason: 'stale' };
  if (
    fresh.upstreamUpdatedAt &&
    item.upstreamUpdatedAt &&
    Date.parse(fresh.upstreamUpdatedAt) < Date.parse(item.upstreamUpdatedAt)
  )
    return { ...base, applied: false, reason: 'stale' };
  const before = { ...item };
  const changes: Partial<WorkItemFields> = {};
  for (const key of FIELDS)
    if (fresh[key] !== undefined && fresh[key] !== item[key]) Object.assign(changes, { [key]: fresh[key] });
  const lastRefreshedAt = new Date().toISOString();
  await updateWorkItem(run, item.id, { ...changes, lastRefreshedAt });
  Object.assign(item, changes, { lastRefreshedAt });
  let entries = 0;
  const type = 'statusCategory' in changes ? statusType(fresh) : null;
  if (type)
    entries += await writeTimeline(run, item, type, {
      actor,
      at,
      from: before.status,
      to: fresh.status,
    });
  if ('assignee' in changes && fresh.assignee)
    entries += await writeTimeline(run, item, 'workItemAssigned', {
      actor,
      at,
      from: before.assignee,
      to: fresh.assignee,
    });
  const done = fresh.statusCategory === 'DONE' && before.statusCategory !== 'DONE';
  const slackResult = done ? await announceDone(run, item, actor) : undefined;
  return {
    ...base,
    applied: true,
    changed: Object.keys(changes),
    entries,
    ...(slackResult ? { slack: slackResult } : {}),
  };
};
