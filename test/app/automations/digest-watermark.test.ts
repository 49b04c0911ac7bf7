import { afterEach, describe, expect, it } from 'vitest';
import { backgroundContext, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { channelMessages, configureDigest, DIGEST_SETTINGS } from './digest-helpers.ts';

/**
 * The digest's "last run" watermark moves on only once Slack has the message: a post that fails must leave
 * the window where it was, so the next run (Twenty's retry or tomorrow's) posts the same issues.
 */
const up = setupUpstreams();
const DIGEST = 'src/functions/automations/linear-digest.ts';
const LAST_RUN = 'linear-digest:last-run';

const shareBoth = () => {
  up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-ada', name: 'Acme Linear' });
  up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
};
const engineering = () => channelMessages(up.slack, 'engineering');

afterEach(() => {
  for (const name of DIGEST_SETTINGS) delete process.env[name];
});

describe('linear-digest when the Slack post fails', () => {
  it('keeps the watermark when Slack rate-limits the last retry, and the next run posts the same issues', async () => {
    configureDigest();
    shareBoth();
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 600, operation: 'chat.postMessage' });
    const failed = await runFunction(DIGEST, {}, backgroundContext({ retryCount: 3, maxRetries: 3 }));
    expect(failed).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(engineering()).toEqual([]);
    expect(up.twenty.kv.has(LAST_RUN)).toBe(false);

    const next = await runFunction(DIGEST, {}, backgroundContext());
    expect(next).toMatchObject({ success: true, posted: 2 });
    expect(engineering()).toHaveLength(1);
    expect(engineering()[0]!.text.split('\n')[0]).toBe('*Linear: 2 issues updated in ENG*');
    expect(up.twenty.kv.get(LAST_RUN)).toEqual(expect.any(String));
  });

  it('keeps the watermark when Slack refuses the token, so reconnecting loses nothing', async () => {
    configureDigest();
    shareBoth();
    // An earlier digest left a watermark; the issues updated since then must survive the failed post.
    const earlier = new Date(Date.now() - 48 * 3_600_000).toISOString();
    up.twenty.kv.set(LAST_RUN, earlier);
    up.slack.failNext({ kind: 'auth', operation: 'chat.postMessage' });
    const failed = await runFunction(DIGEST, {}, backgroundContext());
    expect(failed).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(up.twenty.kv.get(LAST_RUN)).toBe(earlier);
    expect(engineering()).toEqual([]);
  });

  it('keeps the watermark when Twenty is asked to retry (RetryableLogicFunctionError) after a Slack rate limit', async () => {
    configureDigest();
    shareBoth();
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 600, operation: 'chat.postMessage' });
    const error = await runFunction(DIGEST, {}, backgroundContext({ retryCount: 0, maxRetries: 3 })).then(
      () => null,
      (thrown: Error) => thrown,
    );
    expect(error?.name).toBe('RetryableLogicFunctionError');
    expect(up.twenty.kv.has(LAST_RUN)).toBe(false);
  });
});
