import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackMessages, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();
const POST = 'src/functions/slack/slack-post-message.ts';

describe('slack-post-message', () => {
  it('posts as the Slack app and returns the channel id and ts', async () => {
    const shared = connectSharedSlack(up);
    const result = await runTool(POST, { channel: '#engineering', text: 'Build *green* again' }, 'uw-grace');
    expect(result).toMatchObject({
      success: true,
      connection: { id: shared.id, name: 'Acme Slack', visibility: 'workspace' },
      message: { channel: 'C0ACMEENGNR', ts: expect.stringMatching(/^\d+\.\d{6}$/) },
    });
    expect(slackMessages(up.slack, 'engineering')).toEqual([
      expect.objectContaining({
        ts: result.message.ts,
        author: 'Twenty Connect',
        text: 'Build *green* again',
      }),
    ]);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 200']);
    up.expectNoSecrets(result);
  });

  it('replies in a thread when threadTs is given', async () => {
    connectSharedSlack(up);
    const first = await runTool(POST, { channel: 'C0ACMEENGNR', text: 'Deploy?' }, 'uw-grace');
    await runTool(POST, { channel: 'C0ACMEENGNR', text: 'Done', threadTs: first.message.ts }, 'uw-grace');
    expect(slackMessages(up.slack, 'engineering')[1]).toMatchObject({
      text: 'Done',
      threadTs: first.message.ts,
    });
  });

  it('posts in a public channel the app has not joined (chat:write.public)', async () => {
    connectSharedSlack(up);
    const result = await runTool(POST, { channel: '#sales', text: 'New lead' }, 'uw-grace');
    expect(result.success).toBe(true);
    expect(slackMessages(up.slack, 'sales')).toHaveLength(1);
  });

  it.each([
    ['#leadership', 'channel_not_found', 'private and the app is not in it'],
    ['#no-such-channel', 'channel_not_found', 'no such channel'],
    ['#random', 'is_archived', 'archived'],
  ])('answers INVALID_INPUT naming channel when posting to %s (%s)', async (channel, _error, words) => {
    connectSharedSlack(up);
    const result = await runTool(POST, { channel, text: 'Hello' }, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['channel'] });
    expect(result.error).toContain(words);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 200']);
    expect(up.twenty.authFailureReports).toEqual([]);
  });

  it('answers INVALID_INPUT naming channel when the app is not in it and cannot post publicly', async () => {
    connectSharedSlack(up, ['channels:read', 'groups:read', 'chat:write']);
    const result = await runTool(POST, { channel: '#sales', text: 'Hello' }, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['channel'] });
    expect(result.error).toContain('/invite');
    expect(slackMessages(up.slack, 'sales')).toEqual([]);
  });

  it('answers INVALID_INPUT naming text when Slack says msg_too_long', async () => {
    connectSharedSlack(up);
    // Slack's own limit counts differently from JavaScript string length; answer as Slack does.
    up.server.use(
      http.post('https://slack.com/api/chat.postMessage', () =>
        HttpResponse.json({ ok: false, error: 'msg_too_long' }),
      ),
    );
    const result = await runTool(POST, { channel: '#engineering', text: 'long '.repeat(100) }, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: ['text'] });
    expect(result.error).toContain('msg_too_long');
  });

  it('rejects text over 40,000 characters and a blank channel before calling Slack', async () => {
    connectSharedSlack(up);
    const result = await runTool(POST, { channel: ' ', text: 'x'.repeat(40_001) }, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT' });
    expect(result.fields).toEqual(expect.arrayContaining(['channel', 'text']));
    expect(up.slack.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });
});
