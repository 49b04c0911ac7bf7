import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../src/core/identity.ts';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const LIST_TEAMS = 'src/functions/linear/linear-list-teams.ts';

const operations = () => up.linear.calls().map((call) => `${call.operation} ${call.status}`);
const connectAda = () =>
  up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada', name: 'Ada Linear' });

describe('Linear rejects the credentials', () => {
  it('reports the auth failure to Twenty without the token and asks to reconnect that connection', async () => {
    const connection = connectAda();
    up.linear.revokeToken(connection.accessToken);
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(result.error).toContain('"Ada Linear"');
    expect(result.error).toContain('Reconnect');
    expect(up.twenty.authFailureReports).toEqual([
      { connectionId: connection.id, reason: expect.any(String) },
    ]);
    expect(up.twenty.authFailureReports[0]!.reason).not.toContain(connection.accessToken);
    expect(operations()).toEqual(['teams 401']);
    up.expectNoSecrets(result);
  });

  it('names the upstream account recorded at connect time', async () => {
    const connection = connectAda();
    up.twenty.kv.set(identityKey(connection.id), {
      account: 'Ada Lovelace (ada@acme-robotics.test) · Acme Robotics',
      details: {},
      recordedAt: new Date().toISOString(),
    });
    up.linear.failNext({ kind: 'auth' });
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result.code).toBe('RECONNECT_REQUIRED');
    expect(result.error).toContain('"Ada Linear" (Ada Lovelace (ada@acme-robotics.test) · Acme Robotics)');
    expect(up.twenty.requestsOf('ReportAppConnectionAuthFailure')).toHaveLength(1);
  });

  it('does not call Linear again once Twenty has marked the connection failed', async () => {
    const connection = connectAda();
    up.linear.revokeToken(connection.accessToken);
    await runTool(LIST_TEAMS, {}, 'uw-ada');
    const second = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(second).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(second.error).toContain('"Ada Linear"');
    expect(operations()).toEqual(['teams 401']);
    expect(up.twenty.authFailureReports).toHaveLength(1);
  });

  it('falls back to the workspace-shared connection after the member’s own one was marked failed', async () => {
    const mine = connectAda();
    const shared = up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-grace' });
    up.linear.revokeToken(mine.accessToken);
    expect((await runTool(LIST_TEAMS, {}, 'uw-ada')).code).toBe('RECONNECT_REQUIRED');
    const next = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(next).toMatchObject({ success: true, connection: { id: shared.id, visibility: 'workspace' } });
  });
});

describe('Linear rate limits the connection', () => {
  it('waits a short retry-after and succeeds on the second call', async () => {
    connectAda();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result.success).toBe(true);
    expect(result.teams).toHaveLength(2);
    expect(operations()).toEqual(['teams 400', 'teams 200']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it('answers RATE_LIMITED with retryAt and "Try again at" after exactly one call when the reset is far', async () => {
    connectAda();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 3600 });
    const started = Date.now();
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    const retryAt = Date.parse(result.retryAt);
    expect(retryAt - started).toBeGreaterThan(3500_000);
    expect(retryAt - started).toBeLessThan(3700_000);
    expect(result.error).toContain(`Try again at ${result.retryAt}`);
    expect(operations()).toEqual(['teams 400']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(up.twenty.authFailureReports).toEqual([]);
  });
});

describe('Linear fails transiently', () => {
  it('retries an idempotent read after a 5xx and succeeds', async () => {
    connectAda();
    up.linear.failNext({ kind: 'server-error', status: 503 });
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result.success).toBe(true);
    expect(operations()).toEqual(['teams 503', 'teams 200']);
  });

  it('gives up with UPSTREAM_UNAVAILABLE after three failed attempts, without reporting an auth failure', async () => {
    connectAda();
    for (let i = 0; i < 3; i++) up.linear.failNext({ kind: 'server-error', status: 500 });
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(operations()).toEqual(['teams 500', 'teams 500', 'teams 500']);
    expect(up.twenty.authFailureReports).toEqual([]);
  }, 20_000);
});
