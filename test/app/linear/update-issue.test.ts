import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { linearIssue, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const UPDATE = 'src/functions/linear/linear-update-issue.ts';
const connect = () => up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
const stateId = (team: string, name: string) => {
  const data = up.linear.exportState() as {
    data: { teams: { id: string; key: string }[]; states: { id: string; teamId: string; name: string }[] };
  };
  const teamId = data.data.teams.find((t) => t.key === team)!.id;
  return data.data.states.find((s) => s.teamId === teamId && s.name === name)!.id;
};

describe('linear-update-issue', () => {
  it('moves the issue to a workflow state given by name, in any case', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-2', state: 'in progress' }, 'uw-ada');
    expect(result).toMatchObject({
      success: true,
      issue: { identifier: 'ENG-2', state: { name: 'In Progress', type: 'started' } },
    });
    expect(linearIssue(up.linear, 'ENG-2').state).toBe('In Progress');
    expect(operationsOf(up.linear)).toEqual(['issue 200', 'issueUpdate 200']);
    expect(up.linear.calls()[1]!.body).toMatchObject({
      variables: { id: 'ENG-2', input: { stateId: stateId('ENG', 'In Progress') } },
    });
  });

  it('moves the issue to a workflow state given by id', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'OPS-1', state: stateId('OPS', 'Done') }, 'uw-ada');
    expect(result.issue.state.name).toBe('Done');
    expect(linearIssue(up.linear, 'OPS-1').state).toBe('Done');
  });

  it('answers with the team’s valid states for an unknown state, changing nothing', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-2', state: 'Shipped' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['state'] });
    expect(result.error).toContain('"Shipped"');
    for (const state of ['Backlog', 'Todo', 'In Progress', 'Done', 'Canceled']) {
      expect(result.error).toContain(state);
    }
    expect(operationsOf(up.linear)).toEqual(['issue 200']);
    expect(linearIssue(up.linear, 'ENG-2').state).toBe('Todo');
  });

  it('assigns by email', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-3', assignee: 'grace@acme-robotics.test' }, 'uw-ada');
    expect(result.issue.assignee).toEqual({ name: 'Grace Hopper' });
    expect(linearIssue(up.linear, 'ENG-3').assignee).toBe('Grace Hopper');
    expect(operationsOf(up.linear)).toEqual(['users 200', 'issueUpdate 200']);
  });

  it('unassigns with "none"', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-1', assignee: 'none' }, 'uw-ada');
    expect(result.issue.assignee).toBeNull();
    expect(linearIssue(up.linear, 'ENG-1').assignee).toBeNull();
  });

  it('answers INVALID_INPUT naming the assignee when no Linear user has that email', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-1', assignee: 'nobody@else.test' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['assignee'] });
    expect(operationsOf(up.linear)).toEqual(['users 200']);
    expect(linearIssue(up.linear, 'ENG-1').assignee).toBe('Ada Lovelace');
  });

  it('changes state, assignee and priority in one update', async () => {
    connect();
    const result = await runTool(
      UPDATE,
      { issue: 'ENG-5', state: 'Todo', assignee: 'ada@acme-robotics.test', priority: 1 },
      'uw-ada',
    );
    expect(result.issue).toMatchObject({
      state: { name: 'Todo' },
      assignee: { name: 'Ada Lovelace' },
      priority: 1,
    });
    expect(linearIssue(up.linear, 'ENG-5')).toMatchObject({
      state: 'Todo',
      assignee: 'Ada Lovelace',
      priority: 'Urgent',
    });
  });

  it('requires at least one change, before any call', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-1' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect(result.error).toMatch(/state, assignee, priority/);
    expect(up.linear.calls()).toEqual([]);
  });

  it('says Linear could not find the issue when it does not exist', async () => {
    connect();
    const result = await runTool(UPDATE, { issue: 'ENG-999', priority: 2 }, 'uw-ada');
    expect(result.success).toBe(false);
    expect(result.code).toBe('NOT_FOUND');
    expect(result.error).toMatch(/Issue/);
  });
});
