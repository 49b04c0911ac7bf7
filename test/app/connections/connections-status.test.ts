import { describe, expect, it } from 'vitest';
import { backgroundContext, type Loose, runFunction, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const STATUS = 'src/functions/connections/connections-status.ts';
const HOOKS = {
  linear: 'src/functions/connections/linear-on-connect.ts',
  github: 'src/functions/connections/github-on-connect.ts',
  slack: 'src/functions/connections/slack-on-connect.ts',
} as const;

/** Adds a connection the way Twenty does: the row, then the provider's onConnect hook. */
const connect = async (
  provider: keyof typeof HOOKS,
  options: { visibility: 'user' | 'workspace'; userWorkspaceId: string; name: string; account?: string },
) => {
  const connection = up.mintConnection(provider, options);
  const hook = await runFunction(
    HOOKS[provider],
    {
      connectionProviderId: `${provider}-provider`,
      connectionProviderName: provider,
      connectedAccountId: connection.id,
    },
    backgroundContext(),
  );
  expect(hook).toMatchObject({ success: true, connectionId: connection.id });
  return connection;
};

/** Ada and Grace each connect Linear and GitHub for themselves; the Slack app is shared. */
const seedWorkspace = async () => ({
  adaLinear: await connect('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    name: 'Ada Linear',
    account: 'ada@acme-robotics.test',
  }),
  adaGithub: await connect('github', {
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    name: 'Ada GitHub',
    account: 'ada-acme',
  }),
  graceLinear: await connect('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-grace',
    name: 'Grace Linear',
    account: 'grace@acme-robotics.test',
  }),
  graceGithub: await connect('github', {
    visibility: 'user',
    userWorkspaceId: 'uw-grace',
    name: 'Grace GitHub',
    account: 'grace-acme',
  }),
  sharedSlack: await connect('slack', {
    visibility: 'workspace',
    userWorkspaceId: 'uw-grace',
    name: 'Acme Slack',
  }),
});

const provider = (result: Loose, name: string) => result.providers.find((p: Loose) => p.provider === name);

describe('connections-status', () => {
  it('shows a member their own and the shared connections, named by upstream account', async () => {
    const c = await seedWorkspace();
    const result = await runTool(STATUS, {}, 'uw-ada');
    expect(result).toEqual({
      success: true,
      actingAs: 'member',
      providers: [
        {
          provider: 'linear',
          configured: true,
          connections: [
            {
              id: c.adaLinear.id,
              name: 'Ada Linear',
              visibility: 'just for me',
              account: 'Ada Lovelace (ada@acme-robotics.test) · Acme Robotics',
              status: 'ok',
            },
          ],
        },
        {
          provider: 'github',
          configured: true,
          connections: [
            {
              id: c.adaGithub.id,
              name: 'Ada GitHub',
              visibility: 'just for me',
              account: 'ada-acme (Ada Lovelace)',
              status: 'ok',
            },
          ],
        },
        {
          provider: 'slack',
          configured: true,
          connections: [
            {
              id: c.sharedSlack.id,
              name: 'Acme Slack',
              visibility: 'workspace shared',
              account: 'Acme Robotics · bot @twenty_connect',
              status: 'ok',
            },
          ],
        },
      ],
    });
    const text = JSON.stringify(result);
    for (const other of [c.graceLinear, c.graceGithub]) {
      expect(text).not.toContain(other.id);
      expect(text).not.toContain(other.name);
    }
    expect(text).not.toContain('grace-acme');
    up.expectNoSecrets(result);
  });

  it('marks a connection the provider rejected as needing reconnecting, with the reason', async () => {
    const c = await seedWorkspace();
    up.linear.revokeToken(c.adaLinear.accessToken);
    const failed = await runTool('src/functions/linear/linear-list-teams.ts', {}, 'uw-ada');
    expect(failed).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    const result = await runTool(STATUS, {}, 'uw-ada');
    expect(provider(result, 'linear').connections).toEqual([
      expect.objectContaining({
        id: c.adaLinear.id,
        status: 'needs reconnecting',
        reason: up.twenty.authFailureReports[0]!.reason,
      }),
    ]);
    expect(provider(result, 'github').connections[0]).toMatchObject({ status: 'ok' });
    expect(provider(result, 'github').connections[0]).not.toHaveProperty('reason');
  });

  it('shows only workspace-shared connections when there is no user', async () => {
    const c = await seedWorkspace();
    const result = await runTool(STATUS, {}, null);
    expect(result.actingAs).toBe('workspace');
    expect(provider(result, 'linear').connections).toEqual([]);
    expect(provider(result, 'github').connections).toEqual([]);
    expect(provider(result, 'slack').connections.map((x: Loose) => x.id)).toEqual([c.sharedSlack.id]);
  });

  it('says configured=false for a provider whose OAuth client the admin has not filled', async () => {
    delete process.env.LINEAR_CLIENT_ID;
    process.env.SLACK_CLIENT_SECRET = '   ';
    const result = await runTool(STATUS, {}, 'uw-ada');
    expect(result.providers.map((p: Loose) => [p.provider, p.configured])).toEqual([
      ['linear', false],
      ['github', true],
      ['slack', false],
    ]);
  });

  it('shows a connection with no recorded identity with account null', async () => {
    const plain = up.mintConnection('github', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-ada',
      name: 'Old GitHub',
    });
    const result = await runTool(STATUS, {}, 'uw-ada');
    expect(provider(result, 'github').connections).toEqual([
      { id: plain.id, name: 'Old GitHub', visibility: 'workspace shared', account: null, status: 'ok' },
    ]);
  });

  it('calls no provider: it reads Twenty only', async () => {
    await seedWorkspace();
    const before = [up.linear, up.github, up.slack].map((s) => s.calls().length);
    await runTool(STATUS, {}, 'uw-ada');
    expect([up.linear, up.github, up.slack].map((s) => s.calls().length)).toEqual(before);
  });

  it('rejects unexpected arguments', async () => {
    const result = await runTool(STATUS, { provider: 'linear' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['provider'] });
  });
});
