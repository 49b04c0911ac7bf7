import { afterEach, describe, expect, it } from 'vitest';
import { IDS } from '../../../src/universal-identifiers.ts';
import { PROVIDER_ENV } from '../../support/fake-twenty.ts';
import { type Loose, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const VARIABLES = Object.keys(PROVIDER_ENV);
const WEBHOOK_URL = `http://twenty.test/webhooks/server/${IDS.functions.linearWebhook}`;
const ALLOWED = ['OK', 'SUCCESS', 'INFO', 'WARNING', 'ERROR', 'NEUTRAL'];

type Health = {
  status: string;
  message: string;
  title: string;
  description: string;
  action?: { label: string; location: string };
};
const check = (): Promise<Health> =>
  runFunction('src/functions/connections/health-check.ts', { version: '1' });

const now = () => new Date().toISOString();
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
/** What work-items-refresh records after a run (src/functions/events/refresh-record.ts). */
const lastRun = (linear: Loose = {}, github: Loose = {}) =>
  up.twenty.kv.set('refresh:last', {
    at: now(),
    linear: { items: 2, read: 0, changed: 0, entries: 0, requests: 0, ...linear },
    github: { items: 1, read: 1, changed: 0, entries: 0, requests: 1, notModified: 1, ...github },
  });

afterEach(() => {
  delete process.env.LINEAR_WEBHOOK_SECRET;
});

describe('health-check', () => {
  // Current servers validate an upper-case status and a non-empty `message` (docs/events-sources.md §A5); SDK 2.43 types
  // title/description: every result carries both forms, saying the same.
  it('answers an upper-case status with message, title and description in every mode', async () => {
    const arrangements: (() => void)[] = [
      () => {},
      () => {
        process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
        up.twenty.kv.set('events:last:linear', now());
      },
      () => {
        delete process.env.SLACK_CLIENT_SECRET;
      },
      () => {
        for (const name of VARIABLES) delete process.env[name];
      },
    ];
    for (const arrange of arrangements) {
      up.twenty.reset();
      arrange();
      const health = await check();
      expect(ALLOWED).toContain(health.status);
      expect(health.message).toEqual(expect.stringMatching(/\S/));
      expect(health.title).toEqual(expect.stringMatching(/\S/));
      expect(health.message).toContain(health.title);
      expect(health.message).toContain(health.description.split('. ')[0]);
    }
  });

  it('says Linear polls every 15 min while LINEAR_WEBHOOK_SECRET is not set, and where to register the webhook', async () => {
    const health = await check();
    expect(health.status).toBe('INFO');
    expect(health.description).toContain('Linear: polling every 15 min (LINEAR_WEBHOOK_SECRET is not set)');
    expect(health.description).toContain(WEBHOOK_URL);
    expect(health.action).toEqual({ label: 'Set LINEAR_WEBHOOK_SECRET', location: 'variables' });
    expect(health.description).toContain('GitHub: polling every 15 min with conditional requests (ETag');
  });

  it('is OK with webhooks that arrive, and says when the last one came', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    const at = hoursAgo(1);
    up.twenty.kv.set('events:last:linear', at);
    lastRun({ mode: 'webhooks' });
    const health = await check();
    expect(health.status).toBe('OK');
    expect(health.description).toContain(`Linear: webhooks (last verified event at ${at})`);
    expect(health.description).toMatch(/last run at .*: 1 requests, 1 unchanged \(304\)/);
    expect(health.action).toBeUndefined();
  });

  it('warns when no event came in 24 h while items are linked, naming the webhook URL to check', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    up.twenty.kv.set('events:last:linear', hoursAgo(30));
    lastRun({ mode: 'webhooks' });
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toContain('no event in 24 h while 2 items are linked');
    expect(health.description).toContain(`Check the webhook URL at Linear: ${WEBHOOK_URL}`);
  });

  it("warns when the organization's events go to another workspace: this one polls", async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    lastRun({ mode: 'polling', reason: 'the Linear organization o-1 is routed to another Twenty workspace' });
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toBe(
      'Linear: polling every 15 min: the Linear organization o-1 is routed to another Twenty workspace.',
    );
  });

  it('warns, before any refresh ran, when a Linear connection found its organization claimed elsewhere', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    const connection = up.twenty.addConnection({
      provider: 'linear',
      visibility: 'workspace',
      userWorkspaceId: 'uw-admin',
      accessToken: 'lin_x',
    });
    up.twenty.kv.set(`connection-identity:${connection.id}`, {
      account: 'Admin · Acme',
      details: { organizationId: 'o-2' },
      recordedAt: now(),
    });
    up.twenty.kv.set('linear-claim-refused:o-2', { at: now(), reason: 'already claimed' });
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toBe(
      'Linear: polling every 15 min: the Linear organization o-2 is routed to another Twenty workspace (its claim was refused at connect).',
    );
  });

  it('warns about deliveries that failed the signature check in the last 24 h', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    up.twenty.kv.set('events:last:linear', now());
    up.twenty.kv.set('events:bad-signature:linear', { count: 3, lastAt: hoursAgo(2) });
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toContain('Linear: 3 deliveries failed the signature check');
    expect(health.action).toEqual({ label: 'Set LINEAR_WEBHOOK_SECRET', location: 'variables' });
  });

  it('names connections marked failed and says to reconnect them', async () => {
    up.twenty.addConnection({
      provider: 'github',
      visibility: 'workspace',
      userWorkspaceId: 'uw-admin',
      name: 'Team GitHub',
      accessToken: 'gho_x',
      authFailedAt: hoursAgo(3),
      authFailedReason: 'Bad credentials',
    });
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toContain('GitHub rejected "Team GitHub" (workspace shared');
    expect(health.description).toContain(
      'Reconnect in Settings → Applications → twenty-connect → Connections',
    );
  });

  it('lists automations skipped for want of a shared connection, with the reason', async () => {
    up.twenty.kv.set('automation-skipped:linear-digest', {
      reason: 'No workspace-shared Linear connection exists.',
      at: hoursAgo(1),
    });
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toContain('linear-digest skipped its last run');
    expect(health.description).toContain('No workspace-shared Linear connection exists.');
  });

  it('reports GitHub repositories the shared connection cannot see, and a failed GitHub run', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    up.twenty.kv.set('events:last:linear', now());
    lastRun({ mode: 'webhooks' }, { notVisible: ['acme-robotics/firmware'] });
    expect((await check()).description).toContain(
      'Not visible to the shared GitHub connection: acme-robotics/firmware.',
    );
    lastRun({ mode: 'webhooks' }, { failed: 'GitHub is rate limiting this connection.' });
    const failed = await check();
    expect(failed.status).toBe('WARNING');
    expect(failed.description).toContain('failed: GitHub is rate limiting this connection.');
  });

  it('is INFO listing the providers that are missing and the variables to fill', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec';
    delete process.env.GITHUB_CLIENT_SECRET;
    process.env.SLACK_CLIENT_ID = ' ';
    const health = await check();
    expect(health.status).toBe('INFO');
    expect(health.title).toBe('Ready: Linear. Not configured: GitHub, Slack.');
    expect(health.description).toContain('GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET');
    expect(health.description).toContain('SLACK_CLIENT_ID/SLACK_CLIENT_SECRET');
    expect(health.description).not.toContain('LINEAR_CLIENT');
  });

  it('is WARNING when no provider is configured', async () => {
    for (const name of VARIABLES) delete process.env[name];
    const health = await check();
    expect(health.status).toBe('WARNING');
    expect(health.title).toBe('No provider is configured yet.');
  });

  it('never shows a client secret or the webhook secret', async () => {
    process.env.LINEAR_WEBHOOK_SECRET = 'whsec-very-secret';
    delete process.env.LINEAR_CLIENT_ID;
    const text = JSON.stringify(await check());
    for (const name of VARIABLES.filter((v) => v.endsWith('SECRET')))
      expect(text).not.toContain(PROVIDER_ENV[name]);
    expect(text).not.toContain('whsec-very-secret');
  });
});
