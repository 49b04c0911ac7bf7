import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { linearIssue, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const COMMENT = 'src/functions/linear/linear-add-comment.ts';
const connect = () =>
  up.mintConnection('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-grace',
    account: 'grace@acme-robotics.test',
  });
const commentCalls = () => up.linear.calls().filter((call) => call.operation === 'commentCreate');
const sentId = (call: { body: unknown }) =>
  (call.body as { variables: { input: { id: string } } }).variables.input.id;

describe('linear-add-comment', () => {
  it('adds the comment to the issue as the member’s Linear user', async () => {
    connect();
    const result = await runTool(COMMENT, { issue: 'OPS-2', body: 'Booked for **Tuesday**.' }, 'uw-grace');
    expect(result).toMatchObject({
      success: true,
      comment: { body: 'Booked for **Tuesday**.', url: expect.any(String) },
    });
    expect(linearIssue(up.linear, 'OPS-2').comments).toEqual([
      expect.objectContaining({
        id: result.comment.id,
        author: 'Grace Hopper',
        body: 'Booked for **Tuesday**.',
      }),
    ]);
    expect(operationsOf(up.linear)).toEqual(['commentCreate 200']);
    expect(sentId(commentCalls()[0]!)).toBe(result.comment.id);
  });

  it('posts the comment once after a network failure, resending the same id', async () => {
    connect();
    up.linear.failNext({ kind: 'network', operation: 'commentCreate' });
    const result = await runTool(COMMENT, { issue: 'ENG-4', body: 'Fixed by retry logic.' }, 'uw-grace');
    expect(result.success).toBe(true);
    const calls = commentCalls();
    expect(calls.map((call) => call.status)).toEqual([0, 200]);
    expect(sentId(calls[1]!)).toBe(sentId(calls[0]!));
    expect(linearIssue(up.linear, 'ENG-4').comments).toHaveLength(1);
    expect(result.comment.id).toBe(sentId(calls[0]!));
  });

  it('posts the comment once when the first answer was lost, resending the same id', async () => {
    connect();
    up.dropNextResponse('linear', 'commentCreate');
    const result = await runTool(COMMENT, { issue: 'ENG-4', body: 'Fixed by retry logic.' }, 'uw-grace');
    expect(result.success).toBe(true);
    const calls = commentCalls();
    expect(calls).toHaveLength(2);
    expect(sentId(calls[1]!)).toBe(sentId(calls[0]!));
    expect(linearIssue(up.linear, 'ENG-4').comments).toHaveLength(1);
    expect(result.comment.id).toBe(sentId(calls[0]!));
  });

  it('says Linear could not find the issue when it does not exist, posting nothing', async () => {
    connect();
    const result = await runTool(COMMENT, { issue: 'ENG-404', body: 'hello' }, 'uw-grace');
    expect(result.success).toBe(false);
    expect(result.code).toBe('NOT_FOUND');
    expect(result.error).toMatch(/Issue/);
    expect(operationsOf(up.linear)).toEqual(['commentCreate 200']);
  });

  it('rejects an empty body before any call', async () => {
    connect();
    const result = await runTool(COMMENT, { issue: 'ENG-1', body: '' }, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['body'] });
    expect(up.linear.calls()).toEqual([]);
  });
});
