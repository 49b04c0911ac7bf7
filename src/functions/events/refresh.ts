import { kv } from 'twenty-sdk/logic-function';
import { AppError } from '../../core/app-error';
import { type StoredWorkItem, type WorkItemFields, workItemsOfProvider } from '../../core/crm';
import { readIdentity } from '../../core/identity';
import type { Run } from '../../core/run';
import { openSessionOrReason, type Session } from '../../core/session';
import { noteSkip } from '../../core/skips';
import { pollRepository } from '../../providers/github/github.poll';
import { github } from '../../providers/github/github.provider';
import { linear } from '../../providers/linear/linear.provider';
import { linearOrgClaim } from '../../providers/linear/linear.webhooks';
import { refreshLinearItems } from '../../providers/linear/linear.work-items';
import { applyUpstreamChange } from './apply-change';
import { LAST_RUN_KEY, type ProviderRun, type RefreshRun } from './refresh-record';

export const AUTOMATION = 'work-items-refresh';
const etagKey = (repository: string) => `refresh:etag:github:${repository}`;
const watermarkKey = (repository: string) => `refresh:watermark:github:${repository}`;
/** Repositories polled per run; beyond, the oldest-refreshed ones wait for the next run. */
const MAX_REPOSITORIES = 50;

type Counts = Pick<ProviderRun, 'items' | 'read' | 'changed' | 'entries' | 'requests'>;

const counts = (items: number): Counts => ({ items, read: 0, changed: 0, entries: 0, requests: 0 });

/** Applies what upstream says now through the same path as webhook events (timeline, never backwards). */
const apply = async (run: Run, outcome: ProviderRun, item: StoredWorkItem, fresh: WorkItemFields) => {
  outcome.read++;
  const result = await applyUpstreamChange(run, {
    provider: item.provider,
    upstreamId: item.upstreamId,
    fields: fresh,
    actor: null,
    at: fresh.upstreamUpdatedAt ?? new Date().toISOString(),
    stored: item,
  });
  if (result.changed.some((field) => field !== 'etag')) outcome.changed++;
  outcome.entries += result.entries;
};

/**
 * Why Linear is polled, or null when its webhooks reach this workspace: the signing secret is set and the
 * shared connection's organization is claimed by this workspace (SERVER kv `linear:org:<id>` answers the
 * claimant's workspace id, docs/events-sources.md §A3).
 */
const linearPollingReason = async (run: Run, session: Session): Promise<string | null> => {
  if (!process.env.LINEAR_WEBHOOK_SECRET?.trim()) return 'LINEAR_WEBHOOK_SECRET is not set';
  const organization = (await readIdentity(session.connection.id))?.details.organizationId;
  if (!organization) return 'the Linear organization of the shared connection is not known yet';
  const claimant = await kv.get<string>(linearOrgClaim(organization), { scope: 'SERVER' }).catch(() => null);
  if (!claimant) return `no workspace has claimed the Linear organization ${organization}`;
  if (claimant !== run.context?.workspaceId)
    return `the Linear organization ${organization} is routed to another Twenty workspace`;
  return null;
};

const refreshLinear = async (run: Run): Promise<ProviderRun> => {
  const { items, truncated } = await workItemsOfProvider(run, linear.name);
  const outcome: ProviderRun = { ...counts(items.length), ...(truncated ? { truncated } : {}) };
  if (items.length === 0) return outcome;
  const session = await openSessionOrReason(run, linear);
  if (typeof session === 'string') return { ...outcome, skipped: session };
  const reason = await linearPollingReason(run, session);
  if (reason === null) return { ...outcome, mode: 'webhooks' };
  // One request for every linked item (refreshLinearItems asks `issues(filter: { id: { in } })`).
  const fresh = await refreshLinearItems(
    session,
    items.map((i) => i.upstreamId),
  );
  Object.assign(outcome, {
    mode: 'polling',
    reason,
    requests: Math.ceil(items.length / 250),
    notVisible: [],
  });
  for (const item of items) {
    const found = fresh.get(item.upstreamId);
    if (found) await apply(run, outcome, item, found);
    else outcome.notVisible!.push(item.identifier);
  }
  return outcome;
};

