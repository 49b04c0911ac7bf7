import { describe, expect, it } from 'vitest';
import { runRoute } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectAda, githubIssues, githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const ROUTE = 'src/functions/github/github-create-issue-route.ts';
const ISSUES = 'POST /repos/{owner}/{repo}/issues';
const body = { repository: 'acme-robotics/website', title: 'Signup form loses the email' };

describe('POST /github/issues', () => {
  it('answers 201 with the created issue and the connection used', async () => {
    const mine = connectAda(up);
    const response = await runRoute(ROUTE, body, 'uw-ada');
    expect(response.status).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(response.body).toMatchObject({
      connection: { id: mine.id, name: 'Ada GitHub' },
      issue: { number: 3, title: body.title, url: 'https://github.com/acme-robotics/website/issues/3' },
    });
    expect(githubIssues(up.github, 'acme-robotics/website')[0]).toMatchObject({
      title: body.title,
      author: 'ada-acme',
    });
    up.expectNoSecrets(response);
  });

  it('uses only the workspace-shared connection for an API-key call', async () => {
    connectAda(up);
    up.mintConnection('github', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-grace',
      account: 'grace-acme',
    });
    const response = await runRoute(ROUTE, body, null);
    expect(response.status).toBe(201);
    expect(githubIssues(up.github, 'acme-robotics/website')[0]).toMatchObject({ author: 'grace-acme' });
  });

  it('answers 400 listing the bad fields, calling nothing', async () => {
    connectAda(up);
    const response = await runRoute(ROUTE, { repository: 'acme/../x', title: '' }, 'uw-ada');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(response.body.error.fields).toEqual(expect.arrayContaining(['repository', 'title']));
    expect(up.github.calls()).toEqual([]);
  });

  it('answers 400 when the body is not a JSON object', async () => {
    connectAda(up);
    const response = await runRoute(ROUTE, 'repository=acme/web', 'uw-ada');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT', fields: ['body'] });
    expect(up.github.calls()).toEqual([]);
  });

  it('answers 409 when the caller has no usable GitHub connection', async () => {
    up.mintConnection('github', { visibility: 'user', userWorkspaceId: 'uw-grace', account: 'grace-acme' });
    const response = await runRoute(ROUTE, body, 'uw-ada');
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'NOT_CONNECTED' });
    expect(up.github.calls()).toEqual([]);
  });

  it('answers 409 when GitHub rejects the token, after reporting it', async () => {
    const mine = connectAda(up);
    up.github.revokeToken(mine.accessToken);
    const response = await runRoute(ROUTE, body, 'uw-ada');
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'RECONNECT_REQUIRED' });
    expect(up.twenty.authFailureReports.map((r) => r.connectionId)).toEqual([mine.id]);
  });

  it('answers 429 with retry-after when GitHub asks for a long wait', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'rate-limit', retryAfterSeconds: 3600 });
    const response = await runRoute(ROUTE, body, 'uw-ada');
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers?.['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(response.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAt: expect.any(String) });
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 429`]);
  });

  it('answers 502 after one attempt when GitHub fails with a 5xx', async () => {
    connectAda(up);
    up.github.failNext({ kind: 'server-error', status: 503 });
    const response = await runRoute(ROUTE, body, 'uw-ada');
    expect(response.status).toBe(502);
    expect(response.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(response.body.error.error).toContain('may have been applied');
    expect(githubOperations(up.github)).toEqual([`${ISSUES} 503`]);
  });

  it('answers 404 and 403 for an invisible repository and disabled issues', async () => {
    up.mintConnection('github', { visibility: 'user', userWorkspaceId: 'uw-grace', account: 'grace-acme' });
    const hidden = await runRoute(ROUTE, { ...body, repository: 'acme-robotics/firmware' }, 'uw-grace');
    const disabled = await runRoute(ROUTE, { ...body, repository: 'acme-robotics/archive' }, 'uw-grace');
    expect([hidden.status, disabled.status]).toEqual([404, 403]);
  });
});
