import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { PROVIDER_ENV } from '../../support/fake-twenty.ts';
import { backgroundContext, runFunction, runTool } from '../../support/run-function.ts';
import { registeredClient, setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const ON_DISCONNECT = 'src/functions/connections/github-on-disconnect.ts';
const LIST = 'src/functions/github/github-list-repositories.ts';

const connectAda = (name: string, visibility: 'user' | 'workspace' = 'user') =>
  up.mintConnection('github', {
    visibility,
    userWorkspaceId: 'uw-ada',
    account: 'ada-acme',
    name,
    scopes: ['repo'],
  });

const hook = (connection: AppConnection) =>
  runFunction(
    ON_DISCONNECT,
    {
      connectionProviderId: 'github-provider',
      connectionProviderName: 'github',
      connectedAccountId: connection.id,
    },
    backgroundContext(),
  );

/** Current Twenty servers: the onDisconnect hook first, with the row (and token) still there, then the delete. */
const disconnect = async (connection: AppConnection) => {
  const result = await hook(connection);
  up.twenty.connections.splice(up.twenty.connections.indexOf(connection), 1);
  return result;
};

/** Asks GitHub who the token belongs to, as a client would: 200, or 401 once it is revoked. */
const userStatus = async (token: string) =>
  (
    await up.github.handle(
      new Request('https://api.github.com/user', {
        headers: { authorization: `Bearer ${token}`, 'user-agent': 'test' },
      }),
    )
  ).status;

const works = async (connection: AppConnection) =>
  (await runTool(LIST, { connection: connection.id, limit: 1 }, 'uw-ada')).success;

describe('on-disconnect for GitHub', () => {
  it("revokes the removed connection's token at GitHub, and only that token", async () => {
    const shared = connectAda('Acme GitHub', 'workspace');
    const removed = connectAda('Ada GitHub');
    const token = removed.accessToken;

    const result = await disconnect(removed);

    expect(result).toMatchObject({ success: true, revoke: { revoked: true } });
    expect(await userStatus(token)).toBe(401);
    // The same GitHub account's other connection keeps working: one token revoked, not the whole grant.
    expect(await works(shared)).toBe(true);
    const revoke = up.github.calls().find((call) => call.method === 'DELETE')!;
    expect(revoke).toMatchObject({
      operation: 'oauth.revoke',
      url: `https://api.github.com/applications/${PROVIDER_ENV.GITHUB_CLIENT_ID}/token`,
      status: 204,
    });
    up.expectNoSecrets(result);
  });

  it('succeeds quietly without calling GitHub when the row is already gone (older Twenty servers)', async () => {
    const removed = connectAda('Ada GitHub');
    up.twenty.connections.splice(up.twenty.connections.indexOf(removed), 1);
    const before = up.github.calls().length;

    const result = await hook(removed);

    expect(result).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(up.github.calls().length).toBe(before);
  });

  it('says why when GitHub refuses the client credentials, and the disconnect still succeeds', async () => {
    const removed = connectAda('Ada GitHub');
    process.env.GITHUB_CLIENT_SECRET = 'not-the-registered-secret';

    const result = await disconnect(removed);

    expect(result).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(result.revoke.detail).toMatch(/client id and secret/);
    expect(JSON.stringify(result)).not.toContain('not-the-registered-secret');
    up.expectNoSecrets(result);
  });

  it('puts the client id in the URL path percent-encoded', async () => {
    const clientId = 'Iv1.odd/../id?x';
    up.github.reset();
    up.github.registerClient({ ...registeredClient('github'), clientId });
    process.env.GITHUB_CLIENT_ID = clientId;
    const removed = connectAda('Ada GitHub');

    const result = await disconnect(removed);

    expect(result).toMatchObject({ success: true, revoke: { revoked: true } });
    expect(up.github.calls().find((call) => call.method === 'DELETE')?.url).toBe(
      'https://api.github.com/applications/Iv1.odd%2F..%2Fid%3Fx/token',
    );
  });

  it('still disconnects when GitHub does not answer', async () => {
    const removed = connectAda('Ada GitHub');
    up.dropNextResponse('github', 'access_token');

    const result = await disconnect(removed);

    expect(result).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(result.revoke.detail).toMatch(/did not answer/);
  });

  it('does not revoke a token another connection of the app still uses', async () => {
    const kept = connectAda('Acme GitHub', 'workspace');
    const twin = up.twenty.addConnection({
      provider: 'github',
      visibility: 'user',
      userWorkspaceId: 'uw-ada',
      name: 'Ada GitHub',
      accessToken: kept.accessToken,
    });

    const result = await disconnect(twin);

    expect(result).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(await works(kept)).toBe(true);
  });

  it('lets members connect and disconnect again and again without killing an older connection', async () => {
    const shared = connectAda('Acme GitHub', 'workspace');
    // GitHub keeps 10 tokens per user, app and scope: unrevoked tokens of removed connections would make
    // the 11th connect silently revoke the shared connection's token.
    for (let cycle = 1; cycle <= 12; cycle++) {
      const temporary = connectAda(`Ada GitHub ${cycle}`);
      expect(await works(temporary)).toBe(true);
      await disconnect(temporary);
    }
    expect(await works(shared)).toBe(true);
    expect(up.twenty.authFailureReports).toEqual([]);
  });
});
