import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOTH_SCOPES,
  CALL_WHOAMI,
  closeHarness,
  memberTokens,
  postMcp,
  registerPublicClient,
  registerWorkspaceClient,
  tokenRequest,
  workspaceToken,
} from './helpers/mcp-oauth.ts';
import { type Harness, startHarness } from './helpers/runtime-harness.ts';

// Ada is the seeded admin; Grace and Alan are members.
describe('MCP clients and approvals in the console API', () => {
  let harness: Harness;
  let desktop: string;
  let workspace: { clientId: string; secret: string };
  let grace: { access_token: string; refresh_token: string };
  let alan: { access_token: string; refresh_token: string };
  let workspaceAccess: string;
  const mcpUrl = () => `${harness.baseUrl}/mcp`;

  beforeAll(async () => {
    harness = await startHarness();
    desktop = await registerPublicClient(harness);
    grace = await memberTokens(harness, desktop, 'grace');
    alan = await memberTokens(harness, desktop, 'alan', ['mcp:tools:read']);
    workspace = await registerWorkspaceClient(harness);
    workspaceAccess = await workspaceToken(harness, workspace);
  }, 120_000);
  afterAll(() => closeHarness(harness));

  it("labels a tool run with the MCP client's name and the member it acted for", async () => {
    const called = await postMcp(mcpUrl(), grace.access_token, CALL_WHOAMI);
    expect(called.status).toBe(200);
    expect(called.body.result.isError).toBe(false);
    const asWorkspace = await postMcp(mcpUrl(), workspaceAccess, CALL_WHOAMI);
    expect(asWorkspace.status).toBe(200);

    const runs = await harness.api('GET', '/api/runs?limit=2');
    expect(runs.body.map((run: { caller?: unknown }) => run.caller)).toEqual([
      { via: 'mcp', clientId: workspace.clientId, clientName: 'workspace agent', memberName: null },
      { via: 'mcp', clientId: desktop, clientName: 'MCP desktop client', memberName: 'Grace Hopper' },
    ]);
  });

  it('shows a member only the clients they approved, with their own access and no token values', async () => {
    const answer = await fetch(`${harness.baseUrl}/api/mcp/clients?member=grace`);
    const text = await answer.text();
    expect(answer.status).toBe(200);
    for (const secret of [grace.access_token, grace.refresh_token, alan.access_token, workspace.secret]) {
      expect(text).not.toContain(secret);
    }
    const { clients } = JSON.parse(text);
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({
      clientId: desktop,
      name: 'MCP desktop client',
      actsAs: ['member'],
      members: [
        {
          memberId: 'grace',
          memberName: 'Grace Hopper',
          scopes: ['mcp:tools:execute', 'mcp:tools:read'],
          activeTokens: 2, // the access token and its refresh token
        },
      ],
      lastToolCallAt: expect.any(String),
    });
    expect(Date.parse(clients[0].members[0].approvedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('shows an admin every client, every member who approved it, and the workspace tokens', async () => {
    const { status, body } = await harness.api('GET', '/api/mcp/clients?member=ada');
    expect(status).toBe(200);
    const byId = new Map(body.clients.map((client: { clientId: string }) => [client.clientId, client]));
    expect(byId.get(desktop)).toMatchObject({
      members: [
        { memberId: 'alan', scopes: ['mcp:tools:read'] },
        { memberId: 'grace', scopes: ['mcp:tools:execute', 'mcp:tools:read'] },
      ],
      workspaceTokens: 0,
    });
    expect(byId.get(workspace.clientId)).toMatchObject({
      name: 'workspace agent',
      actsAs: ['workspace'],
      members: [],
      workspaceTokens: 1,
    });
  });

  it("refuses a member revoking someone else's access or removing a client", async () => {
    const others = await harness.api('DELETE', `/api/mcp/clients/${desktop}/members/alan?member=grace`);
    expect(others.status).toBe(403);
    expect(others.body.error.message).toContain('admin');
    const remove = await harness.api('DELETE', `/api/mcp/clients/${desktop}?member=grace`);
    expect(remove.status).toBe(403);
    expect((await postMcp(mcpUrl(), alan.access_token)).status).toBe(200);
  });

  it('refuses changes without the console CSRF header, and names an unknown client', async () => {
    const forged = await fetch(`${harness.baseUrl}/api/mcp/clients/${desktop}/members/grace?member=grace`, {
      method: 'DELETE',
    });
    expect(forged.status).toBe(403);
    expect((await postMcp(mcpUrl(), grace.access_token)).status).toBe(200);
    const unknown = await harness.api('DELETE', '/api/mcp/clients/nope/members/grace?member=grace');
    expect(unknown.status).toBe(404);
  });

  it("revokes a member's own access: their tokens stop working, other members' keep working", async () => {
    const revoked = await harness.api('DELETE', `/api/mcp/clients/${desktop}/members/grace?member=grace`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toEqual({ grants: 1, tokens: 2 });

    const refused = await postMcp(mcpUrl(), grace.access_token);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
    const refresh = await tokenRequest(harness.baseUrl, {
      grant_type: 'refresh_token',
      client_id: desktop,
      refresh_token: grace.refresh_token,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');

    expect((await postMcp(mcpUrl(), alan.access_token)).status).toBe(200);
    const mine = await harness.api('GET', '/api/mcp/clients?member=grace');
    expect(mine.body.clients).toEqual([]);
    const again = await harness.api('DELETE', `/api/mcp/clients/${desktop}/members/grace?member=grace`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toContain('no approval');
  });

  it("follows a client's own RFC 7009 revocations: an access token ends the approval's tokens, a refresh token the approval", async () => {
    const mine = () =>
      harness
        .api('GET', '/api/mcp/clients?member=alan')
        .then((answer) => answer.body.clients[0]?.members[0] as { activeTokens: number } | undefined);
    const revoke = (token: string) =>
      fetch(`${harness.baseUrl}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: desktop }),
      });
    const second = await memberTokens(harness, desktop, 'alan', ['mcp:tools:read']);
    expect((await mine())?.activeTokens).toBe(4);

    expect((await revoke(second.access_token)).status).toBe(200);
    expect((await mine())?.activeTokens).toBe(2); // the first approval's two tokens
    expect((await postMcp(mcpUrl(), alan.access_token)).status).toBe(200);

    expect((await revoke(alan.refresh_token)).status).toBe(200);
    expect(await mine()).toMatchObject({ activeTokens: 0 }); // the second approval is still there
    const listed = await harness.api('GET', '/api/mcp/clients?member=ada');
    const desktopEntry = listed.body.clients.find(
      (client: { clientId: string }) => client.clientId === desktop,
    );
    expect(desktopEntry.members.map((m: { memberId: string }) => m.memberId)).toEqual(['alan']);
    expect((await postMcp(mcpUrl(), alan.access_token)).status).toBe(401);
    // The refresh token took its approval with it: one approval is left to revoke.
    const revoked = await harness.api('DELETE', `/api/mcp/clients/${desktop}/members/alan?member=ada`);
    expect(revoked.body.revoked).toEqual({ grants: 1, tokens: 0 });
  });

  it('lets the member approve the same client again after revoking it', async () => {
    const again = await memberTokens(harness, desktop, 'grace');
    expect((await postMcp(mcpUrl(), again.access_token, CALL_WHOAMI)).status).toBe(200);
  });

  it('lets an admin remove a client: its registration, grants and tokens are gone', async () => {
    const removed = await harness.api('DELETE', `/api/mcp/clients/${workspace.clientId}?member=ada`);
    expect(removed.status).toBe(200);
    expect(removed.body.removed.records).toBeGreaterThanOrEqual(2); // the client and its token

    const refused = await postMcp(mcpUrl(), workspaceAccess);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
    const token = await tokenRequest(
      harness.baseUrl,
      { grant_type: 'client_credentials', scope: BOTH_SCOPES, resource: mcpUrl() },
      workspace,
    );
    expect(token.status).toBe(401);
    expect(token.body.error).toBe('invalid_client');

    const listed = await harness.api('GET', '/api/mcp/clients?member=ada');
    expect(listed.body.clients.map((client: { clientId: string }) => client.clientId)).toEqual([desktop]);
  });
});

describe('MCP records kept from before clients were tracked', () => {
  let harness: Harness | undefined;
  afterAll(() => closeHarness(harness));

  it('finds their client on the next start, so removing the client still ends its tokens', async () => {
    const first = await startHarness();
    const client = await registerWorkspaceClient(first);
    const token = await workspaceToken(first, client);
    await first.stop();
    // As a data dir written before the client_id column: the records carry no client id.
    const db = new DatabaseSync(join(first.dataDir, 'runtime.sqlite'));
    db.exec('UPDATE mcp_oauth_records SET client_id = NULL');
    db.close();

    // Same port: same issuer, so the token's audience still matches.
    harness = await startHarness({ dataDir: first.dataDir, port: Number(new URL(first.baseUrl).port) });
    expect((await postMcp(`${harness.baseUrl}/mcp`, token)).status).toBe(200);
    const removed = await harness.api('DELETE', `/api/mcp/clients/${client.clientId}?member=ada`);
    expect(removed.status).toBe(200);
    expect((await postMcp(`${harness.baseUrl}/mcp`, token)).status).toBe(401);
  });
});
