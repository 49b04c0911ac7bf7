import { getConnection, listConnections } from 'twenty-sdk/logic-function';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

// Behaviours of current Twenty server code (see /docs/local-runtime.md "What it emulates" for the sources).

const WHOAMI = '9b6c7d8e-af01-4c12-93e4-5f6071829304';

const connectedId = (url: URL) => {
  const id = url.searchParams.get('connected');
  if (!id) throw new Error(`not connected: ${url.searchParams.get('connectionError')}`);
  return id;
};

const refreshCalls = (harness: Harness) =>
  harness.services.ctx
    .bridge!.forProvider('linear')!
    .calls()
    .filter(
      (call) =>
        call.operation === 'oauth.token' &&
        (call.body as { grant_type?: string }).grant_type === 'refresh_token',
    ).length;

/** The whoami tool (lists Linear connections through the SDK, asks Linear who the token belongs to). */
const whoami = async (harness: Harness, member: string) => {
  const run = await harness.api('POST', `/api/functions/${WHOAMI}/run`, {
    trigger: 'tool',
    member,
    input: {},
  });
  expect(run.body.ok, JSON.stringify(run.body.error)).toBe(true);
  return run.body.result as {
    connected: boolean;
    connectionId?: string;
    status?: number;
    env: Record<string, string>;
  };
};

/** Ages a connection's credentials as if they had been obtained `minutes` ago, leaving its stored expiry. */
const ageCredentials = (harness: Harness, id: string, minutes: number) =>
  harness.services.ctx.db
    .prepare('UPDATE connections SET credentials_refreshed_at = ? WHERE id = ?')
    .run(new Date(Date.now() - minutes * 60_000).toISOString(), id);

const useSdkAgainst = (harness: Harness) => {
  process.env.TWENTY_API_URL = harness.baseUrl;
  process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN = harness.services.ctx.secrets.appToken;
};

afterAll(() => {
  delete process.env.TWENTY_API_URL;
  delete process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN;
});

