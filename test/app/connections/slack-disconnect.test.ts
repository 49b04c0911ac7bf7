import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../src/core/identity.ts';
import slackProvider from '../../../src/providers/slack/slack.connection-provider.ts';
import { backgroundContext, type Loose, runFunction, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const ON_DISCONNECT = 'src/functions/connections/slack-on-disconnect.ts';
const ON_CONNECT = 'src/functions/connections/slack-on-connect.ts';
const LIST = 'src/functions/slack/slack-list-channels.ts';
const hook = (connectedAccountId: string) => ({
  connectionProviderId: 'slack-provider',
  connectionProviderName: 'slack',
  connectedAccountId,
});

/** A member adds a Slack connection: Twenty stores the bot token, then runs slack-on-connect. */
const connect = async (options: {
  visibility: 'user' | 'workspace';
  userWorkspaceId: string;
  name?: string;
}) => {
  const connection = up.mintConnection('slack', options);
  expect(await runFunction(ON_CONNECT, hook(connection.id), backgroundContext())).toMatchObject({
    success: true,
  });
  return connection;
};

/**
 * Twenty's disconnect on current servers: onDisconnect first, inline, with the row still there; then its own
 * best-effort revoke at the provider's `revokeEndpoint`, if one is declared (form `token=`, what Twenty
 * sends: ../shared/TWENTY_PLATFORM.md §0); then the row is deleted.
 */
const disconnect = async (connection: AppConnection) => {
  const result = await runFunction(ON_DISCONNECT, hook(connection.id), backgroundContext());
  const revokeEndpoint = (slackProvider.config.oauth as { revokeEndpoint?: string }).revokeEndpoint;
  if (revokeEndpoint) {
    await up.slack.handle(
      new Request(revokeEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: connection.accessToken, token_type_hint: 'access_token' }),
      }),
    );
  }
  up.twenty.connections.splice(up.twenty.connections.indexOf(connection), 1);
  return result;
};

const slackMethods = () => up.slack.calls().map((call) => call.operation);

