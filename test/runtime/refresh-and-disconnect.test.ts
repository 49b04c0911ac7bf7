import { getConnection, listConnections } from 'twenty-sdk/logic-function';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

const connectedId = (url: URL) => url.searchParams.get('connected')!;

const refreshCalls = (harness: Harness) =>
  harness.services.ctx
    .bridge!.forProvider('linear')!
    .calls()
    .filter(
      (call) =>
        call.operation === 'oauth.token' &&
        (call.body as { grant_type?: string }).grant_type === 'refresh_token',
    );

const expireInOurStore = (harness: Harness, id: string) =>
  harness.services.ctx.db
    .prepare('UPDATE connections SET expires_at = ? WHERE id = ?')
    .run(new Date(Date.now() - 1000).toISOString(), id);

describe('connections at run time, read through the unmodified twenty-sdk helpers', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
    process.env.TWENTY_API_URL = harness.baseUrl;
    process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN = harness.services.ctx.secrets.appToken;
  });
  afterAll(async () => {
    delete process.env.TWENTY_API_URL;
    delete process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN;
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('refreshes an expiring connection exactly once for 50 concurrent reads and keeps the new tokens', async () => {
    const id = connectedId(await addConnection(harness, { member: 'ada', visibility: 'workspace' }));
    const before = harness.services.ctx.connections.get(id)!;
    expireInOurStore(harness, id);
    const refreshesBefore = refreshCalls(harness).length;

    const reads = await Promise.all(
      Array.from({ length: 50 }, () => listConnections({ providerName: 'linear' })),
    );

    expect(refreshCalls(harness).length - refreshesBefore).toBe(1);
    const after = harness.services.ctx.connections.get(id)!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(Date.parse(after.expiresAt!)).toBeGreaterThan(Date.now() + 60_000);
    for (const read of reads) expect(read.find((c) => c.id === id)?.accessToken).toBe(after.accessToken);
  });

  it('marks the connection authFailedAt on invalid_grant instead of dropping it', async () => {
    const id = connectedId(await addConnection(harness, { member: 'grace', visibility: 'user' }));
    const sandbox = harness.services.ctx.bridge!.forProvider('linear')!;
    sandbox.revokeToken(harness.services.ctx.connections.get(id)!.refreshToken!);
    expireInOurStore(harness, id);

    const listed = (await listConnections({ providerName: 'linear' })).find((c) => c.id === id);

    expect(listed?.authFailedAt).toEqual(expect.any(String));
    expect(listed?.authFailedReason).toMatch(/invalid_grant/);
    await expect(getConnection(id)).rejects.toMatchObject({ name: 'AppConnectionAuthFailedError' });
    const state = await harness.api('GET', '/api/state?member=grace');
    expect(state.body.connections.find((c: { id: string }) => c.id === id).authFailedAt).toEqual(
      expect.any(String),
    );
  });

  it('reconnecting clears authFailedAt and keeps the same connection id', async () => {
    const id = connectedId(await addConnection(harness, { member: 'alan', visibility: 'user' }));
    harness.services.ctx.connections.markAuthFailed(id, 'test');
    const landed = await addConnection(harness, { member: 'alan', visibility: 'user', reconnectId: id });
    expect(connectedId(landed)).toBe(id);
    expect(harness.services.ctx.connections.get(id)?.authFailedAt).toBeNull();
  });

  it("disconnect runs onDisconnect, posts Twenty's RFC 7009 revoke, then deletes the row", async () => {
    const id = connectedId(await addConnection(harness, { member: 'ada', visibility: 'user' }));
    const token = harness.services.ctx.connections.get(id)!.accessToken;

    const response = await harness.api('DELETE', `/api/connections/${id}?member=ada`);

    // Linear documents a Bearer header or `access_token`/`refresh_token`, not RFC 7009 `token=`: this fixture's
    // hook does not revoke, so the token outlives the disconnect, which is why the real app revokes in its hook.
    expect(response.body).toEqual({ ok: true, revoked: false });
    expect(harness.services.ctx.connections.get(id)).toBeUndefined();
    const revoke = harness.services.ctx
      .bridge!.forProvider('linear')!
      .calls()
      .filter((c) => c.operation === 'oauth.revoke')
      .at(-1);
    expect(revoke?.status).toBe(400);
    expect(revoke?.body).toMatchObject({ token_type_hint: 'access_token' });
    expect(revoke?.body).toHaveProperty('token');
    expect(revoke?.body).not.toHaveProperty('client_secret');
    const viewer = await fetch(`${harness.baseUrl}/_sandbox/api.linear.app/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(viewer.status).toBe(200);
    expect(harness.services.ctx.records.kvGet(`disconnected:${id}`, 'WORKSPACE')).toMatchObject({
      connectedAccountId: id,
      connectionProviderName: 'linear',
    });
  });

  it("refuses to let a member disconnect another member's personal connection", async () => {
    const id = connectedId(await addConnection(harness, { member: 'grace', visibility: 'user' }));
    const response = await harness.api('DELETE', `/api/connections/${id}?member=alan`);
    expect(response.status).toBe(403);
    expect(harness.services.ctx.connections.get(id)).toBeDefined();
  });
});