/** `owner/repo` of a stored GitHub item (`upstreamId` is `owner/repo#n`, lower case). */
const repositoryOf = (item: StoredWorkItem) => item.upstreamId.split('#')[0]!;

const refreshGitHub = async (run: Run): Promise<ProviderRun> => {
  const { items, truncated } = await workItemsOfProvider(run, github.name);
  const outcome: ProviderRun = { ...counts(items.length), notModified: 0, notVisible: [] };
  if (truncated) outcome.truncated = true;
  if (items.length === 0) return outcome;
  const session = await openSessionOrReason(run, github);
  if (typeof session === 'string') return { ...outcome, skipped: session };
  const byRepository = new Map<string, StoredWorkItem[]>();
  for (const item of items)
    byRepository.set(repositoryOf(item), [...(byRepository.get(repositoryOf(item)) ?? []), item]);
  const repositories = [...byRepository].slice(0, MAX_REPOSITORIES);
  if (repositories.length < byRepository.size) outcome.truncated = true;
  for (const [repository, linked] of repositories) {
    const [owner = '', repo = ''] = repository.split('/');
    // First run: from the oldest change already stored for its items, so nothing after linking is missed.
    const stored = linked.map((i) => i.upstreamUpdatedAt).filter((t): t is string => Boolean(t));
    const since =
      (await kv.get<string>(watermarkKey(repository))) ??
      (stored.length ? stored.reduce((a, b) => (Date.parse(a) < Date.parse(b) ? a : b)) : null);
    const etag = await kv.get<string>(etagKey(repository));
    let poll: Awaited<ReturnType<typeof pollRepository>>;
    try {
      poll = await pollRepository(session, { owner, repo, since, etag });
    } catch (error) {
      // 404/410: the repository is gone or not visible to the shared connection; the others go on.
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      outcome.requests++;
      outcome.notVisible!.push(repository);
      continue;
    }
    outcome.requests += poll.requests;
    if (poll.notModified) {
      outcome.notModified!++;
      continue;
    }
    const byId = new Map(linked.map((item) => [item.upstreamId, item]));
    for (const fresh of poll.items) {
      const item = byId.get(fresh.upstreamId);
      if (item) await apply(run, outcome, item, fresh);
    }
    // Only after every change was applied: a failed run reads the same changes again next time.
    if (poll.watermark) await kv.set(watermarkKey(repository), poll.watermark);
    if (poll.etag) await kv.set(etagKey(repository), poll.etag);
    if (poll.truncated) outcome.truncated = true;
  }
  return outcome;
};

/** Upstream failures of one provider leave the other's refresh standing; bugs are rethrown. */
const guarded = (work: () => Promise<ProviderRun>): Promise<ProviderRun> =>
  work().catch((error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    return { ...counts(0), failed: error.message };
  });

/**
 * The polling fallback (docs/linked-work.md, "Staying current"): Linear only when its webhooks do not reach this workspace, GitHub
 * always (no repository webhooks, docs/events-sources.md §D3). Workspace-shared connections only; a provider without
 * one is skipped, and the reason recorded for the health check.
 */
export const refreshWorkItems = async (run: Run): Promise<RefreshRun> => {
  const result: RefreshRun = {
    at: new Date().toISOString(),
    linear: await guarded(() => refreshLinear(run)),
    github: await guarded(() => refreshGitHub(run)),
  };
  await kv.set(LAST_RUN_KEY, result);
  const skipped = [result.linear.skipped, result.github.skipped].filter(Boolean);
  await noteSkip(AUTOMATION, skipped.length ? skipped.join(' ') : null);
  return result;
};
