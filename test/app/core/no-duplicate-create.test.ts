import { describe, expect, it } from 'vitest';
import { type Loose, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const CREATE_ISSUE = 'src/functions/linear/linear-create-issue.ts';

const issuesTitled = (title: string) =>
  (up.linear.view() as Loose).teams
    .flatMap((team: Loose) => team.issues)
    .filter((i: Loose) => i.title === title);
const createCalls = () => up.linear.calls().filter((call) => call.operation === 'issueCreate');
const sentId = (call: { body: unknown }) => (call.body as Loose).variables.input.id as string;

describe('retrying a Linear create after an ambiguous failure', () => {
  it('resends the same client-generated id after a network failure and creates exactly one issue', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.linear.failNext({ kind: 'network', operation: 'issueCreate' });
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Network blip' }, 'uw-ada');
    expect(result).toMatchObject({ success: true, issue: { title: 'Network blip', team: { key: 'ENG' } } });
    const calls = createCalls();
    expect(calls.map((call) => call.status)).toEqual([0, 200]);
    expect(sentId(calls[1]!)).toBe(sentId(calls[0]!));
    expect(issuesTitled('Network blip')).toHaveLength(1);
    expect(issuesTitled('Network blip')[0].id).toBe(sentId(calls[0]!));
    expect(result.issue.id).toBe(sentId(calls[0]!));
  });

  it('reads back the issue when the first attempt landed but its answer was lost', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.dropNextResponse('linear', 'issueCreate');
    const result = await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Lost answer' }, 'uw-ada');
    expect(result).toMatchObject({ success: true, issue: { title: 'Lost answer' } });
    const calls = createCalls();
    expect(calls).toHaveLength(2);
    expect(sentId(calls[1]!)).toBe(sentId(calls[0]!));
    expect(up.linear.calls().at(-1)!.operation).toBe('issue');
    expect(issuesTitled('Lost answer')).toHaveLength(1);
    expect(result.issue.identifier).toBe(issuesTitled('Lost answer')[0].identifier);
  });

  it('sends a fresh id for each separate create call', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Twice on purpose' }, 'uw-ada');
    await runTool(CREATE_ISSUE, { team: 'ENG', title: 'Twice on purpose' }, 'uw-ada');
    const [first, second] = createCalls();
    expect(sentId(first!)).not.toBe(sentId(second!));
    expect(issuesTitled('Twice on purpose')).toHaveLength(2);
  });
});
