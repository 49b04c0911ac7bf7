import { describe, expect, it } from 'vitest';
import { backgroundContext, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const ON_DISCONNECT = 'src/functions/connections/linear-on-disconnect.ts';
const hookPayload = (connectedAccountId: string) => ({
  connectionProviderId: 'linear-provider',
  connectionProviderName: 'linear',
  connectedAccountId,
});

/** What Linear's API answers to the token now: 200 while it works, 401 once revoked. */
const viewerStatus = async (accessToken: string) =>
  (
    await fetch('https://api.linear.app/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query { viewer { id } }' }),
    })
  ).status;

const revokeCalls = () => up.linear.calls().filter((call) => call.operation === 'oauth.revoke');

describe('on-disconnect for Linear', () => {
  it('revokes the access token at Linear with a Bearer header while the connection still exists (current Twenty servers)', async () => {
    const connection = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    expect(await viewerStatus(connection.accessToken)).toBe(200);

    const result = await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());

    expect(result).toMatchObject({ success: true, revoke: { revoked: true } });
    expect(revokeCalls().map((call) => call.status)).toEqual([200]);
    // The documented way: the token travels in the Authorization header, no RFC 7009 `token=` field.
    expect(revokeCalls()[0]!.body).toEqual({});
    expect(await viewerStatus(connection.accessToken)).toBe(401);
    up.expectNoSecrets(result);
  });

  it("leaves nothing for Twenty's own best-effort `token=` post that follows the hook on current servers", async () => {
    const connection = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());

    // What Twenty posts to revokeEndpoint next (TWENTY_PLATFORM.md §4): RFC 7009, no client credentials.
    const twentyRevoke = await fetch('https://api.linear.app/oauth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: connection.accessToken, token_type_hint: 'access_token' }),
    });

    expect(twentyRevoke.status).toBe(400);
    expect(revokeCalls().map((call) => call.status)).toEqual([200, 400]);
    expect(await viewerStatus(connection.accessToken)).toBe(401);
  });

  it('succeeds quietly without calling Linear when the row is already gone (older Twenty servers)', async () => {
    const connection = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.twenty.connections.splice(up.twenty.connections.indexOf(connection), 1);

    const result = await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());

    expect(result).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(up.linear.calls()).toEqual([]);
  });

  it('lets the disconnect go ahead when Linear cannot revoke (already revoked: 400)', async () => {
    const connection = up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());

    const again = await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());

    expect(again).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(again.revoke.detail).toContain('could not revoke');
    expect(revokeCalls().map((call) => call.status)).toEqual([200, 400]);
  });

  it('lets the disconnect go ahead when Linear does not answer, and never puts the token in the result or log', async () => {
    const connection = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.dropNextResponse('linear');

    const result = await runFunction(ON_DISCONNECT, hookPayload(connection.id), backgroundContext());

    expect(result).toMatchObject({ success: true, revoke: { revoked: false } });
    expect(result.revoke.detail).toContain('did not answer');
    up.expectNoSecrets(result);
    up.expectNoSecrets(up.consoleOutput());
  });
});
