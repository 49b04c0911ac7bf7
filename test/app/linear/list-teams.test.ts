import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../src/core/identity.ts';
import { runTool } from '../../support/run-function.ts';
import { operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const LIST_TEAMS = 'src/functions/linear/linear-list-teams.ts';

describe('linear-list-teams', () => {
  it('lists the teams the member’s own connection can see, naming the connection used', async () => {
    const mine = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toEqual({
      success: true,
      connection: { id: mine.id, name: mine.name, visibility: 'user', account: null },
      teams: [
        { id: expect.any(String), key: 'ENG', name: 'Engineering' },
        { id: expect.any(String), key: 'OPS', name: 'Operations' },
      ],
    });
    expect(operationsOf(up.linear)).toEqual(['teams 200']);
    expect(up.twenty.requestsOf('ListAppConnections')[0]!.variables).toEqual({
      filter: { providerName: 'linear' },
    });
    up.expectNoSecrets(result);
  });

  it('names the upstream account recorded by the onConnect hook', async () => {
    const shared = up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    up.twenty.kv.set(identityKey(shared.id), { account: 'Ada · Acme', details: {}, recordedAt: '' });
    const result = await runTool(LIST_TEAMS, {}, 'uw-grace');
    expect(result.connection).toEqual({
      id: shared.id,
      name: shared.name,
      visibility: 'workspace',
      account: 'Ada · Acme',
    });
  });

  it('uses the connection the member names when they have several', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada', name: 'Work' });
    const other = up.mintConnection('linear', {
      visibility: 'user',
      userWorkspaceId: 'uw-ada',
      name: 'Side',
    });
    const result = await runTool(LIST_TEAMS, { connection: 'side' }, 'uw-ada');
    expect(result.connection.id).toBe(other.id);
  });

  it('answers NOT_CONNECTED with where to connect when nothing is connected', async () => {
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(result.error).toContain('Settings');
    expect(up.linear.calls()).toEqual([]);
  });
});
