import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { githubUrl } from '../../../src/providers/github/github.client.ts';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, githubIssues, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const CREATE = 'src/functions/github/github-create-issue.ts';
const ISSUES = 'POST /repos/{owner}/{repo}/issues';
const input = { repository: 'acme-robotics/website', title: 'Status page is down' };

describe('GitHub failure outcomes', () => {
  it('reports a revoked token to Twenty and asks to reconnect, without the token anywhere', async () => {
    const mine = connectAda(up);
    up.github.revokeToken(mine.accessToken);
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(result.error).toContain('"Ada GitHub"');
    expect(result.error).toContain('Reconnect it in Settings');
    expect(up.twenty.authFailureReports).toEqual([{ connectionId: mine.id, reason: expect.any(String) }]);
    expect(up.twenty.authFailureReports[0]!.reason).toContain('Bad credentials');
    expect(up.twenty.authFailureReports[0]!.reason).not.toContain(mine.accessToken);
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 401`]);
    up.expectNoSecrets(result);
  });

  it('does not call GitHub again once Twenty marked the connection failed', async () => {
    const mine = connectAda(up);
    up.github.revokeToken(mine.accessToken);
    await runTool(CREATE, input, 'uw-ada');
    const again = await runTool(CREATE, input, 'uw-ada');
    expect(again).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(again.error).toContain('rejected "Ada GitHub" earlier');
    expect(up.github.calls()).toHaveLength(1);
  });

  it('answers RATE_LIMITED with "Try again at" the reset time after one call when the primary limit is spent', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'rate-limit' });
    const before = Date.now();
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(result.error).toContain(`Try again at ${result.retryAt}`);
    // The core window resets an hour after its first request: far beyond the run's budget.
    expect(Date.parse(result.retryAt) - before).toBeGreaterThan(50 * 60_000);
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 403`]);
    expect(up.twenty.authFailureReports).toEqual([]);
  });

  it('waits for a secondary rate limit with retry-after 1 and retries the create once', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: true, issue: { number: 3 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 429`, `${ISSUES} 201`]);
    expect(
      githubIssues(up.github, 'acme-robotics/website').filter((i) => i.title === input.title),
    ).toHaveLength(1);
  });

  it('answers RATE_LIMITED at once when the secondary limit asks for a long wait', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'rate-limit', retryAfterSeconds: 120 });
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(Date.parse(result.retryAt) - Date.now()).toBeGreaterThan(100_000);
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 429`]);
  });

  it('tells a permission 403 apart from a rate limit: FORBIDDEN, not reported as an auth failure', async () => {
    connectAda(up);
    up.server.use(
      http.post('https://api.github.com/repos/:owner/:repo/issues', () =>
        HttpResponse.json(
          {
            message: 'Must have admin rights to Repository.',
            documentation_url: 'https://docs.github.com/rest',
          },
          { status: 403, headers: { 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '1999999999' } },
        ),
      ),
    );
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'FORBIDDEN' });
    expect(result.error).toBe('GitHub refused: Must have admin rights to Repository.');
    expect(up.twenty.authFailureReports).toEqual([]);
  });

  it('treats a 403 "secondary rate limit" without retry-after as RATE_LIMITED for at least a minute', async () => {
    connectAda(up);
    let attempts = 0;
    up.server.use(
      http.post('https://api.github.com/repos/:owner/:repo/issues', () => {
        attempts++;
        return HttpResponse.json(
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          },
          { status: 403, headers: { 'x-ratelimit-remaining': '4990' } },
        );
      }),
    );
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(Date.parse(result.retryAt) - Date.now()).toBeGreaterThan(50_000);
    expect(attempts).toBe(1);
  });

  it('does not retry a create after a 5xx and says it may have been applied', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'server-error', status: 502, operation: ISSUES });
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(result.error).toContain('HTTP 502');
    expect(result.error).toContain('may have been applied');
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 502`]);
  });

  it('does not duplicate an issue when the answer to the create is lost', async () => {
    connectAda(up);
    up.dropNextResponse('github', input.title);
    const result = await runTool(CREATE, input, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(result.error).toContain('may have been applied');
    expect(up.github.calls().filter((c) => c.operation === ISSUES)).toHaveLength(1);
    expect(
      githubIssues(up.github, 'acme-robotics/website').filter((i) => i.title === input.title),
    ).toHaveLength(1);
  });

  it('sends GitHub’s required headers on every call', async () => {
    connectAda(up);
    const seen: Headers[] = [];
    up.server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).hostname === 'api.github.com') seen.push(request.headers);
    });
    await runTool(CREATE, input, 'uw-ada');
    up.server.events.removeAllListeners('request:start');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.get('accept')).toBe('application/vnd.github+json');
    expect(seen[0]!.get('x-github-api-version')).toBe('2022-11-28');
    expect(seen[0]!.get('user-agent')).toBeTruthy();
  });

  it('percent-encodes every path segment so input cannot change the path or add a query', () => {
    expect(githubUrl(['repos', 'a b', 'c/d', '?x=1', '#frag', 'issues', 42])).toBe(
      'https://api.github.com/repos/a%20b/c%2Fd/%3Fx%3D1/%23frag/issues/42',
    );
    expect(githubUrl(['repos', 'acme', '../../user', 'issues'])).toBe(
      'https://api.github.com/repos/acme/..%2F..%2Fuser/issues',
    );
    expect(githubUrl(['search', 'issues'], { q: 'a&b=c', page: undefined })).toBe(
      'https://api.github.com/search/issues?q=a%26b%3Dc',
    );
  });
});
