import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, connectGrace, githubIssues, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const COMMENT = 'src/functions/github/github-add-comment.ts';
const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

describe('github-add-comment', () => {
  it('comments on the issue as the member and returns the comment URL', async () => {
    const mine = connectAda(up);
    const result = await runTool(
      COMMENT,
      { repository: 'acme-robotics/website', issueNumber: 2, body: 'Designs are in **Figma**.' },
      'uw-ada',
    );
    expect(result).toMatchObject({
      success: true,
      connection: { id: mine.id },
      comment: {
        id: expect.any(Number),
        url: expect.stringContaining('https://github.com/acme-robotics/website/issues/2#issuecomment-'),
      },
    });
    const issue = githubIssues(up.github, 'acme-robotics/website').find((i) => i.number === 2);
    expect(issue.comments).toEqual([
      { author: 'ada-acme', body: 'Designs are in **Figma**.', createdAt: expect.any(String) },
    ]);
    expect(githubOperations(up.github)).toEqual([`${COMMENTS} 201`]);
    expect(new URL(up.github.calls()[0]!.url).pathname).toBe(
      '/repos/acme-robotics/website/issues/2/comments',
    );
  });

  it('answers NOT_FOUND for an issue number that does not exist', async () => {
    connectAda(up);
    const result = await runTool(
      COMMENT,
      { repository: 'acme-robotics/website', issueNumber: 999, body: 'Hello?' },
      'uw-ada',
    );
    expect(result).toMatchObject({ success: false, code: 'NOT_FOUND' });
    expect(githubOperations(up.github)).toEqual([`${COMMENTS} 404`]);
  });

  it('answers NOT_FOUND for a private repository the account cannot see', async () => {
    connectGrace(up);
    const result = await runTool(
      COMMENT,
      { repository: 'acme-robotics/firmware', issueNumber: 1, body: 'Me too' },
      'uw-grace',
    );
    expect(result).toMatchObject({ success: false, code: 'NOT_FOUND' });
    expect(result.error).toContain('private repositories answer 404');
  });

  it.each([
    [{ repository: 'acme-robotics/website', issueNumber: 0, body: 'x' }, ['issueNumber']],
    [{ repository: 'acme-robotics/website', issueNumber: 1.5, body: 'x' }, ['issueNumber']],
    [{ repository: 'acme-robotics/website', issueNumber: '2/../../x', body: 'x' }, ['issueNumber']],
    [{ repository: 'acme-robotics/website', issueNumber: 2, body: '' }, ['body']],
    [{ repository: 'a/b/c', issueNumber: 2, body: 'x' }, ['repository']],
  ])('rejects %j before any call', async (args, fields) => {
    connectAda(up);
    const result = await runTool(COMMENT, args, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields });
    expect(up.github.calls()).toEqual([]);
  });

  it('does not retry a comment after a 5xx and says it may have been applied', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'server-error', status: 500 });
    const result = await runTool(
      COMMENT,
      { repository: 'acme-robotics/website', issueNumber: 2, body: 'Once only' },
      'uw-ada',
    );
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(result.error).toContain('may have been applied');
    expect(githubOperations(up.github)).toEqual([`${COMMENTS} 500`]);
  });
});
