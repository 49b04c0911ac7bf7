import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { PROVIDERS } from '../../src/providers/index.ts';
import { addConnection, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** The app's functions, found by name in the built manifest (ids belong to the app). */
const functionId = (harness: Harness, name: string) => {
  const fn = harness.services.runner.list().find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`the app has no function named ${name}`);
  return fn.universalIdentifier;
};

const runTool = (harness: Harness, name: string, member: string, input: unknown) =>
  harness.api('POST', `/api/functions/${functionId(harness, name)}/run`, { trigger: 'tool', member, input });

const issueCreates = (harness: Harness) =>
  harness.services.ctx
    .bridge!.forProvider('linear')!
    .calls()
    .filter((call) => call.operation.includes('issueCreate'));

describe('the real app on the local runtime, end to end through the sandboxes', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ app: await buildApp(PROJECT_ROOT) });
    const configured = await harness.api('PUT', '/api/server-variables', {
      values: { LINEAR_CLIENT_ID: 'lin-app-id', LINEAR_CLIENT_SECRET: 'lin-app-secret-value' },
    });
    expect(configured.status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  it("creates an issue with the member's own connection and the sandbox shows it", async () => {
    const landed = await addConnection(harness, { member: 'ada', visibility: 'user' });
    expect(landed.searchParams.get('connectionError')).toBeNull();
    const before = issueCreates(harness).length;

    const run = await harness.api(
      'POST',
      `/api/functions/${functionId(harness, 'linear-create-issue')}/run`,
      {
        trigger: 'tool',
        member: 'ada',
        input: { team: 'ENG', title: 'Runtime end-to-end issue' },
      },
    );

    expect(run.body.ok).toBe(true);
    expect(JSON.stringify(run.body.result)).toMatch(/ENG-\d+/);
    expect(issueCreates(harness).length).toBe(before + 1);
    expect(JSON.stringify(harness.services.ctx.bridge!.forProvider('linear')!.view())).toContain(
      'Runtime end-to-end issue',
    );
  });

  it("never uses another member's personal connection, for tools or routes", async () => {
    const before = issueCreates(harness).length;
    const tool = await harness.api(
      'POST',
      `/api/functions/${functionId(harness, 'linear-create-issue')}/run`,
      {
        trigger: 'tool',
        member: 'grace',
        input: { team: 'ENG', title: 'Grace must not write as Ada' },
      },
    );
    expect(JSON.stringify(tool.body.result ?? tool.body.error)).toMatch(
      /not connected|Add connection|connect/i,
    );

    const grace = harness.services.ctx.members.byId('grace')!;
    const route = await fetch(`${harness.baseUrl}/s/linear/issues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grace.routeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ team: 'ENG', title: 'Grace must not write as Ada either' }),
    });
    expect(route.status).not.toBe(201);
    expect(issueCreates(harness).length).toBe(before);
  });

  it('uses the workspace-shared connection for a member without their own, through the route', async () => {
    const shared = await addConnection(harness, { member: 'ada', visibility: 'workspace' });
    const sharedId = shared.searchParams.get('connected')!;
    await harness.api('PATCH', `/api/connections/${sharedId}`, { member: 'alan', name: 'Team Linear' });
    const grace = harness.services.ctx.members.byId('grace')!;

    const route = await fetch(`${harness.baseUrl}/s/linear/issues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grace.routeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ team: 'ENG', title: 'Filed through the shared connection' }),
    });

    expect(route.status).toBe(201);
    const body = await route.json();
    expect(JSON.stringify(body)).toContain('Team Linear');
    expect(JSON.stringify(body)).not.toContain('Linear #1');
  });

  it('records the upstream identity from the onConnect hook for the console', async () => {
    const state = await harness.api('GET', '/api/state?member=ada');
    const own = state.body.connections.find(
      (c: { mine: boolean; providerName: string }) => c.mine && c.providerName === 'linear',
    );
    expect(own.account).not.toBeNull();
  });

  it("revokes a Linear connection's token in the app's own hook when a member disconnects it", async () => {
    const id = (await addConnection(harness, { member: 'grace', visibility: 'user' })).searchParams.get(
      'connected',
    );
    expect(id).toBeTruthy();
    const token = harness.services.ctx.connections.get(id!)!.accessToken;
    const linear = harness.services.ctx.bridge!.forProvider('linear')!;
    const before = linear.calls().length;

    const response = await harness.api('DELETE', `/api/connections/${id}?member=grace`);

    expect(response.status).toBe(200);
    expect(harness.services.ctx.connections.get(id!)).toBeUndefined();
    // Current Twenty runs onDisconnect first: the app revokes with the documented Bearer header (200); Twenty's
    // own RFC 7009 `token=` post that follows is not a parameter Linear documents (400).
    const revokes = linear
      .calls()
      .slice(before)
      .filter((call) => call.operation === 'oauth.revoke')
      .map((call) => call.status);
    expect(revokes).toEqual([200, 400]);
    const viewer = await fetch(`${harness.baseUrl}/_sandbox/api.linear.app/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(viewer.status).toBe(401);
    const hook = harness.services.ctx.runs.recent(20).find((run) => run.trigger === 'onDisconnect');
    expect(JSON.stringify(hook?.result)).toContain('"revoked":true');
    expect(JSON.stringify(hook)).not.toContain(token);
  });

  it("shows the app's providers in the order of its list, each with its own variables and hooks", async () => {
    const state = await harness.api('GET', '/api/state?member=ada');
    type Shown = {
      name: string;
      displayName: string;
      clientIdVariable: string;
      clientSecretVariable: string;
    };
    expect(
      state.body.providers.map(({ name, displayName, clientIdVariable, clientSecretVariable }: Shown) => ({
        name,
        displayName,
        clientIdVariable,
        clientSecretVariable,
      })),
    ).toEqual(
      PROVIDERS.map(({ name, displayName, clientIdVariable, clientSecretVariable }) => ({
        name,
        displayName,
        clientIdVariable,
        clientSecretVariable,
      })),
    );
    const hooks = state.body.functions
      .filter((fn: { triggers: { connection?: unknown } }) => fn.triggers.connection)
      .map((fn: { name: string; triggers: { connection: { provider: string; hook: string } } }) => ({
        name: fn.name,
        ...fn.triggers.connection,
      }));
    expect(hooks).toEqual(
      expect.arrayContaining(
        PROVIDERS.flatMap(({ name }) => [
          { name: `${name}-on-connect`, provider: name, hook: 'onConnect' },
          { name: `${name}-on-disconnect`, provider: name, hook: 'onDisconnect' },
        ]),
      ),
    );
    expect(hooks).toHaveLength(PROVIDERS.length * 2);
  });

  describe('GitHub and Slack handshakes through their sandboxes, quirks included', () => {
    it("shows GitHub's HTTP 200 token error to the member when the client secret is wrong", async () => {
      await harness.api('PUT', '/api/server-variables', {
        values: { GITHUB_CLIENT_ID: 'gh-app-id', GITHUB_CLIENT_SECRET: 'gh-secret-registered' },
      });
      // The sandbox registered the right secret; now the admin "mistypes" it in the runtime only.
      harness.services.ctx.records.setServerVariables({ GITHUB_CLIENT_SECRET: 'gh-secret-typo' }, () => true);
      const landed = await addConnection(harness, { member: 'ada', provider: 'github', visibility: 'user' });
      expect(landed.searchParams.get('connected')).toBeNull();
      expect(landed.searchParams.get('connectionError')).toMatch(/incorrect_client_credentials/);
    });

    it('connects GitHub and creates an issue in a sandbox repository', async () => {
      await harness.api('PUT', '/api/server-variables', {
        values: { GITHUB_CLIENT_SECRET: 'gh-secret-registered' },
      });
      const landed = await addConnection(harness, { member: 'ada', provider: 'github', visibility: 'user' });
      expect(landed.searchParams.get('connectionError')).toBeNull();
      const run = await runTool(harness, 'github-create-issue', 'ada', {
        repository: 'acme-robotics/firmware',
        title: 'Filed from the runtime',
      });
      expect(run.body.ok).toBe(true);
      expect(JSON.stringify(harness.services.ctx.bridge!.forProvider('github')!.view())).toContain(
        'Filed from the runtime',
      );
    });

    it('connects Slack (bot token) and posts a message the sandbox keeps', async () => {
      await harness.api('PUT', '/api/server-variables', {
        values: { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'slack-secret-value' },
      });
      const landed = await addConnection(harness, {
        member: 'ada',
        provider: 'slack',
        visibility: 'workspace',
      });
      expect(landed.searchParams.get('connectionError')).toBeNull();
      const run = await runTool(harness, 'slack-post-message', 'alan', {
        channel: 'general',
        text: 'Hello from the runtime',
      });
      expect(run.body.ok).toBe(true);
      expect(JSON.stringify(harness.services.ctx.bridge!.forProvider('slack')!.view())).toContain(
        'Hello from the runtime',
      );
    });
  });
});
