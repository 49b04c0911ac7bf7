import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { linearIssue, linearTeamId, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const CREATE = 'src/functions/linear/linear-create-issue.ts';
const connect = () =>
  up.mintConnection('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    account: 'ada@acme-robotics.test',
  });
const teamId = (key: string) => linearTeamId(up.linear, key);

describe('linear-create-issue', () => {
  it('creates the issue in the team given by key, as the member’s Linear user', async () => {
    const mine = connect();
    const result = await runTool(
      CREATE,
      { team: 'eng', title: 'Arm drifts left', description: 'Seen on *unit 3*.', priority: 2 },
      'uw-ada',
    );
    expect(result).toMatchObject({
      success: true,
      connection: { id: mine.id },
      issue: { identifier: 'ENG-6', title: 'Arm drifts left', priority: 2, team: { key: 'ENG' } },
    });
    expect(linearIssue(up.linear, 'ENG-6')).toMatchObject({
      title: 'Arm drifts left',
      description: 'Seen on *unit 3*.',
      priority: 'High',
      state: 'Backlog',
      creator: 'Ada Lovelace',
    });
    expect(operationsOf(up.linear)).toEqual(['teams 200', 'issueCreate 200']);
    up.expectNoSecrets(result);
  });

  it('creates the issue in the team given by id', async () => {
    connect();
    const result = await runTool(CREATE, { team: teamId('OPS'), title: 'Order gloves' }, 'uw-ada');
    expect(result.issue).toMatchObject({ identifier: 'OPS-4', team: { key: 'OPS' } });
    expect(linearIssue(up.linear, 'OPS-4')).toMatchObject({ title: 'Order gloves', description: null });
    expect(up.linear.calls()[0]!.body).toMatchObject({
      variables: { filter: { id: { eq: teamId('OPS') } } },
    });
  });

  it('answers INVALID_INPUT naming the team when it does not exist, creating nothing', async () => {
    connect();
    const result = await runTool(CREATE, { team: 'XYZ', title: 'Nowhere' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['team'] });
    expect(operationsOf(up.linear)).toEqual(['teams 200']);
    expect(linearIssue(up.linear, 'Nowhere')).toBeUndefined();
  });

  it('answers FORBIDDEN when the connection lacks the write scope, creating nothing', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada', scopes: ['read'] });
    const result = await runTool(CREATE, { team: 'ENG', title: 'Read only' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'FORBIDDEN' });
    expect(linearIssue(up.linear, 'Read only')).toBeUndefined();
    expect(up.twenty.authFailureReports).toEqual([]);
  });

  it('keeps user text out of the GraphQL document', async () => {
    connect();
    const title = 'x" } ) { issueDelete(id: "ENG-1") #';
    const result = await runTool(CREATE, { team: 'ENG', title }, 'uw-ada');
    expect(result.issue.title).toBe(title);
    const create = up.linear.calls().find((call) => call.operation === 'issueCreate')!;
    expect((create.body as { query: string }).query).not.toContain('issueDelete');
    expect(linearIssue(up.linear, 'ENG-1')).toBeDefined();
  });
});
