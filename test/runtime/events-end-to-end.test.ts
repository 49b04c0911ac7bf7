/**
 * Events in, timeline out, end to end: the Linear sandbox sends its signed webhooks to the app's server route on
 * the local runtime; the resolver verifies and routes them through the organization's claim; the target updates the
 * work item and writes the linked records' timelines. Also: forged, repeated, stale and unclaimed deliveries, and
 * the polling fallback without webhooks.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { SEED_IDS } from '../../local/twenty/records/seed.ts';
import {
  addConnection,
  functionIdOf,
  type Harness,
  removeDataDir,
  runTool,
  startHarness,
} from './helpers/runtime-harness.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const ACME = { object: 'company', id: SEED_IDS.acme } as const;
const GLOBEX = { object: 'company', id: SEED_IDS.globex } as const;

// biome-ignore lint/suspicious/noExplicitAny: answers are checked by shape in each test.
type Json = any;

describe('linked work stays current by itself: Linear webhooks and polling', () => {
  let harness: Harness;
  let secret: string;
  let webhookPath: string;

  const functionOf = (name: string) => functionIdOf(harness, name);
  const tool = (name: string, input: unknown, member = 'ada'): Promise<Json> =>
    runTool(harness, name, member, input);
  const sandbox = async (action: string, body: unknown = {}): Promise<Json> => {
    const answer = await harness.api('POST', `/api/sandbox/linear/${action}`, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const page = async (record: { object: string; id: string }): Promise<Json> =>
    (await harness.api('GET', `/api/records/${record.object}/${record.id}?member=ada`)).body;
  const item = async (record: { object: string; id: string }, identifier: string) =>
    (await page(record)).workItems.find((w: Json) => w.identifier === identifier);
  const timelineOf = async (record: { object: string; id: string }, identifier: string) =>
    (await page(record)).timeline.filter((entry: Json) => entry.properties?.identifier === identifier);
  /** Waits (at most 10 s) until `check` holds, for what a delivery does after the 200. */
  const eventually = async <T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> => {
    const until = Date.now() + 10_000;
    let value = await read();
    while (!check(value) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      value = await read();
    }
    return value;
  };
  /** Settles the runtime's queue: every dispatch run that was queued has finished. */
  const settle = () => new Promise((r) => setTimeout(r, 1_500));
  const organizationId = async (): Promise<string> => {
    // biome-ignore lint/suspicious/noExplicitAny: the sandbox's own state.
    const state = harness.services.ctx.bridge!.forProvider('linear')!.exportState() as any;
    return state.data.organization.id;
  };
  const signedPost = async (body: unknown, signWith = secret) => {
    const raw = JSON.stringify(body);
    return fetch(`${harness.baseUrl}${webhookPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'linear-signature': createHmac('sha256', signWith).update(raw).digest('hex'),
        'linear-delivery': randomUUID(),
        'linear-event': 'Issue',
      },
      body: raw,
    });
  };

  beforeAll(async () => {
    harness = await startHarness({ app: await buildApp(PROJECT_ROOT) });
    // The admin reads the signing secret on Linear's webhook settings and pastes it into the server variable.
    const webhook = (await sandbox('webhook', {})).webhook;
    secret = webhook.secret;
    webhookPath = new URL(webhook.url).pathname;
    expect(webhookPath).toBe(`/webhooks/server/${functionOf('linear-webhook')}`);
    const configured = await harness.api('PUT', '/api/server-variables', {
      values: {
        LINEAR_CLIENT_ID: 'lin-app-id',
        LINEAR_CLIENT_SECRET: 'lin-app-secret-value',
        LINEAR_WEBHOOK_SECRET: secret,
      },
    });
    expect(configured.status).toBe(200);
    // Connecting claims the Linear organization for this workspace (linear-on-connect).
    const landed = await addConnection(harness, { member: 'ada', visibility: 'user' });
    expect(landed.searchParams.get('connectionError')).toBeNull();
  }, 240_000);
  afterAll(async () => {
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  let issue: string;

  it('moves a linked issue to Done in Linear: the item and the company timeline follow within seconds', async () => {
    const created = await tool('linear-create-issue', {
      team: 'ENG',
      title: 'Pallet scanner drops reads',
      record: ACME,
    });
    expect(created.success).toBe(true);
    issue = created.issue.identifier;

    const moved = await sandbox('issue-update', { issue, state: 'Done' });
    expect(moved.deliveries).toHaveLength(1);

    const done = await eventually(
      () => item(ACME, issue),
      (w) => w?.statusCategory === 'DONE',
    );
    expect(done).toMatchObject({ status: 'Done', statusCategory: 'DONE' });
    const entries = await eventually(
      () => timelineOf(ACME, issue),
      (list) => list.some((e: Json) => e.properties.to === 'Done'),
    );
    const entry = entries.find((e: Json) => e.properties.to === 'Done');
    expect(entry.label).toMatch(/Done/);
    expect(entry.properties.actor).toBeTruthy();
    const deliveries = (await sandbox('deliveries')).deliveries;
    expect(deliveries[0]).toMatchObject({ status: 'delivered', statusCode: 200 });
  });

  it('the same delivery three times makes one timeline entry', async () => {
    const moved = await sandbox('issue-update', { issue, state: 'In Progress' });
    const delivery = moved.deliveries[0];
    await eventually(
      () => item(ACME, issue),
      (w) => w?.statusCategory === 'IN_PROGRESS',
    );
    await sandbox('redeliver', { delivery });
    await sandbox('redeliver', { delivery });
    await settle();
    const entries = (await timelineOf(ACME, issue)).filter((e: Json) => e.properties.to === 'In Progress');
    expect(entries).toHaveLength(1);
  });

  it('a forged signature gets 401 and changes nothing', async () => {
    const before = await item(ACME, issue);
    const entries = (await timelineOf(ACME, issue)).length;
    const forged = await signedPost(
      {
        action: 'update',
        type: 'Issue',
        organizationId: await organizationId(),
        createdAt: new Date().toISOString(),
        webhookTimestamp: Date.now(),
        data: { id: 'x', identifier: issue, title: 'Forged', updatedAt: new Date().toISOString() },
      },
      'not-the-secret',
    );
    expect(forged.status).toBe(401);
    await settle();
    expect(await item(ACME, issue)).toEqual(before);
    expect((await timelineOf(ACME, issue)).length).toBe(entries);
  });

  it('an event older than the item does not move its status back', async () => {
    const before = await item(ACME, issue);
    const entries = (await timelineOf(ACME, issue)).length;
    const linearIssue = (await tool('list-work-items', { record: ACME, refresh: false })).items.find(
      (w: Json) => w.identifier === issue,
    );
    expect(linearIssue).toBeTruthy();
    // A validly signed, fresh delivery about an old change (its updatedAt is a year ago): "Todo".
    const answer = await signedPost({
      action: 'update',
      type: 'Issue',
      organizationId: await organizationId(),
      createdAt: new Date().toISOString(),
      webhookTimestamp: Date.now(),
      url: before.url,
      data: {
        id: (await upstreamId(issue)) ?? 'unknown',
        identifier: issue,
        title: before.title,
        url: before.url,
        updatedAt: new Date(Date.now() - 365 * 86_400_000).toISOString(),
        state: { id: 's', name: 'Todo', type: 'unstarted', color: '#000' },
      },
      updatedFrom: { stateId: 'x' },
    });
    expect(answer.status).toBe(200);
    await settle();
    expect((await item(ACME, issue)).statusCategory).toBe(before.statusCategory);
    expect((await timelineOf(ACME, issue)).length).toBe(entries);
  });

  it('an event for an organization no workspace claimed is acknowledged and ignored', async () => {
    const answer = await signedPost({
      action: 'update',
      type: 'Issue',
      organizationId: randomUUID(),
      createdAt: new Date().toISOString(),
      webhookTimestamp: Date.now(),
      data: {
        id: randomUUID(),
        identifier: 'OTHER-1',
        title: 'Elsewhere',
        updatedAt: new Date().toISOString(),
      },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).not.toMatchObject({ queued: true });
  });

  it('without webhooks, the cron refresh brings the same result', async () => {
    // No secret: deliveries cannot be verified, so they are refused and polling takes over.
    await harness.api('PUT', '/api/server-variables', { values: { LINEAR_WEBHOOK_SECRET: '' } });
    const shared = await addConnection(harness, { member: 'ada', visibility: 'workspace' });
    expect(shared.searchParams.get('connectionError')).toBeNull();
    const created = await tool('linear-create-issue', {
      team: 'ENG',
      title: 'Customs export fails',
      record: GLOBEX,
    });
    const polled = created.issue.identifier;
    await sandbox('issue-update', { issue: polled, state: 'Done' });
    await settle();
    expect((await item(GLOBEX, polled)).statusCategory).not.toBe('DONE');

    const run = await harness.api('POST', `/api/functions/${functionOf('work-items-refresh')}/run`, {
      trigger: 'cron',
    });
    expect(run.status).toBe(200);
    expect(run.body.ok).toBe(true);
    expect((await item(GLOBEX, polled)).statusCategory).toBe('DONE');
    const entries = await timelineOf(GLOBEX, polled);
    expect(entries.some((e: Json) => e.properties.to === 'Done')).toBe(true);

    const health = await harness.api('POST', '/api/health-check', {});
    expect(JSON.stringify(health.body)).toMatch(/LINEAR_WEBHOOK_SECRET/);
  });

  /** The Linear issue id behind an identifier, as the sandbox knows it. */
  const upstreamId = async (identifier: string): Promise<string | undefined> => {
    // biome-ignore lint/suspicious/noExplicitAny: the sandbox view is JSON for the console.
    const view = harness.services.ctx.bridge!.forProvider('linear')!.view() as any;
    return view.teams.flatMap((t: Json) => t.issues).find((i: Json) => i.identifier === identifier)?.id;
  };
});
