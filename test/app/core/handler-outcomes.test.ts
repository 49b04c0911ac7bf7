import { afterEach, describe, expect, it } from 'vitest';
import { backgroundContext, runFunction, runRoute } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { configureDigest, DIGEST_SETTINGS } from '../automations/digest-helpers.ts';

/** Outcomes of the shared handlers that the mutation run found unpinned. */
const up = setupUpstreams();
const ROUTE = 'src/functions/linear/linear-create-issue-route.ts';
const DIGEST = 'src/functions/automations/linear-digest.ts';
const shareBoth = () => {
  up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
  up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
};

afterEach(() => {
  for (const name of DIGEST_SETTINGS) delete process.env[name];
});

describe('route handler', () => {
  it('tells a caller that sent no JSON object to send one with content-type: application/json', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const response = await runRoute(ROUTE, 'team=ENG&title=x', 'uw-ada');
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'INVALID_INPUT',
      error: 'Send a JSON object body with content-type: application/json.',
      fields: ['body'],
    });
  });
});

describe('background handler', () => {
  it('skips, saying why, when a provider is not set up on the server', async () => {
    configureDigest();
    shareBoth();
    delete process.env.SLACK_CLIENT_SECRET;
    const result = await runFunction(DIGEST, {}, backgroundContext());
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('Slack is not set up on this Twenty server');
    expect(up.linear.calls()).toEqual([]);
  });

  it('asks Twenty to retry when a read fails with the provider unavailable and retries remain', async () => {
    configureDigest();
    shareBoth();
    up.linear.failNext({ kind: 'server-error', status: 503 });
    up.linear.failNext({ kind: 'server-error', status: 503 });
    up.linear.failNext({ kind: 'server-error', status: 503 });
    const error = await runFunction(DIGEST, {}, backgroundContext({ retryCount: 0, maxRetries: 3 })).then(
      () => null,
      (thrown: Error) => thrown,
    );
    expect(error?.name).toBe('RetryableLogicFunctionError');
    expect(up.slack.calls()).toEqual([]);
  });
});
