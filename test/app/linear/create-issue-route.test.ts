import { describe, expect, it } from 'vitest';
import { runRoute } from '../../support/run-function.ts';
import { linearIssue, linearIssues, operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const ROUTE = 'src/functions/linear/linear-create-issue-route.ts';
const post = (body: unknown, userWorkspaceId: string | null) =>
  runRoute(ROUTE, body, userWorkspaceId, { path: '/linear/issues' });
const ADA = 'ada@acme-robotics.test';
const GRACE = 'grace@acme-robotics.test';
const connectAda = () =>
  up.mintConnection('linear', {
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    name: 'Ada Linear',
    account: ADA,
  });

describe('POST /linear/issues', () => {
  it('answers 201 with the created issue and the connection used', async () => {
    const mine = connectAda();
    const response = await post({ team: 'ENG', title: 'From a webhook', priority: 3 }, 'uw-ada');
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(response.body).toMatchObject({
      connection: { id: mine.id, name: 'Ada Linear' },
      issue: { identifier: 'ENG-6', title: 'From a webhook', priority: 3 },
    });
    expect(linearIssue(up.linear, 'ENG-6')).toMatchObject({
      title: 'From a webhook',
      creator: 'Ada Lovelace',
    });
    up.expectNoSecrets(response);
  });

  it('answers 400 listing the bad fields, calling nothing upstream', async () => {
    connectAda();
    const response = await post({ team: 5, priority: 'high' }, 'uw-ada');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect([...response.body.error.fields].sort()).toEqual(['priority', 'team', 'title']);
    expect(up.linear.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('answers 400 naming an unknown field (a typo would otherwise be dropped silently)', async () => {
    connectAda();
    const response = await post({ team: 'ENG', title: 'x', descripton: 'typo' }, 'uw-ada');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT', fields: ['descripton'] });
    expect(up.linear.calls()).toEqual([]);
  });

  it('answers 400 when the body is not a JSON object', async () => {
    connectAda();
    const response = await post('team=ENG&title=x', 'uw-ada');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT', fields: ['body'] });
    expect(up.linear.calls()).toEqual([]);
  });

  it('answers 409 when the caller has no Linear connection', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-grace' });
    const response = await post({ team: 'ENG', title: 'x' }, 'uw-ada');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('NOT_CONNECTED');
    expect(up.linear.calls()).toEqual([]);
  });

  it('answers 409 when Linear is not configured on the server', async () => {
    connectAda();
    delete process.env.LINEAR_CLIENT_SECRET;
    const response = await post({ team: 'ENG', title: 'x' }, 'uw-ada');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('NOT_CONFIGURED');
  });

  it('answers 409 asking to reconnect when Linear rejects the token', async () => {
    const mine = connectAda();
    up.linear.revokeToken(mine.accessToken);
    const response = await post({ team: 'ENG', title: 'x' }, 'uw-ada');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('RECONNECT_REQUIRED');
    expect(up.twenty.authFailureReports.map((r) => r.connectionId)).toEqual([mine.id]);
  });

  it('answers 429 with retry-after when Linear rate limits for long', async () => {
    connectAda();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 600 });
    const response = await post({ team: 'ENG', title: 'Later' }, 'uw-ada');
    expect(response.status).toBe(429);
    expect(Number(response.headers?.['retry-after'])).toBeGreaterThanOrEqual(590);
    expect(Number(response.headers?.['retry-after'])).toBeLessThanOrEqual(600);
    expect(response.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAt: expect.any(String) });
    expect(operationsOf(up.linear)).toEqual(['teams 400']);
  });

  it('answers 502 when Linear keeps failing, creating nothing', async () => {
    connectAda();
    for (let i = 0; i < 3; i++) up.linear.failNext({ kind: 'network', operation: 'issueCreate' });
    const before = linearIssues(up.linear).length;
    const response = await post({ team: 'ENG', title: 'Never' }, 'uw-ada');
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(linearIssues(up.linear)).toHaveLength(before);
    expect(operationsOf(up.linear)).toEqual(['teams 200', 'issueCreate 0', 'issueCreate 0', 'issueCreate 0']);
  }, 20_000);

  it('uses only the workspace-shared connection for an API key (no user)', async () => {
    connectAda();
    const shared = up.mintConnection('linear', {
      visibility: 'workspace',
      userWorkspaceId: 'uw-ada',
      name: 'Integration',
      account: GRACE,
    });
    const response = await post({ team: 'OPS', title: 'Via API key' }, null);
    expect(response.status).toBe(201);
    expect(response.body.connection).toMatchObject({ id: shared.id, visibility: 'workspace' });
    expect(linearIssue(up.linear, 'Via API key').creator).toBe('Grace Hopper');
  });

  it('answers 409 to an API key when only personal connections exist, even if one is named', async () => {
    const mine = connectAda();
    const response = await post({ team: 'ENG', title: 'x', connection: mine.id }, null);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('NOT_CONNECTED');
    expect(up.linear.calls()).toEqual([]);
  });
});
