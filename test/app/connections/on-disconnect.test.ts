import { describe, expect, it } from 'vitest';
import { backgroundContext, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const onDisconnect = (provider: string) => `src/functions/connections/${provider}-on-disconnect.ts`;
const hookPayload = (provider: string, connectedAccountId: string) => ({
  connectionProviderId: `${provider}-provider`,
  connectionProviderName: provider,
  connectedAccountId,
});

describe('on-disconnect', () => {
  it('forgets the identity recorded for the removed connection, and only that one', async () => {
    const removed = up.mintConnection('github', {
      visibility: 'user',
      userWorkspaceId: 'uw-ada',
      account: 'ada-acme',
    });
    const kept = up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    await runFunction(
      'src/functions/connections/github-on-connect.ts',
      hookPayload('github', removed.id),
      backgroundContext(),
    );
    await runFunction(
      'src/functions/connections/slack-on-connect.ts',
      hookPayload('slack', kept.id),
      backgroundContext(),
    );
    expect(up.twenty.kv.has(`connection-identity:${removed.id}`)).toBe(true);
    const callsBefore = up.github.calls().length + up.slack.calls().length;

    // Twenty deletes the row before it runs onDisconnect.
    up.twenty.connections.splice(up.twenty.connections.indexOf(removed), 1);
    const result = await runFunction(
      onDisconnect('github'),
      hookPayload('github', removed.id),
      backgroundContext(),
    );

    expect(result).toMatchObject({ success: true, forgotten: true, revoke: { revoked: false } });
    expect(up.twenty.kv.has(`connection-identity:${removed.id}`)).toBe(false);
    expect(up.twenty.kv.has(`connection-identity:${kept.id}`)).toBe(true);
    expect(up.twenty.requestsOf('DeleteAppKeyValue').map((r) => r.variables.key)).toEqual([
      `connection-identity:${removed.id}`,
    ]);
    expect(up.github.calls().length + up.slack.calls().length).toBe(callsBefore);
  });

  it('succeeds when nothing was recorded for the connection', async () => {
    const result = await runFunction(
      onDisconnect('linear'),
      hookPayload('linear', 'b5d0a7e2-0000-4000-8000-000000000000'),
      backgroundContext(),
    );
    expect(result).toMatchObject({ success: true, forgotten: false, revoke: { revoked: false } });
  });
});
