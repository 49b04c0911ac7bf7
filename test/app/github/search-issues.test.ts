import { describe, expect, it } from 'vitest';
import { type Loose, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, connectGrace, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const SEARCH = 'src/functions/github/github-search-issues.ts';

describe('github-search-issues', () => {
  it('returns the matching issues with number, title, state, repository, author and URL', async () => {
    const mine = connectAda(up);
    const result = await runTool(
      SEARCH,
      { query: 'repo:acme-robotics/website is:issue dark mode' },
      'uw-ada',
    );
    expect(result).toEqual({
      success: true,
      connection: { id: mine.id, name: 'Ada GitHub', visibility: 'user', account: null },
      total: 1,
      issues: [
        {
          number: 2,
          title: 'Add a dark mode',
          state: 'open',
          url: 'https://github.com/acme-robotics/website/issues/2',
          author: 'grace-acme',
          repository: 'acme-robotics/website',
          updatedAt: '2024-10-01T11:05:00Z',
        },
      ],
    });
    expect(githubOperations(up.github)).toEqual(['GET /search/issues 200']);
  });

  it('finds issues in private repositories the account can see', async () => {
    connectAda(up);
    const result = await runTool(SEARCH, { query: 'overheats is:issue' }, 'uw-ada');
    expect(result.issues.map((i: Loose) => `${i.repository}#${i.number}`)).toEqual([
      'acme-robotics/firmware#1',
    ]);
  });

  it('does not show another account’s private issues', async () => {
    connectGrace(up);
    const result = await runTool(SEARCH, { query: 'overheats is:issue' }, 'uw-grace');
    expect(result).toMatchObject({ success: true, total: 0, issues: [] });
  });

  it('sends the query as one encoded parameter, so search syntax cannot add other parameters', async () => {
    connectAda(up);
    const query = 'dark mode&per_page=100#x';
    const result = await runTool(SEARCH, { query, limit: 5 }, 'uw-ada');
    expect(result.success).toBe(true);
    const url = new URL(up.github.calls()[0]!.url);
    expect(url.searchParams.get('q')).toBe(query);
    expect(url.searchParams.get('per_page')).toBe('5');
  });

  it('passes GitHub’s explanation on when a searched repository is not visible', async () => {
    connectGrace(up);
    const result = await runTool(SEARCH, { query: 'repo:acme-robotics/firmware motor' }, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect(result.error).toContain('cannot be searched');
    expect(githubOperations(up.github)).toEqual(['GET /search/issues 422']);
  });

  // App bug: github.errors.ts copies GitHub's own field name (`q`) into `fields`, which the AppError
  // contract defines as the caller's input fields; the tool's argument is `query`.
  it('names the tool’s query argument, not GitHub’s q parameter, in the rejected fields', async () => {
    connectGrace(up);
    const result = await runTool(SEARCH, { query: 'repo:acme-robotics/firmware motor' }, 'uw-grace');
    expect(result.fields).toEqual(['query']);
  });

  it('rejects a blank query before calling GitHub', async () => {
    connectAda(up);
    const result = await runTool(SEARCH, { query: '   ' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['query'] });
    expect(up.github.calls()).toEqual([]);
  });

  it('answers RATE_LIMITED with the time to try again when the search budget is spent', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'rate-limit', operation: 'GET /search/issues' });
    const result = await runTool(SEARCH, { query: 'bug' }, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(result.error).toMatch(/Try again at \d{4}-\d\d-\d\dT/);
    expect(Date.parse(result.retryAt)).toBeGreaterThan(Date.now());
    expect(githubOperations(up.github)).toEqual(['GET /search/issues 403']);
  });
});
