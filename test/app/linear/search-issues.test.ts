import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { linearTeamId, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const SEARCH = 'src/functions/linear/linear-search-issues.ts';
const connect = () => up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
const teamId = (key: string) => linearTeamId(up.linear, key);

describe('linear-search-issues', () => {
  it('finds issues by words in their title, with identifier, state, assignee and URL', async () => {
    connect();
    const result = await runTool(SEARCH, { query: 'gripper' }, 'uw-ada');
    expect(result.success).toBe(true);
    expect(result.issues).toEqual([
      expect.objectContaining({
        identifier: 'ENG-1',
        title: 'Gripper firmware drops CAN frames under load',
        state: { name: 'In Progress', type: 'started' },
        assignee: { name: 'Ada Lovelace' },
        priority: 1,
        url: expect.stringContaining('ENG-1'),
      }),
    ]);
    expect(operationsOf(up.linear)).toEqual(['searchIssues 200']);
    expect(up.linear.calls()[0]!.body).toMatchObject({ variables: { term: 'gripper', first: 10 } });
  });

  it('scopes the search to a team given by key', async () => {
    connect();
    const result = await runTool(SEARCH, { query: 'the', team: 'ops' }, 'uw-ada');
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((issue: { team: { key: string } }) => issue.team.key === 'OPS')).toBe(true);
    expect(operationsOf(up.linear)).toEqual(['teams 200', 'searchIssues 200']);
    expect(up.linear.calls()[1]!.body).toMatchObject({
      variables: { filter: { team: { id: { eq: teamId('OPS') } } } },
    });
  });

  it("never returns another team's issues, although Linear's teamId only boosts that team", async () => {
    connect();
    const everywhere = await runTool(SEARCH, { query: 'the', limit: 50 }, 'uw-ada');
    const keys = (issues: { team: { key: string } }[]) => [...new Set(issues.map((issue) => issue.team.key))];
    expect(keys(everywhere.issues).sort()).toEqual(['ENG', 'OPS']);

    const scoped = await runTool(SEARCH, { query: 'the', team: 'OPS', limit: 50 }, 'uw-ada');

    expect(keys(scoped.issues)).toEqual(['OPS']);
    expect(scoped.issues).toHaveLength(
      everywhere.issues.filter((issue: { team: { key: string } }) => issue.team.key === 'OPS').length,
    );
  });

  it('scopes the search to a team given by id', async () => {
    connect();
    const result = await runTool(SEARCH, { query: 'the', team: teamId('ENG') }, 'uw-ada');
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((issue: { team: { key: string } }) => issue.team.key === 'ENG')).toBe(true);
  });

  it('honours the limit', async () => {
    connect();
    const result = await runTool(SEARCH, { query: 'e', limit: 2 }, 'uw-ada');
    expect(result.issues).toHaveLength(2);
    expect(up.linear.calls()[0]!.body).toMatchObject({ variables: { first: 2 } });
  });

  it('answers INVALID_INPUT naming the team when no team has that key, without searching', async () => {
    connect();
    const result = await runTool(SEARCH, { query: 'x', team: 'NOPE' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['team'] });
    expect(result.error).toContain('NOPE');
    expect(operationsOf(up.linear)).toEqual(['teams 200']);
  });

  it('rejects a limit out of range before any call', async () => {
    connect();
    const result = await runTool(SEARCH, { query: 'x', limit: 500 }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['limit'] });
    expect(up.linear.calls()).toEqual([]);
  });

  it('sends search text only as a variable, even when it looks like GraphQL', async () => {
    connect();
    const query = '") { viewer { id } } #';
    const result = await runTool(SEARCH, { query }, 'uw-ada');
    expect(result).toMatchObject({ success: true, issues: [] });
    expect(up.linear.calls()[0]!.body).toMatchObject({ variables: { term: query } });
  });
});
