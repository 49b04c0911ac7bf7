import { describe, expect, it } from 'vitest';
import { backgroundContext, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { githubOperations } from './github-helpers.ts';

const up = setupUpstreams();
const ON_CONNECT = 'src/functions/connections/github-on-connect.ts';
const hook = (connectedAccountId: string) => ({
  connectionProviderId: 'aa1eb63a-02a9-485d-85ed-64ccc4a6f4a7',
  connectionProviderName: 'github',
  connectedAccountId,
});

describe('github-on-connect', () => {
  it('records the GitHub login and name behind a new connection, even a personal one', async () => {
    const grace = up.mintConnection('github', {
      visibility: 'user',
      userWorkspaceId: 'uw-grace',
      account: 'grace-acme',
    });
    const result = await runFunction(ON_CONNECT, hook(grace.id), backgroundContext());
    expect(result).toEqual({ success: true, connectionId: grace.id, account: 'grace-acme (Grace Hopper)' });
    expect(up.twenty.kv.get(`connection-identity:${grace.id}`)).toMatchObject({
      account: 'grace-acme (Grace Hopper)',
      details: { login: 'grace-acme', id: '58213904' },
      recordedAt: expect.any(String),
    });
    expect(githubOperations(up.github)).toEqual(['GET /user 200']);
    expect(up.twenty.requestsOf('GetAppConnection')).toHaveLength(1);
  });

  it('names the account in later tool results', async () => {
    const ada = up.mintConnection('github', {
      visibility: 'user',
      userWorkspaceId: 'uw-ada',
      account: 'ada-acme',
    });
    await runFunction(ON_CONNECT, hook(ada.id), backgroundContext());
    const result = await runFunction(
      'src/functions/github/github-search-issues.ts',
      { query: 'dark mode' },
      { ...backgroundContext(), userWorkspaceId: 'uw-ada' },
    );
    expect(result.connection).toMatchObject({ id: ada.id, account: 'ada-acme (Ada Lovelace)' });
  });

  it('reports a token GitHub refuses and records nothing', async () => {
    const ada = up.mintConnection('github', {
      visibility: 'user',
      userWorkspaceId: 'uw-ada',
      account: 'ada-acme',
    });
    up.github.revokeToken(ada.accessToken);
    const result = await runFunction(ON_CONNECT, hook(ada.id), backgroundContext());
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(up.twenty.authFailureReports.map((r) => r.connectionId)).toEqual([ada.id]);
    expect(up.twenty.kv.size).toBe(0);
  });
});

describe('github-on-connect when GitHub rate-limits', () => {
  it('asks Twenty to retry while retries remain, and fails cleanly after the last one', async () => {
    const ada = up.mintConnection('github', {
      visibility: 'user',
      userWorkspaceId: 'uw-ada',
      account: 'ada-acme',
    });
    up.github.failNext({ kind: 'rate-limit', retryAfterSeconds: 300 });
    const error = await runFunction(
      ON_CONNECT,
      hook(ada.id),
      backgroundContext({ retryCount: 0, maxRetries: 2 }),
    ).then(
      () => null,
      (thrown: Error) => thrown,
    );
    expect(error?.name).toBe('RetryableLogicFunctionError');
    up.github.failNext({ kind: 'rate-limit', retryAfterSeconds: 300 });
    const last = await runFunction(
      ON_CONNECT,
      hook(ada.id),
      backgroundContext({ retryCount: 2, maxRetries: 2 }),
    );
    expect(last).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(up.twenty.kv.size).toBe(0);
    expect(up.twenty.authFailureReports).toEqual([]);
  });
});