describe('the runtime as current Twenty', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  describe('disconnect', () => {
    it('runs onDisconnect first, once, while the connection and its token still work; then revokes and deletes', async () => {
      const id = connectedId(await addConnection(harness, { member: 'ada', visibility: 'user' }));

      const response = await harness.api('DELETE', `/api/connections/${id}?member=ada`);

      // Twenty's own revoke posts RFC 7009 `token=`, which Linear does not document: the sandbox refuses it.
      // The real app revokes in its hook instead (test/app/connections/linear-disconnect.test.ts).
      expect(response.body).toEqual({ ok: true, revoked: false });
      // What the hook saw: getConnection answered, and Linear accepted the token.
      expect(harness.services.ctx.records.kvGet(`disconnected:${id}`, 'WORKSPACE')).toMatchObject({
        connectedAccountId: id,
        readable: true,
        viewerStatus: 200,
        maxRetries: 0,
      });
      const hookRun = harness.services.ctx.runs.recent(20).find((run) => run.trigger === 'onDisconnect');
      expect(hookRun?.attempts).toBe(1);
      expect(harness.services.ctx.connections.get(id)).toBeUndefined();
      const calls = harness.services.ctx.bridge!.forProvider('linear')!.calls();
      expect(calls.at(-1)?.operation).toBe('oauth.revoke');
    });
  });

  describe('who may manage a workspace-shared connection', () => {
    it('lets only a member with the Applications permission add a shared connection', async () => {
      const refused = await harness.api('POST', '/api/connections', {
        member: 'grace',
        provider: 'linear',
        visibility: 'workspace',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/Applications permission/);
      const personal = await harness.api('POST', '/api/connections', {
        member: 'grace',
        provider: 'linear',
        visibility: 'user',
      });
      expect(personal.status).toBe(200);
    });

    it("refuses other members a reconnect or disconnect of the admin's shared connection; the admin may", async () => {
      const id = connectedId(await addConnection(harness, { member: 'ada', visibility: 'workspace' }));
      const tokenBefore = harness.services.ctx.connections.get(id)!.accessToken;

      const reconnect = await harness.api('POST', `/api/connections/${id}/reconnect`, { member: 'alan' });
      expect(reconnect.status).toBe(403);
      expect(reconnect.body.error.message).toMatch(/shared with the workspace/);
      const remove = await harness.api('DELETE', `/api/connections/${id}?member=alan`);
      expect(remove.status).toBe(403);
      expect(harness.services.ctx.connections.get(id)?.accessToken).toBe(tokenBefore);
      // Everyone may still use it.
      expect(await whoami(harness, 'alan')).toMatchObject({ connected: true, connectionId: id, status: 200 });

      const byAdmin = await harness.api('POST', `/api/connections/${id}/reconnect`, { member: 'ada' });
      expect(byAdmin.status).toBe(200);
    });

    it('leaves a personal connection under its owner control', async () => {
      const id = connectedId(await addConnection(harness, { member: 'grace', visibility: 'user' }));
      expect(
        (await harness.api('POST', `/api/connections/${id}/reconnect`, { member: 'grace' })).status,
      ).toBe(200);
      expect((await harness.api('DELETE', `/api/connections/${id}?member=grace`)).status).toBe(200);
    });

    it('numbers default names over the whole workspace', async () => {
      const before = harness.services.ctx.connections.list({ provider: 'linear' }).length;
      const id = connectedId(await addConnection(harness, { member: 'grace', visibility: 'user' }));
      expect(harness.services.ctx.connections.get(id)?.name).toBe(`Linear #${before + 1}`);
    });
  });

  describe('route URLs', () => {
    const functionsUrl = () => `${harness.baseUrl}/_functions`;
    const call = (url: string, init: { method?: string; token?: string; body?: unknown; headers?: object }) =>
      fetch(url, {
        method: init.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });

    it('gives every function TWENTY_FUNCTIONS_URL and serves routes there and at /s/', async () => {
      expect((await whoami(harness, 'ada')).env.functionsUrl).toBe(functionsUrl());
      const ada = harness.services.ctx.members.byId('ada')!;
      for (const base of [functionsUrl(), `${harness.baseUrl}/s`]) {
        const response = await call(`${base}/whoami/eng`, { token: ada.routeToken, body: {} });
        expect(response.status, base).toBe(200);
        const body = await response.json();
        expect(body.payload).toMatchObject({
          pathParameters: { team: 'eng' },
          userWorkspaceId: ada.userWorkspaceId,
        });
      }
      const unauthenticated = await call(`${functionsUrl()}/whoami/eng`, { body: {} });
      expect(unauthenticated.status).toBe(401);
    });

    it('forwards every request header but credentials on the functions URL, only the listed ones on /s/', async () => {
      const extra = { 'x-other': 'o-1' };
      const ada = harness.services.ctx.members.byId('ada')!;
      const headers = {
        'x-trace': 't-1',
        cookie: 'session=secret',
        'proxy-authorization': 'Basic eA==',
        ...extra,
      };
      const onFunctions = await (
        await call(`${functionsUrl()}/whoami/eng`, { token: ada.routeToken, body: {}, headers })
      ).json();
      expect(onFunctions.payload.headers).toMatchObject({ 'x-trace': 't-1', 'x-other': 'o-1' });
      for (const name of ['authorization', 'cookie', 'proxy-authorization'])
        expect(onFunctions.payload.headers).not.toHaveProperty(name);
      const onLegacy = await (
        await call(`${harness.baseUrl}/s/whoami/eng`, { token: ada.routeToken, body: {}, headers })
      ).json();
      // The route lists x-trace and cookie in forwardedRequestHeaders: the credential is dropped all the same.
      expect(Object.keys(onLegacy.payload.headers).sort()).toEqual(['content-type', 'x-trace']);
    });

    it('passes only the allowed response headers on /s/ and any on the functions URL', async () => {
      const token = harness.services.ctx.secrets.apiKey;
      const legacy = await call(`${harness.baseUrl}/s/whoami/eng`, { token, body: { teapot: true } });
      expect(legacy.status).toBe(418);
      expect(legacy.headers.get('retry-after')).toBe('3');
      expect(legacy.headers.get('content-disposition')).toBe('inline');
      expect(legacy.headers.get('etag')).toBeNull();
      expect(legacy.headers.get('x-secret')).toBeNull();
      const isolated = await call(`${functionsUrl()}/whoami/eng`, { token, body: { teapot: true } });
      expect(isolated.status).toBe(418);
      expect(isolated.headers.get('x-secret')).toBe('no');
      expect(isolated.headers.get('etag')).toBe('"v1"');
    });

    it('answers 404 for a method mismatch on both forms', async () => {
      for (const base of [functionsUrl(), `${harness.baseUrl}/s`]) {
        const response = await call(`${base}/whoami/eng`, { method: 'GET' });
        expect(response.status, base).toBe(404);
      }
    });
  });

  describe('the sandbox "Expire tokens" control', () => {
    it('expires the stored tokens too, so the next read refreshes and the app keeps working', async () => {
      const id = connectedId(await addConnection(harness, { member: 'alan', visibility: 'user' }));
      const before = harness.services.ctx.connections.get(id)!;
      const refreshesBefore = refreshCalls(harness);

      const expired = await harness.api('POST', '/api/sandbox/linear/expire');
      expect(expired.status).toBe(200);
      const answer = await whoami(harness, 'alan');

      expect(answer).toMatchObject({ connected: true, connectionId: id, status: 200 });
      expect(refreshCalls(harness)).toBeGreaterThan(refreshesBefore);
      const after = harness.services.ctx.connections.get(id)!;
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.authFailedAt).toBeNull();
    });
  });
});

