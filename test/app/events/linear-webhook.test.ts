import { createHmac } from 'node:crypto';
import { STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD } from 'twenty-sdk/define';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../../src/universal-identifiers.ts';
import { WORKSPACE_ID } from '../../support/fake-twenty.ts';
import { backgroundContext, type Loose, routePayload, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const RESOLVER = 'src/functions/events/linear-webhook.ts';
const TARGET = 'src/functions/events/linear-event.ts';
const SECRET = 'lin_wh_5f0c2a9e7d1b4c3a8e6f';
const ORG = '0f9a6c1e-2b7d-4e3a-9c8f-5d4e3b2a1f00';
const ISSUE = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const T1 = '2026-11-28T09:00:00.000Z';
const T2 = '2026-11-28T10:00:00.000Z';
const T3 = '2026-11-28T11:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let companyId: string;
let opportunityId: string;
let workItemId: string;

/** An Issue update as Linear sends it (EntityWebhookPayload, docs/events-sources.md §C3). */
const issueUpdate = (state: { name: string; type: string }, updatedAt: string, extra: Loose = {}) => ({
  action: 'update',
  type: 'Issue',
  organizationId: ORG,
  createdAt: updatedAt,
  webhookId: 'webhook-1',
  webhookTimestamp: Date.now(),
  url: 'https://linear.app/acme/issue/ENG-42/gripper',
  actor: { id: 'user-ada', name: 'Ada Lovelace', type: 'user', url: 'https://linear.app/acme/profiles/ada' },
  data: {
    id: ISSUE,
    identifier: 'ENG-42',
    title: 'Gripper drops CAN frames',
    url: 'https://linear.app/acme/issue/ENG-42/gripper',
    updatedAt,
    state: { id: `state-${state.type}`, color: '#000', ...state },
    assignee: { id: 'user-ada', name: 'Ada Lovelace' },
  },
  updatedFrom: { stateId: 'state-started', updatedAt: T1 },
  ...extra,
});

const comment = (id: string, body: string) => ({
  action: 'create',
  type: 'Comment',
  organizationId: ORG,
  createdAt: T2,
  webhookId: 'webhook-1',
  webhookTimestamp: Date.now(),
  url: `https://linear.app/acme/issue/ENG-42#comment-${id}`,
  actor: { id: 'user-grace', name: 'Grace Hopper', type: 'user' },
  data: { id, body, issueId: ISSUE, createdAt: T2, user: { id: 'user-grace', name: 'Grace Hopper' } },
});

const sign = (raw: string, secret = SECRET) => createHmac('sha256', secret).update(raw).digest('hex');

/** What Twenty hands the resolver: only the forwarded headers, lower-cased, and the raw body (§B1). */
const request = (body: unknown, headers: Record<string, string> = {}, raw = JSON.stringify(body)) => ({
  ...routePayload(JSON.parse(raw), null, {
    headers: { 'linear-signature': sign(raw), 'linear-event': 'Issue', ...headers },
  }),
  rawBody: raw,
});

/** The resolver, then (on dispatch) the target in the claimant workspace, as Twenty's queue runs it. */
const deliver = async (body: unknown, headers: Record<string, string> = {}) => {
  const resolved = await runFunction(RESOLVER, request(body, headers), backgroundContext());
  if (!resolved || resolved.__twentyHttpResponse) return { resolved, applied: null };
  const applied = await runFunction(
    TARGET,
    resolved.payload,
    backgroundContext({ workspaceId: resolved.workspaceId }),
  );
  return { resolved, applied };
};

const item = () => up.twenty.core.live('workItem').find((r) => r.id === workItemId)!;
const entries = () => up.twenty.timeline;
const salesMessages = () =>
  (up.slack.view() as Loose).channels.find((c: Loose) => c.name === 'sales')!.messages as Loose[];

beforeEach(() => {
  process.env.LINEAR_WEBHOOK_SECRET = SECRET;
  up.twenty.serverKv.set(`linear:org:${ORG}`, WORKSPACE_ID);
  companyId = up.twenty.core.insert('company', { name: 'Acme Robotics', domainName: null });
  opportunityId = up.twenty.core.insert('opportunity', { name: 'Fleet renewal', companyId });
  workItemId = up.twenty.core.insert('workItem', {
    title: 'Gripper drops CAN frames',
    provider: 'LINEAR',
    upstreamId: ISSUE,
    identifier: 'ENG-42',
    url: { primaryLinkUrl: 'https://linear.app/acme/issue/ENG-42/gripper' },
    status: 'In Progress',
    statusCategory: 'IN_PROGRESS',
    assignee: 'Ada Lovelace',
    upstreamUpdatedAt: T1,
    isPrivate: false,
  });
  up.twenty.core.insert('workItemLink', { workItemId, companyId, personId: null, opportunityId: null });
  up.twenty.core.insert('workItemLink', { workItemId, companyId: null, personId: null, opportunityId });
});
afterEach(() => {
  delete process.env.LINEAR_WEBHOOK_SECRET;
  delete process.env.WORK_ITEM_DONE_SLACK_CHANNEL;
});

describe('linear-webhook (server route resolver)', () => {
  it('dispatches a verified event to the workspace that claimed the organization, with UUIDs', async () => {
    const { resolved } = await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T2), {
      'linear-delivery': 'delivery-1',
    });
    expect(resolved).toEqual({
      workspaceId: WORKSPACE_ID,
      targetLogicFunctionUniversalIdentifier: IDS.functions.linearEvent,
      payload: expect.objectContaining({
        deliveryId: 'delivery-1',
        type: 'Issue',
        action: 'update',
        organizationId: ORG,
        actor: { name: 'Ada Lovelace', url: 'https://linear.app/acme/profiles/ada' },
        issue: expect.objectContaining({ id: ISSUE, state: { name: 'Done', type: 'completed' } }),
      }),
    });
    expect(resolved.workspaceId).toMatch(UUID);
    expect(resolved.targetLogicFunctionUniversalIdentifier).toMatch(UUID);
  });

  it.each([
    ['a forged signature', { 'linear-signature': sign('{}') }],
    ['a signature made with another secret', 'other-secret'],
    ['no signature', { 'linear-signature': '' }],
  ])('answers 401 to %s and changes nothing', async (_, variant) => {
    const body = issueUpdate({ name: 'Done', type: 'completed' }, T2);
    const raw = JSON.stringify(body);
    const headers =
      typeof variant === 'string'
        ? { 'linear-signature': sign(raw, variant) }
        : (variant as Record<string, string>);
    const { resolved } = await deliver(body, headers);
    expect(resolved).toMatchObject({ status: 401 });
    expect(item().statusCategory).toBe('IN_PROGRESS');
    expect(entries()).toEqual([]);
    expect(up.twenty.kv.get('events:bad-signature:linear')).toEqual({ count: 1, lastAt: expect.any(String) });
  });

  it('answers 401 when no webhook secret is configured: nothing can be verified', async () => {
    delete process.env.LINEAR_WEBHOOK_SECRET;
    const { resolved } = await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T2));
    expect(resolved).toMatchObject({ status: 401, body: { error: 'webhook secret not configured' } });
    expect(item().statusCategory).toBe('IN_PROGRESS');
  });

  it('answers 400 to a delivery without a raw body', async () => {
    const payload = { ...request({}), rawBody: undefined };
    expect(await runFunction(RESOLVER, payload, backgroundContext())).toMatchObject({ status: 400 });
  });

  it('answers 400 to a correctly signed delivery older than a minute (a replay)', async () => {
    const body = issueUpdate({ name: 'Done', type: 'completed' }, T2, {
      webhookTimestamp: Date.now() - 61_000,
    });
    const { resolved } = await deliver(body);
    expect(resolved).toMatchObject({ status: 400, body: { error: 'stale timestamp' } });
    expect(item().statusCategory).toBe('IN_PROGRESS');
  });

  it('acknowledges and ignores an organization no workspace claimed', async () => {
    up.twenty.serverKv.clear();
    const { resolved } = await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T2));
    expect(resolved).toMatchObject({ status: 200, body: { ignored: 'unknown organization' } });
    expect(item().statusCategory).toBe('IN_PROGRESS');
    expect(entries()).toEqual([]);
  });
});

