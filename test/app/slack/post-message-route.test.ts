import { describe, expect, it } from 'vitest';
import { runRoute } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackMessages, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();
const ROUTE = 'src/functions/slack/slack-post-message-route.ts';

describe('POST /slack/messages', () => {
  it('answers 201 with the posted message', async () => {
    connectSharedSlack(up);
    const response = await runRoute(ROUTE, { channel: 'C0ACMEGENRL', text: 'Office closed Friday' }, null);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ message: { channel: 'C0ACMEGENRL', ts: expect.any(String) } });
    expect(slackMessages(up.slack, 'general').at(-1)).toMatchObject({
      author: 'Twenty Connect',
      text: 'Office closed Friday',
    });
    up.expectNoSecrets(response);
  });

  it('prefers the signed-in member’s own Slack connection', async () => {
    connectSharedSlack(up);
    const own = up.mintConnection('slack', {
      visibility: 'user',
      userWorkspaceId: 'uw-grace',
      name: 'Grace Slack',
    });
    const response = await runRoute(ROUTE, { channel: '#general', text: 'Hi' }, 'uw-grace');
    expect(response.body.connection).toMatchObject({ id: own.id, name: 'Grace Slack' });
  });

  it('never uses a member’s personal connection for an API-key call', async () => {
    up.mintConnection('slack', { visibility: 'user', userWorkspaceId: 'uw-grace' });
    const response = await runRoute(ROUTE, { channel: '#general', text: 'Hi' }, null);
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'NOT_CONNECTED' });
    expect(response.body.error.error).toContain('workspace-shared');
    expect(up.slack.calls()).toEqual([]);
  });

  it('answers 400 naming the missing fields', async () => {
    connectSharedSlack(up);
    const response = await runRoute(ROUTE, { text: '' }, null);
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual(expect.arrayContaining(['channel', 'text']));
    expect(up.slack.calls()).toEqual([]);
  });

  it('answers 400 naming channel when Slack does not know it', async () => {
    connectSharedSlack(up);
    const response = await runRoute(ROUTE, { channel: '#leadership', text: 'Secret' }, null);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT', fields: ['channel'] });
  });

  it('answers 429 with retry-after when Slack asks for a long wait', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 120 });
    const response = await runRoute(ROUTE, { channel: '#general', text: 'Hi' }, null);
    expect(response.status).toBe(429);
    expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(110);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 429']);
  });

  it('answers 502 after one attempt when Slack fails', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'server-error' });
    const response = await runRoute(ROUTE, { channel: '#general', text: 'Hi' }, null);
    expect(response.status).toBe(502);
    expect(slackOperations(up.slack)).toEqual(['chat.postMessage 500']);
  });
});
