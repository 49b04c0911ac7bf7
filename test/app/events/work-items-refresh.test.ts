import { afterEach, describe, expect, it } from 'vitest';
import { IDS } from '../../../src/universal-identifiers.ts';
import { WORKSPACE_ID } from '../../support/fake-twenty.ts';
import { backgroundContext, type Loose, runFunction } from '../../support/run-function.ts';
import { linearIssue, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
/** Timeline rows the fake Twenty stored, with the type's name. */
const timeline = () =>
  up.twenty.timeline.map((row) => ({
    ...row,
    type: Object.entries(IDS.timelineActivityTypes).find(([, id]) => id === row.type)?.[0],
  }));
const REFRESH = 'src/functions/events/work-items-refresh.ts';
const ORG = 'linear-org-acme';
const LIST = 'GET /repos/{owner}/{repo}/issues';

const refresh = (): Promise<Loose> => runFunction(REFRESH, {}, backgroundContext());

afterEach(() => {
  delete process.env.LINEAR_WEBHOOK_SECRET;
});

/** A company with the given work item linked to it, as link-work-item stores them. */
const linkToCompany = (item: Record<string, unknown>) => {
  const companyId = up.twenty.core.insert('company', { name: 'Acme Robotics', domainName: null });
  const workItemId = up.twenty.core.insert('workItem', { isPrivate: false, etag: null, ...item });
  up.twenty.core.insert('workItemLink', { label: 'link', workItemId, companyId });
  return { companyId, workItemId };
};

const linkLinear = (identifier: string) => {
  const issue = linearIssue(up.linear, identifier);
  return linkToCompany({
    provider: 'LINEAR',
    upstreamId: issue.id,
    identifier,
    title: issue.title,
    url: { primaryLinkUrl: `https://linear.app/acme/issue/${identifier}` },
    status: issue.state,
    statusCategory: issue.state === 'In Progress' ? 'IN_PROGRESS' : 'OPEN',
    assignee: issue.assignee,
    upstreamUpdatedAt: issue.updatedAt,
  });
};

const linkGitHub = (fullName: string, number: number, updatedAt: string) =>
  linkToCompany({
    provider: 'GITHUB',
    upstreamId: `${fullName}#${number}`.toLowerCase(),
    identifier: `${fullName}#${number}`,
    title: 'Add a dark mode',
    url: { primaryLinkUrl: `https://github.com/${fullName}/issues/${number}` },
    status: 'open',
    statusCategory: 'OPEN',
    assignee: null,
    upstreamUpdatedAt: updatedAt,
  });

/** Someone moves a Linear issue to Done in Linear itself. */
const moveLinearToDone = (identifier: string) => {
  const state = up.linear.exportState() as Loose;
  const issue = state.data.issues.find((i: Loose) => i.id === linearIssue(up.linear, identifier).id);
  issue.stateId = state.data.states.find(
    (s: Loose) => s.teamId === issue.teamId && s.type === 'completed',
  ).id;
  issue.updatedAt = new Date().toISOString();
  up.linear.importState(state);
};

/** Someone closes a GitHub issue as completed. */
const closeGitHubIssue = (title: string, at: string) => {
  const state = up.github.exportState() as Loose;
  const issue = state.data.issues.find((i: Loose) => i.title === title);
  Object.assign(issue, { state: 'closed', stateReason: 'completed', closedAt: at, updatedAt: at });
  up.github.importState(state);
};

const share = (provider: 'linear' | 'github' | 'slack') =>
  up.mintConnection(provider, {
    visibility: 'workspace',
    userWorkspaceId: 'uw-admin',
    account: provider === 'github' ? 'ada-acme' : undefined,
  });

describe('work-items-refresh (cron)', () => {
  it('skips each provider without a workspace-shared connection, recording why for the health check', async () => {
    linkLinear('ENG-1');
    linkGitHub('acme-robotics/website', 2, '2024-10-01T11:05:00Z');
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.mintConnection('github', { visibility: 'user', userWorkspaceId: 'uw-ada', account: 'ada-acme' });

    const result = await refresh();

    expect(result.success).toBe(true);
    expect(result.linear.skipped).toContain('No workspace-shared Linear connection');
    expect(result.github.skipped).toContain('No workspace-shared GitHub connection');
    expect(up.linear.calls()).toEqual([]);
    expect(up.github.calls()).toEqual([]);
    expect(up.twenty.kv.get('automation-skipped:work-items-refresh')).toEqual({
      reason: expect.stringContaining('Linear'),
      at: expect.any(String),
    });
    expect(up.twenty.kv.get('refresh:last')).toMatchObject({ linear: { items: 1 }, github: { items: 1 } });

    share('linear');
    share('github');
    await refresh();
    expect(up.twenty.kv.has('automation-skipped:work-items-refresh')).toBe(false);
  });

  it('polls Linear in one query for every linked item when no webhook secret is set, applying a change once', async () => {
    share('linear');
    const { companyId } = linkLinear('ENG-1');
    linkLinear('ENG-2');
    linkLinear('OPS-1');
    await refresh(); // brings the stored items level with Linear
    up.twenty.timeline.length = 0;
    moveLinearToDone('ENG-1');

    const first = await refresh();

    expect(operationsOf(up.linear)).toEqual(['issues 200', 'issues 200']);
    expect(first.linear).toMatchObject({
      mode: 'polling',
      reason: 'LINEAR_WEBHOOK_SECRET is not set',
      items: 3,
      read: 3,
      changed: 1,
      entries: 1,
      requests: 1,
    });
    expect(timeline()).toEqual([
      expect.objectContaining({
        type: 'workItemStatusDone',
        target: { object: 'company', id: companyId },
        properties: expect.objectContaining({ identifier: 'ENG-1', from: 'In Progress', to: 'Done' }),
      }),
    ]);
    expect(up.twenty.core.live('workItem').find((i) => i.identifier === 'ENG-1')).toMatchObject({
      status: 'Done',
      statusCategory: 'DONE',
    });

    const second = await refresh();
    expect(second.linear).toMatchObject({ changed: 0, entries: 0 });
    expect(timeline()).toHaveLength(1);
  });

  it("leaves Linear to webhooks when the secret is set and this workspace holds the organization's claim", async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec-test';
    const connection = share('linear');
    up.twenty.kv.set(`connection-identity:${connection.id}`, {
      account: 'Admin · Acme',
      details: { organizationId: ORG },
      recordedAt: new Date().toISOString(),
    });
    up.twenty.serverKv.set(`linear:org:${ORG}`, WORKSPACE_ID);
    linkLinear('ENG-1');

    const ours = await refresh();
    expect(ours.linear).toMatchObject({ mode: 'webhooks', items: 1, requests: 0 });
    expect(up.linear.calls()).toEqual([]);

    up.twenty.serverKv.set(`linear:org:${ORG}`, '20202020-0000-4000-8000-00000000beef');
    const theirs = await refresh();
    expect(theirs.linear).toMatchObject({ mode: 'polling', requests: 1 });
    expect(theirs.linear.reason).toContain('routed to another Twenty workspace');
  });

  it('polls each linked GitHub repository once: 304 when nothing changed, the change applied once after', async () => {
    share('github');
    const { companyId } = linkGitHub('acme-robotics/website', 2, '2024-10-01T11:05:00Z');
    linkGitHub('acme-robotics/website', 1, '2024-07-22T16:30:00Z');

    const first = await refresh();
    expect(first.github).toMatchObject({ items: 2, requests: 1, notModified: 0, changed: 0, entries: 0 });
    const calls = up.github.calls();
    expect(calls.map((c) => `${c.operation} ${c.status}`)).toEqual([`${LIST} 200`]);
    expect(Object.fromEntries(new URL(calls[0]!.url).searchParams)).toEqual({
      state: 'all',
      since: '2024-07-22T16:30:00Z',
      sort: 'updated',
      direction: 'asc',
      per_page: '100',
    });
    expect(up.twenty.kv.get('refresh:etag:github:acme-robotics/website')).toEqual(expect.any(String));

    // The watermark moved to the repository's latest change, so the next request asks a new question once;
    // from then on the same question with its ETag is answered 304, free.
    expect((await refresh()).github).toMatchObject({ requests: 1, notModified: 0, read: 0 });
    const unchanged = await refresh();
    expect(unchanged.github).toMatchObject({ requests: 1, notModified: 1, changed: 0 });
    expect(operationsOf(up.github).at(-1)).toBe(`${LIST} 304`);

    closeGitHubIssue('Add a dark mode', '2026-11-28T09:00:00Z');
    const changed = await refresh();
    expect(changed.github).toMatchObject({ requests: 1, notModified: 0, changed: 1, entries: 1 });
    expect(up.twenty.kv.get('refresh:watermark:github:acme-robotics/website')).toBe('2026-11-28T09:00:00Z');
    expect(timeline()).toEqual([
      expect.objectContaining({
        type: 'workItemClosed',
        target: { object: 'company', id: companyId },
        properties: expect.objectContaining({ identifier: 'acme-robotics/website#2', to: 'closed' }),
      }),
    ]);

    await refresh();
    const settled = await refresh();
    expect(settled.github).toMatchObject({ notModified: 1, changed: 0 });
    expect(timeline()).toHaveLength(1);
    expect(operationsOf(up.github).at(-1)).toBe(`${LIST} 304`);
  });

  it('reports a repository the shared connection cannot see and goes on with the others', async () => {
    up.mintConnection('github', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-admin',
      account: 'grace-acme',
    });
    linkGitHub('acme-robotics/firmware', 1, '2024-09-01T00:00:00Z');
    linkGitHub('acme-robotics/website', 2, '2024-10-01T11:05:00Z');

    const result = await refresh();

    expect(result.github).toMatchObject({ requests: 2, notVisible: ['acme-robotics/firmware'] });
    expect(up.twenty.kv.has('refresh:watermark:github:acme-robotics/firmware')).toBe(false);
  });
});