describe('linear-event (dispatch target)', () => {
  it('moves the item to Done and writes "moved to Done" on every linked record, with the Linear actor', async () => {
    const { applied } = await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T2));
    expect(applied).toMatchObject({ success: true, applied: true, entries: 2 });
    expect(item()).toMatchObject({ status: 'Done', statusCategory: 'DONE', upstreamUpdatedAt: T2 });
    const properties = {
      provider: 'linear',
      identifier: 'ENG-42',
      title: 'Gripper drops CAN frames',
      url: 'https://linear.app/acme/issue/ENG-42/gripper',
      from: 'In Progress',
      to: 'Done',
      actor: { name: 'Ada Lovelace', url: 'https://linear.app/acme/profiles/ada' },
    };
    expect(entries()).toEqual(
      [
        { object: 'company', id: companyId },
        { object: 'opportunity', id: opportunityId },
      ].map((target) =>
        expect.objectContaining({
          type: IDS.timelineActivityTypes.workItemStatusDone,
          target,
          linkedRecordId: workItemId,
          linkedObjectMetadataId: 'object-workItem',
          happensAt: T2,
          properties,
          workspaceMemberId: null,
        }),
      ),
    );
    expect(up.twenty.kv.get('events:last:linear')).toEqual(expect.any(String));
  });

  it('applies the same delivery once however often it arrives', async () => {
    const body = issueUpdate({ name: 'Done', type: 'completed' }, T2);
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push((await deliver(body, { 'linear-delivery': 'delivery-7' })).applied);
    expect(results.slice(1)).toEqual([
      expect.objectContaining({ duplicate: true }),
      expect.objectContaining({ duplicate: true }),
    ]);
    expect(entries()).toHaveLength(2);
  });

  it('writes nothing again for a redelivery under a new delivery id (the state is already stored)', async () => {
    const body = issueUpdate({ name: 'Done', type: 'completed' }, T2);
    await deliver(body, { 'linear-delivery': 'a' });
    await deliver(body, { 'linear-delivery': 'b' });
    expect(entries()).toHaveLength(2);
  });

  it('never moves the status back for an event older than the stored update', async () => {
    await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T3));
    const { applied } = await deliver(issueUpdate({ name: 'In Review', type: 'started' }, T2));
    expect(applied).toMatchObject({ applied: false, reason: 'stale' });
    expect(item()).toMatchObject({ status: 'Done', statusCategory: 'DONE', upstreamUpdatedAt: T3 });
    expect(entries().map((e) => e.type)).toEqual([
      IDS.timelineActivityTypes.workItemStatusDone,
      IDS.timelineActivityTypes.workItemStatusDone,
    ]);
  });

  it('writes "assigned" when the assignee changes, naming who', async () => {
    const body = issueUpdate({ name: 'In Progress', type: 'started' }, T2);
    body.data.assignee = { id: 'user-grace', name: 'Grace Hopper' };
    await deliver(body);
    expect(item().assignee).toBe('Grace Hopper');
    expect(entries().map((e) => [e.type, e.properties.from, e.properties.to])).toEqual([
      [IDS.timelineActivityTypes.workItemAssigned, 'Ada Lovelace', 'Grace Hopper'],
      [IDS.timelineActivityTypes.workItemAssigned, 'Ada Lovelace', 'Grace Hopper'],
    ]);
  });

  it('writes "commented on" once per comment, with the comment and its author', async () => {
    await deliver(comment('comment-1', 'Reproduced on unit 7.'), { 'linear-delivery': 'c1' });
    await deliver(comment('comment-1', 'Reproduced on unit 7.'), { 'linear-delivery': 'c1-again' });
    expect(entries()).toHaveLength(2);
    expect(entries()[0]).toMatchObject({
      type: IDS.timelineActivityTypes.workItemCommented,
      properties: {
        identifier: 'ENG-42',
        actor: { name: 'Grace Hopper' },
        comment: { id: 'comment-1', body: 'Reproduced on unit 7.' },
      },
    });
  });

  it('changes nothing for an issue nobody linked', async () => {
    const body = issueUpdate({ name: 'Done', type: 'completed' }, T2);
    body.data.id = '99999999-0000-4000-8000-000000000000';
    const { applied } = await deliver(body);
    expect(applied).toMatchObject({ applied: false, reason: 'not linked' });
    expect(entries()).toEqual([]);
  });

  it('gives up the claim when the organization revokes the app', async () => {
    const { applied } = await deliver({
      action: 'revoked',
      type: 'OAuthApp',
      organizationId: ORG,
      oauthClientId: 'client-1',
      createdAt: T2,
      webhookId: 'webhook-1',
      webhookTimestamp: Date.now(),
    });
    expect(applied).toMatchObject({ success: true, released: true });
    expect(up.twenty.serverKv.has(`linear:org:${ORG}`)).toBe(false);
  });

  it('posts one escaped Slack message when an opportunity-linked item is done, none on redelivery', async () => {
    process.env.WORK_ITEM_DONE_SLACK_CHANNEL = '#sales';
    up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const body = issueUpdate({ name: 'Done', type: 'completed' }, T2);
    body.data.title = '<!channel> Gripper & co';
    const first = await deliver(body, { 'linear-delivery': 'd1' });
    await deliver(body, { 'linear-delivery': 'd2' });
    await deliver(body, { 'linear-delivery': 'd1' });
    expect(first.applied.slack).toEqual({ channel: 'C0ACMESALES', ts: expect.any(String) });
    expect(salesMessages()).toHaveLength(1);
    expect(salesMessages()[0].text).toBe(
      '<https://linear.app/acme/issue/ENG-42/gripper|ENG-42 &lt;!channel&gt; Gripper &amp; co> is done by Ada Lovelace.',
    );
    expect(salesMessages()[0].notifies).toEqual([]);
  });

  it('posts nothing to Slack for an item linked to no opportunity', async () => {
    process.env.WORK_ITEM_DONE_SLACK_CHANNEL = '#sales';
    up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const link = up.twenty.core.live('workItemLink').find((l) => l.opportunityId === opportunityId)!;
    link.deletedAt = T1;
    await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T2));
    expect(salesMessages()).toHaveLength(0);
    expect(up.slack.calls()).toEqual([]);
  });

  it('writes no entry an admin switched off, and still applies the change', async () => {
    up.twenty.inactiveTimelineTypes.add(IDS.timelineActivityTypes.workItemStatusDone);
    const { applied } = await deliver(issueUpdate({ name: 'Done', type: 'completed' }, T2));
    expect(applied).toMatchObject({ applied: true, entries: 0 });
    expect(item().statusCategory).toBe('DONE');
  });
});

describe('timeline targets', () => {
  it("names Twenty's standard objects by their universalIdentifiers", async () => {
    // Imported late: twenty-sdk's metadata client reads TWENTY_API_URL when first loaded, as in Twenty.
    const { TARGET_OBJECTS } = await import('../../../src/functions/events/timeline.ts');
    expect(TARGET_OBJECTS).toEqual({
      company: STANDARD.company.universalIdentifier,
      person: STANDARD.person.universalIdentifier,
      opportunity: STANDARD.opportunity.universalIdentifier,
    });
  });
});
