import { describe, expect, it } from 'vitest';
import { type Loose, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const CREATE_ISSUE = 'src/functions/linear/linear-create-issue.ts';
const LIST_TEAMS = 'src/functions/linear/linear-list-teams.ts';
const ADA = 'ada@acme-robotics.test';
const GRACE = 'grace@acme-robotics.test';

/** Who Linear says created the issue: tells which member's token acted. */
const creatorOf = (title: string) =>
  (up.linear.view() as Loose).teams
    .flatMap((team: Loose) => team.issues)
    .find((issue: Loose) => issue.title === title)?.creator;

const gracesPersonal = () =>
  up.mintConnection('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-grace',
    name: 'Grace Private',
    account: GRACE,
  });
const sharedByAda = () =>
  up.mintConnection('linear', {
    visibility: 'workspace',
    userWorkspaceId: 'uw-ada',
    name: 'Team Linear',
    account: ADA,
  });

describe('a member never acts through another member’s personal connection', () => {
  for (const [how, pick] of [
    ['id', (c: { id: string }) => c.id],
    ['name', () => 'Grace Private'],
    ['name in other case', () => '  grace PRIVATE '],
  ] as const) {
    it(`refuses Grace’s connection passed by ${how}, calling nothing upstream`, async () => {
      const grace = gracesPersonal();
      sharedByAda();
      const result = await runTool(
        CREATE_ISSUE,
        { team: 'ENG', title: 'Sneaky', connection: pick(grace) },
        'uw-ada',
      );
      expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED', fields: ['connection'] });
      expect(result.error).toContain('"Team Linear"');
      expect(up.linear.calls()).toEqual([]);
      expect(creatorOf('Sneaky')).toBeUndefined();
      up.expectNoSecrets(result);
    });
  }

  it('answers NOT_CONNECTED when only another member has a connection', async () => {
    gracesPersonal();
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(result.error).not.toContain('Grace Private');
    expect(up.linear.calls()).toEqual([]);
  });

  it('uses the workspace-shared connection for Ada even though Grace has a personal one', async () => {
    gracesPersonal();
    const shared = sharedByAda();
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Shared one' }, 'uw-ada');
    expect(result).toMatchObject({ success: true, connection: { id: shared.id, visibility: 'workspace' } });
    expect(creatorOf('Shared one')).toBe('Ada Lovelace');
  });

  it('uses Grace’s own connection for Grace', async () => {
    const grace = gracesPersonal();
    sharedByAda();
    const result = await runTool(CREATE_ISSUE, { team: 'OPS', title: 'Grace own' }, 'uw-grace');
    expect(result).toMatchObject({ success: true, connection: { id: grace.id, visibility: 'user' } });
    expect(creatorOf('Grace own')).toBe('Grace Hopper');
  });
});

describe('a call with no user', () => {
  it('uses only the workspace-shared connection, whatever personal ones exist', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada', account: ADA });
    gracesPersonal();
    const shared = up.mintConnection('linear', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-ada',
      name: 'Bot Linear',
      account: GRACE,
    });
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: 'No user' }, null);
    expect(result).toMatchObject({ success: true, connection: { id: shared.id, name: 'Bot Linear' } });
    expect(creatorOf('No user')).toBe('Grace Hopper');
  });

  it('refuses a personal connection named in the arguments', async () => {
    const ada = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const result = await runTool(LIST_TEAMS, { connection: ada.id }, null);
    expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(up.linear.calls()).toEqual([]);
  });

  it('answers NOT_CONNECTED, explaining shared connections, when only personal ones exist', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const result = await runTool(LIST_TEAMS, {}, null);
    expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED' });
    expect(result.error).toContain('Workspace shared');
    expect(up.linear.calls()).toEqual([]);
  });
});

describe('secrets', () => {
  it('never appear in results, auth reports or console output across failure outcomes', async () => {
    const ada = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 3600 });
    const results = [await runTool(LIST_TEAMS, {}, 'uw-ada')];
    up.linear.failNext({ kind: 'server-error', status: 400 });
    results.push(await runTool(CREATE_ISSUE, { team: 'ENG', title: 'x' }, 'uw-ada'));
    up.linear.revokeToken(ada.accessToken);
    results.push(await runTool(LIST_TEAMS, {}, 'uw-ada'));
    results.push(await runTool(CREATE_ISSUE, { team: 7 }, 'uw-ada'));
    expect(results.map((r) => r.code)).toEqual([
      'RATE_LIMITED',
      'UPSTREAM_ERROR',
      'RECONNECT_REQUIRED',
      'INVALID_INPUT',
    ]);
    up.expectNoSecrets(results);
    up.expectNoSecrets(up.consoleOutput());
    expect(up.consoleOutput()).toContain('RECONNECT_REQUIRED');
  });
});
