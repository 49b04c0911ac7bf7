import * as z from 'zod/mini';
import { described, objectInput, type Parsed, text } from '../../core/input';
import type { Run } from '../../core/run';
import { openSession } from '../../core/session';
import { connectionArgument } from '../../core/tool-args';
import { postMessage } from '../../providers/slack/slack.client';
import { slack } from '../../providers/slack/slack.provider';

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
  connection: connectionArgument(slack),
});

export const postSlackMessage = async (
  { connection, ...input }: Parsed<typeof postMessageInput.shape>,
  run: Run,
) => {
  const session = await openSession(run, slack, connection);
  return { connection: session.label, message: await postMessage(session, input) };
};