describe('the Twenty-exact setting', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ twentyExact: true });
    await configureLinear(harness);
    useSdkAgainst(harness);
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('refreshes by token age (55 minutes) whatever the stored expiry says', async () => {
    const id = connectedId(await addConnection(harness, { member: 'ada', visibility: 'user' }));
    // Expiry passed, credentials 10 minutes old: Twenty does not refresh.
    harness.services.ctx.db
      .prepare('UPDATE connections SET expires_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 1000).toISOString(), id);
    ageCredentials(harness, id, 10);
    const first = refreshCalls(harness);
    expect(await whoami(harness, 'ada')).toMatchObject({ connected: true, status: 200 });
    expect(refreshCalls(harness)).toBe(first);

    // Credentials 56 minutes old: refreshed on read.
    ageCredentials(harness, id, 56);
    expect(await whoami(harness, 'ada')).toMatchObject({ connected: true, connectionId: id, status: 200 });
    expect(refreshCalls(harness)).toBe(first + 1);
  });

  it('drops a connection whose refresh failed from the read: the tool finds no connection, getConnection 404s', async () => {
    const id = connectedId(await addConnection(harness, { member: 'grace', visibility: 'user' }));
    const sandbox = harness.services.ctx.bridge!.forProvider('linear')!;
    sandbox.revokeToken(harness.services.ctx.connections.get(id)!.refreshToken!);
    ageCredentials(harness, id, 56);

    expect(await whoami(harness, 'grace')).toMatchObject({ connected: false });
    await expect(getConnection(id)).rejects.toThrow(/could not be refreshed|not found/i);
    // Not marked: the row stays as it was, and the next read tries again.
    const row = harness.services.ctx.connections.get(id);
    expect(row?.authFailedAt).toBeNull();
    const state = await harness.api('GET', '/api/state?member=grace');
    expect(state.body.connections.some((c: { id: string }) => c.id === id)).toBe(true);
  });

  it('has no single flight: concurrent reads each refresh, and with a rotating refresh token the losers lose the row', async () => {
    const id = connectedId(await addConnection(harness, { member: 'ada', visibility: 'workspace' }));
    ageCredentials(harness, id, 56);
    const before = refreshCalls(harness);

    const reads = await Promise.all(
      Array.from({ length: 8 }, () => listConnections({ providerName: 'linear' })),
    );

    expect(refreshCalls(harness) - before).toBeGreaterThan(1);
    const sawIt = reads.filter((read) => read.some((c) => c.id === id)).length;
    expect(sawIt).toBeGreaterThan(0);
    expect(sawIt).toBeLessThan(reads.length);
    // A tool run after the race reads the stored (winning) tokens.
    expect(await whoami(harness, 'alan')).toMatchObject({ connected: true, connectionId: id, status: 200 });
  });
});
