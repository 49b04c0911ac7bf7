import * as z from 'zod/mini';
import { described, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { connectionArgument, recordArgument } from '../../core/tool-args';
import { postMessage } from '../../providers/slack/slack.client';
import { slackRecordLink } from '../../providers/slack/slack.mrkdwn';
import { slack } from '../../providers/slack/slack.provider';
import { slackItemOf } from '../../providers/slack/slack.work-items';
import { recordFor, recordSummary, saveAndLink } from '../work-items/linking';

export const channelArgument = described(
  text(80),
  'Channel ID (e.g. C0123ABC) or name (e.g. #sales). See slack-list-channels.',
);

/** One input shape for the post-message tool and the `POST /slack/messages` route. */
export const postMessageInput = objectInput({
  channel: channelArgument,
  text: described(
    text(40_000),
    'Message text in Slack mrkdwn (*bold*, _italic_, <https://url|label>), sent as written: mentions such as ' +
      '<!channel>, <!here> or <@U0123ABC> notify people. Write &amp; &lt; &gt; for a literal & < >.',
  ),
  threadTs: z.optional(described(text(32), 'Reply in the thread of this message timestamp (ts).')),
  record: z.optional(
    recordArgument(
      'A Twenty company, person or opportunity the message is about: the message links back to it and shows on it.',
    ),
  ),
  connection: connectionArgument(slack),
});

export const postSlackMessage = async (
  { connection, record: target, ...input }: Parsed<typeof postMessageInput.shape>,
  run: Run,
) => {
  const record = await recordFor(run, target);
  const session = await openSession(run, slack, connection);
  // The record's name is CRM data: escaped for mrkdwn, so it can neither notify nor link elsewhere.
  const text = record ? `${input.text}\n${slackRecordLink(record.url, record.name)}` : input.text;
  const message = await postMessage(session, { ...input, text });
  if (!record) return { connection: session.label, message };
  const item = await slackItemOf(session, { channel: message.channel, ts: message.ts, text: input.text });
  // Posted on purpose from the record: that is the member's consent to show it there, private channel or not.
  const isPrivate = item.restricted && session.connection.visibility === 'user';
  const linked = await saveAndLink(run, session, item, record, isPrivate);
  return { connection: session.label, message, record: recordSummary(record), ...linked };
};
