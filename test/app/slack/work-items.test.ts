import type { AppConnection } from 'twenty-sdk/logic-function';
import { describe, expect, it } from 'vitest';
import { callerFor } from '../../../src/core/connection-choice.ts';
import { startRun } from '../../../src/core/run.ts';
import type { Session } from '../../../src/core/session.ts';
import { postMessage } from '../../../src/providers/slack/slack.client.ts';
import { slackRecordLink } from '../../../src/providers/slack/slack.mrkdwn.ts';
import { slack } from '../../../src/providers/slack/slack.provider.ts';
import { isRestrictedConversation, slackItemOf } from '../../../src/providers/slack/slack.work-items.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackMessages, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();

const sessionOf = (connection: AppConnection): Session => ({
  run: startRun('tool', callerFor(connection.userWorkspaceId), 60),
  provider: slack,
  connection,
  label: { id: connection.id, name: connection.name, visibility: connection.visibility, account: null },
});

const RECORD = 'https://acme.twenty.test/object/company/5f0e8f4c-3b8f-4a57-9a0e-8d1c2b3a4f50';

describe('slackItemOf', () => {
  it('stores a message posted to a public channel under its permalink, not restricted', async () => {
    const session = sessionOf(connectSharedSlack(up));
    const text = `Follow-up for ${slackRecordLink(RECORD, 'Acme & Sons <!channel>')}\nsecond line`;
    const posted = await postMessage(session, { channel: 'C0ACMEENGNR', text });
    const item = await slackItemOf(session, { ...posted, text });
    expect(item).toEqual({
      provider: 'slack',
      upstreamId: `C0ACMEENGNR:${posted.ts}`,
      identifier: '#engineering',
      title: 'Follow-up for Acme & Sons <!channel>',
      url: `https://acme-robotics.slack.com/archives/C0ACMEENGNR/p${posted.ts.replace('.', '')}`,
      status: 'posted',
      statusCategory: null,
      assignee: null,
      upstreamUpdatedAt: new Date(Math.floor(Number(posted.ts) * 1000)).toISOString(),
      restricted: false,
    });
    expect(slackOperations(up.slack)).toEqual([
      'chat.postMessage 200',
      'chat.getPermalink 200',
      'conversations.info 200',
    ]);
    // The stored message links back to the record and notifies nobody.
    expect(slackMessages(up.slack, 'engineering').at(-1)).toMatchObject({ notifies: [] });
  });

  it('flags a message in a private channel as restricted', async () => {
    const session = sessionOf(connectSharedSlack(up));
    const posted = await postMessage(session, { channel: 'G0ACMEDEALS', text: 'Renewal call booked' });
    expect(await slackItemOf(session, { ...posted, text: 'Renewal call booked' })).toMatchObject({
      identifier: '#deals',
      restricted: true,
    });
  });

  it('treats a conversation Slack will not describe to the app as private', async () => {
    const session = sessionOf(
      connectSharedSlack(up, ['chat:write', 'chat:write.public', 'channels:read', 'team:read']),
    );
    const posted = await postMessage(session, { channel: 'G0ACMEDEALS', text: 'x' });
    expect(await slackItemOf(session, { ...posted, text: 'x' })).toMatchObject({
      identifier: `G0ACMEDEALS:${posted.ts}`,
      restricted: true,
    });
    expect(slackOperations(up.slack).at(-1)).toBe('conversations.info 200');
  });

  it('counts DMs and group DMs as restricted', () => {
    expect(isRestrictedConversation({ is_private: false, is_im: true })).toBe(true);
    expect(isRestrictedConversation({ is_mpim: true })).toBe(true);
    expect(isRestrictedConversation({ is_private: true })).toBe(true);
    expect(isRestrictedConversation({ is_private: false, is_im: false, is_mpim: false })).toBe(false);
  });
});

describe('slackRecordLink', () => {
  it('links to the record with the name as text', () => {
    expect(slackRecordLink(RECORD, 'Acme Robotics')).toBe(`<${RECORD}|Acme Robotics>`);
  });

  it('escapes hostile names so they neither notify, nor link elsewhere, nor end the link', () => {
    expect(slackRecordLink(RECORD, '<!channel> & <@U0ACMEADA01>')).toBe(
      `<${RECORD}|&lt;!channel&gt; &amp; &lt;@U0ACMEADA01&gt;>`,
    );
    expect(slackRecordLink(RECORD, '<https://evil.test|Click>')).toBe(
      `<${RECORD}|&lt;https://evil.test|Click&gt;>`,
    );
    expect(slackRecordLink(RECORD, 'a>b|c')).toBe(`<${RECORD}|a&gt;b|c>`);
    expect(slackRecordLink(RECORD, '&lt;!here&gt;')).toBe(`<${RECORD}|&amp;lt;!here&amp;gt;>`);
  });

  it('keeps the link on one line and shows the address for a blank name', () => {
    expect(slackRecordLink(RECORD, ' Acme\n<!here>\r\n ')).toBe(`<${RECORD}|Acme &lt;!here&gt;>`);
    expect(slackRecordLink(RECORD, '  ')).toBe(`<${RECORD}|${RECORD}>`);
  });

  it('does not link a URL that is not http(s)', () => {
    expect(slackRecordLink('javascript:alert(1)', '<b>')).toBe('&lt;b&gt;');
  });
});
