import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const LIST_TEAMS = 'src/functions/linear/linear-list-teams.ts';
const CREATE_ISSUE = 'src/functions/linear/linear-create-issue.ts';
const UPDATE_ISSUE = 'src/functions/linear/linear-update-issue.ts';

const connectAda = () => up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });

describe('a provider the admin has not configured', () => {
  it('answers NOT_CONFIGURED naming the variables, without calling Linear or Twenty', async () => {
    connectAda();
    delete process.env.LINEAR_CLIENT_ID;
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'NOT_CONFIGURED' });
    expect(result.error).toContain('LINEAR_CLIENT_ID');
    expect(result.error).toContain('LINEAR_CLIENT_SECRET');
    expect(up.linear.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('treats a blank client secret as not configured', async () => {
    connectAda();
    process.env.LINEAR_CLIENT_SECRET = '   ';
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Hello' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'NOT_CONFIGURED' });
    expect(up.linear.calls()).toEqual([]);
  });

  it('does not let one unconfigured provider block another', async () => {
    connectAda();
    delete process.env.GITHUB_CLIENT_ID;
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result.success).toBe(true);
  });
});

describe('invalid tool arguments', () => {
  it('lists every bad field (missing, wrong type, out of range) and calls nothing upstream', async () => {
    connectAda();
    const result = await runTool(CREATE_ISSUE, { team: 42, priority: 9 }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect([...result.fields].sort()).toEqual(['priority', 'team', 'title']);
    for (const field of ['team', 'title', 'priority']) expect(result.error).toContain(field);
    expect(up.linear.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('rejects blank text as invalid', async () => {
    connectAda();
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: '   ' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['title'] });
    expect(up.linear.calls()).toEqual([]);
  });

  it('names unknown fields (usually typos) together with the other bad fields', async () => {
    connectAda();
    const result = await runTool(UPDATE_ISSUE, { issue: 'ENG-1', assignee: 5, stat: 'Done' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect([...result.fields].sort()).toEqual(['assignee', 'stat']);
    expect(result.error).toContain('stat: unknown field');
    expect(up.linear.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('rejects an unknown field on create instead of silently dropping it', async () => {
    connectAda();
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Typo', descripton: 'lost' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['descripton'] });
    expect(up.linear.calls()).toEqual([]);
  });

  it('treats missing arguments as an empty object and names the required fields', async () => {
    const result = await runTool(CREATE_ISSUE, undefined, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect([...result.fields].sort()).toEqual(['team', 'title']);
    expect(up.twenty.requests).toEqual([]);
  });
});
