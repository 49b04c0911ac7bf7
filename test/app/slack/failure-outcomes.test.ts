import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackMessages, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();
const POST = 'src/functions/slack/slack-post-message.ts';
const args = { channel: '#engineering', text: 'Release 2.4 is out' };

describe('Slack failure outcomes', () => {
  it('reports invalid_auth to Twenty and asks to reconnect', async () => {
    const shared = connectSharedSlack(up);
    up.slack.failNext({ kind: 'auth' });
    const result = await runTool(POST, args, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(result.error).toContain('"Acme Slack"');
    expect(result.error).toContain('invalid_auth');
    expect(up.twenty.authFailureReports).toEqual([
      { connectionId: shared.id, reason: 'Slack answered "invalid_auth".' },
    ]);
    expect(slackMessages(up.slack, 'engineering')).toEqual([]);
    up.expectNoSecrets(result);
  });

  it('reports a revoked token (token_revoked) and asks to reconnect', async () => {
    const shared = connectSharedSlack(up);
    up.slack.revokeToken(shared.accessToken);
    const result = await runTool(POST, args, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'RECONNECT_REQUIRED' });
    expect(result.error).toContain('token_revoked');
    expect(up.twenty.authFailureReports.map((r) => r.connectionId)).toEqual([shared.id]);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 200']);
  });

  it('waits for Retry-After 1 and posts exactly once', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 1, operation: 'chat.postMessage' });
    const started = Date.now();
    const result = await runTool(POST, args, 'uw-grace');
    expect(result.success).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 429', 'chat.postMessage 200']);
    expect(slackMessages(up.slack, 'engineering')).toHaveLength(1);
  });

  it('answers RATE_LIMITED with the time to try again when Retry-After is large', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 600 });
    const result = await runTool(POST, args, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(result.error).toContain(`Try again at ${result.retryAt}`);
    expect(Date.parse(result.retryAt) - Date.now()).toBeGreaterThan(590_000);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 429']);
  });

  it('does not retry chat.postMessage after a 5xx and says it may have been posted', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'server-error', status: 503 });
    const result = await runTool(POST, args, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(result.error).toContain('may have been applied');
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 503']);
  });

  it('does not post twice when the answer to chat.postMessage is lost', async () => {
    connectSharedSlack(up);
    up.dropNextResponse('slack', 'Release+2.4'); // as it reads in the form-encoded body
    const result = await runTool(POST, args, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 200']);
    expect(slackMessages(up.slack, 'engineering')).toHaveLength(1);
  });

  it('retries conversations.list after a 5xx, as a read', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'server-error', status: 500 });
    const result = await runTool('src/functions/slack/slack-list-channels.ts', {}, 'uw-grace');
    expect(result.success).toBe(true);
    expect(slackOperations(up.slack)).toEqual(['conversations.list 500', 'conversations.list 200']);
  });
});