describe('disconnecting a Slack connection', () => {
  it('leaves the other connection to the same Slack workspace working, and revokes nothing', async () => {
    const shared = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada', name: 'Acme Slack' });
    const personal = await connect({ visibility: 'user', userWorkspaceId: 'uw-grace', name: 'Grace Slack' });
    // Slack hands every install of the app in one workspace the same bot token.
    expect(personal.accessToken).toBe(shared.accessToken);

    const result = await disconnect(personal);

    const listed = await runTool(LIST, { limit: 5 }, 'uw-ada');
    expect(listed).toMatchObject({ success: true, connection: { id: shared.id } });
    expect(up.twenty.authFailureReports).toEqual([]);
    expect(slackMethods()).not.toContain('oauth.revoke');
    expect(result).toMatchObject({ success: true, forgotten: true, revoke: { revoked: false } });
    expect(result.revoke.detail).toContain('1 other connection(s) use the same Slack bot');
    up.expectNoSecrets(result);
  });

  it('keeps the bot when another connection was recorded for the same Slack workspace with another token', async () => {
    const first = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    // With token rotation on, two installs hold different tokens of the same bot.
    const second = up.twenty.addConnection({
      provider: 'slack',
      visibility: 'user',
      userWorkspaceId: 'uw-grace',
      accessToken: 'xoxe.xoxb-1-rotated-token-of-the-same-bot',
    });
    up.twenty.kv.set(identityKey(second.id), {
      account: 'Acme Robotics · bot @twenty_connect',
      details: { teamId: 'T0ACMEROBO1' },
      recordedAt: '',
    });

    const result = await disconnect(first);

    expect(result.revoke).toEqual({
      revoked: false,
      detail: 'Not revoked at Slack: 1 other connection(s) use the bot of the same Slack workspace.',
    });
    expect(slackMethods()).not.toContain('oauth.revoke');
  });

  it('keeps the bot when another connection has no recorded workspace, as it may be the same one', async () => {
    const first = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    up.twenty.addConnection({
      provider: 'slack',
      visibility: 'user',
      userWorkspaceId: 'uw-grace',
      accessToken: 'xoxb-unrecorded-connection-token',
    });
    const result = await disconnect(first);
    expect(result.revoke).toMatchObject({ revoked: false, detail: expect.stringContaining('not recorded') });
    expect(slackMethods()).not.toContain('oauth.revoke');
  });

  it('revokes the bot when the last connection to that Slack workspace goes', async () => {
    const shared = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const personal = await connect({ visibility: 'user', userWorkspaceId: 'uw-grace' });
    await disconnect(personal);

    const result = await disconnect(shared);

    expect(result).toMatchObject({ success: true, forgotten: true, revoke: { revoked: true } });
    const revokes = up.slack.calls().filter((call) => call.operation === 'oauth.revoke');
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({ status: 200, body: {} });
    // The bot is gone at Slack: its token is refused from now on.
    const check = await up.slack.handle(
      new Request('https://slack.com/api/auth.test', {
        method: 'POST',
        headers: { authorization: `Bearer ${shared.accessToken}` },
      }),
    );
    expect(await check.json()).toEqual({ ok: false, error: 'token_revoked' });
    expect(up.twenty.kv.size).toBe(0);
    up.expectNoSecrets(result);
  });

  it('revokes when the other connections are to other Slack workspaces', async () => {
    const acme = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const other = up.twenty.addConnection({
      provider: 'slack',
      visibility: 'workspace',
      userWorkspaceId: 'uw-ada',
      accessToken: 'xoxb-token-of-another-slack-workspace',
    });
    up.twenty.kv.set(identityKey(other.id), {
      account: 'Globex · bot @twenty_connect',
      details: { teamId: 'T0GLOBEX001' },
      recordedAt: '',
    });
    const result = await disconnect(acme);
    expect(result.revoke).toMatchObject({ revoked: true });
  });

  it('does not count a connection whose token Twenty cleared (its member left) as using the bot', async () => {
    const shared = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const archived = up.twenty.addConnection({
      provider: 'slack',
      visibility: 'user',
      userWorkspaceId: 'uw-gone',
      accessToken: '',
    });
    up.twenty.kv.set(identityKey(archived.id), {
      account: 'Acme Robotics · bot @twenty_connect',
      details: { teamId: 'T0ACMEROBO1' },
      recordedAt: '',
    });
    const result = await disconnect(shared);
    expect(result.revoke).toMatchObject({ revoked: true });
    // Its empty token would count as a "secret" found in every log line by the leak check.
    up.twenty.connections.splice(up.twenty.connections.indexOf(archived), 1);
  });

  it('asks Slack which workspace the bot is in when nothing was recorded, then revokes the last one', async () => {
    const only = up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const result = await disconnect(only);
    expect(result.revoke).toMatchObject({ revoked: true });
    expect(slackMethods()).toEqual(['auth.test', 'oauth.revoke']);
  });

  it('succeeds quietly when the bot was already revoked at Slack, reporting nothing to Twenty', async () => {
    const only = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    up.slack.revokeToken(only.accessToken);
    const result = await disconnect(only);
    expect(result).toMatchObject({ success: true, forgotten: true, revoke: { revoked: false } });
    expect(result.revoke.detail).toContain('token_revoked');
    expect(up.twenty.authFailureReports).toEqual([]);
  });

  it('succeeds quietly when the row is already gone (older Twenty servers), calling Slack for nothing', async () => {
    const shared = await connect({ visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const callsBefore = up.slack.calls().length;
    up.twenty.connections.splice(up.twenty.connections.indexOf(shared), 1);

    const result = await runFunction(ON_DISCONNECT, hook(shared.id), backgroundContext());

    expect(result).toMatchObject({ success: true, forgotten: true, revoke: { revoked: false } });
    expect((result as Loose).revoke.detail).toContain('already removed');
    expect(up.slack.calls()).toHaveLength(callsBefore);
  });
});
