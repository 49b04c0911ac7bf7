import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, connectGrace, githubIssues, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const CREATE = 'src/functions/github/github-create-issue.ts';
const ISSUES = 'POST /repos/{owner}/{repo}/issues';

describe('github-create-issue', () => {
  it('opens the issue as the member’s own GitHub account and returns its number and URL', async () => {
    const mine = connectAda(up);
    const result = await runTool(
      CREATE,
      {
        repository: 'acme-robotics/website',
        title: 'Footer shows last year',
        body: 'The copyright line says **2023**.',
        labels: ['bug'],
        assignees: ['grace-acme'],
      },
      'uw-ada',
    );
    expect(result).toMatchObject({
      success: true,
      connection: { id: mine.id, name: 'Ada GitHub' },
      issue: {
        number: 3,
        title: 'Footer shows last year',
        state: 'open',
        url: 'https://github.com/acme-robotics/website/issues/3',
        author: 'ada-acme',
        repository: 'acme-robotics/website',
      },
    });
    expect(githubIssues(up.github, 'acme-robotics/website')[0]).toMatchObject({
      number: 3,
      kind: 'issue',
      title: 'Footer shows last year',
      body: 'The copyright line says **2023**.',
      author: 'ada-acme',
      labels: ['bug'],
      assignees: ['grace-acme'],
    });
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 201`]);
    const call = up.github.calls()[0]!;
    expect(new URL(call.url).pathname).toBe('/repos/acme-robotics/website/issues');
    expect(call.body).toEqual({
      title: 'Footer shows last year',
      body: 'The copyright line says **2023**.',
      labels: ['bug'],
      assignees: ['grace-acme'],
    });
    up.expectNoSecrets(result);
  });

  it('uses the workspace-shared connection when the tool runs without a user, never a personal one', async () => {
    connectAda(up);
    up.mintConnection('github', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-grace',
      account: 'grace-acme',
    });
    const result = await runTool(
      CREATE,
      { repository: 'acme-robotics/website', title: 'From a workflow' },
      null,
    );
    expect(result.success).toBe(true);
    expect(githubIssues(up.github, 'acme-robotics/website')[0]).toMatchObject({
      title: 'From a workflow',
      author: 'grace-acme',
    });
  });

  it('refuses another member’s personal connection even when asked for it by name or id', async () => {
    connectAda(up);
    const grace = connectGrace(up);
    for (const connection of ['Grace GitHub', grace.id]) {
      const result = await runTool(
        CREATE,
        { repository: 'acme-robotics/website', title: 'Sneaky', connection },
        'uw-ada',
      );
      expect(result).toMatchObject({ success: false, code: 'NOT_CONNECTED', fields: ['connection'] });
      expect(result.error).toContain('Available: "Ada GitHub"');
    }
    expect(up.github.calls()).toEqual([]);
  });

  it.each([
    'acme/../x',
    'a/b/c',
    'acme/web site',
    'acme/..',
    'acme/.',
    '../etc/passwd',
    'acme',
    'acme/website?x=1',
    'acme%2F..%2Fx/y',
  ])('rejects the repository %j before any call', async (repository) => {
    connectAda(up);
    const result = await runTool(CREATE, { repository, title: 'Nope' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['repository'] });
    expect(result.error).toContain('owner/name');
    expect(up.github.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('lists every bad field at once and calls nothing', async () => {
    connectAda(up);
    const result = await runTool(CREATE, { repository: 'acme', title: ' ', labels: 'bug' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect(result.fields).toEqual(expect.arrayContaining(['repository', 'title', 'labels']));
    expect(up.github.calls()).toEqual([]);
  });

  it('answers NOT_FOUND, explaining that private repositories answer 404, when the account cannot see the repo', async () => {
    connectGrace(up);
    const result = await runTool(
      CREATE,
      { repository: 'acme-robotics/firmware', title: 'Hello' },
      'uw-grace',
    );
    expect(result).toMatchObject({ success: false, code: 'NOT_FOUND' });
    expect(result.error).toContain('private repositories answer 404');
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 404`]);
    expect(up.twenty.authFailureReports).toEqual([]);
  });

  it('says issues are disabled when GitHub answers 410', async () => {
    connectAda(up);
    const result = await runTool(CREATE, { repository: 'acme-robotics/archive', title: 'Old' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'FORBIDDEN' });
    expect(result.error).toBe('Issues are disabled on this repository.');
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 410`]);
  });

  it('answers INVALID_INPUT naming the field GitHub rejected with 422', async () => {
    connectAda(up);
    const result = await runTool(
      CREATE,
      { repository: 'acme-robotics/website', title: 'Assign me', assignees: ['nobody-here'] },
      'uw-ada',
    );
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['assignees'] });
    expect(result.error).toContain('assignees');
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 422`]);
    expect(githubIssues(up.github, 'acme-robotics/website')).toHaveLength(2);
  });
});
