import { AppError } from '../../core/app-error';
import type { WorkItemFields } from '../../core/crm';
import type { Session } from '../../core/session';
import { slackCall } from './slack.client';

/** The conversation fields we read (`ConversationsInfoResponse.channel` in @slack/web-api 8.2.0). */
type Conversation = { id?: string; name?: string; is_private?: boolean; is_im?: boolean; is_mpim?: boolean };

/**
 * Whether a conversation is not open to the whole workspace: a private channel (`is_private`), a direct
 * message (`is_im`) or a group DM (`is_mpim`), the flags of Slack's conversation object
 * (https://docs.slack.dev/reference/objects/conversation-object). Not from the id's first letter: Slack
 * gives new private channels `C…` ids too.
 */
export const isRestrictedConversation = (conversation: Conversation): boolean =>
  conversation.is_private === true || conversation.is_im === true || conversation.is_mpim === true;

/** The first line of what was posted, as a person reads it: links shown by their text, entities decoded. */
const titleOf = (text: string): string => {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? '';
  const plain = line
    .replace(/<([^<>|]*)\|([^<>]*)>/g, '$2')
    .replace(/<([^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  return plain.length > 120 ? `${plain.slice(0, 119)}…` : plain || 'Slack message';
};

/**
 * A posted message as a work item. Its URL is Slack's permalink (`chat.getPermalink`: `channel` + `message_ts`,
 * answers `permalink`; https://docs.slack.dev/reference/methods/chat.getPermalink, `ChatGetPermalinkArguments`
 * in @slack/web-api). One more call, `conversations.info`, names the channel and tells whether it is private
 * (`restricted`); when Slack will not describe it to the app (`missing_scope` for DMs: the app has no
 * `im:read`/`mpim:read`; `channel_not_found`), the message is treated as private.
 */
export const slackItemOf = async (
  session: Session,
  message: { channel: string; ts: string; text: string },
): Promise<WorkItemFields & { restricted: boolean }> => {
  const link = await slackCall<{ channel?: string; permalink: string }>(
    session,
    'chat.getPermalink',
    { channel: message.channel, message_ts: message.ts },
    { operation: 'get the message link', idempotent: true },
  );
  const channelId = link.channel ?? message.channel;
  let conversation: Conversation | null = null;
  try {
    conversation = (
      await slackCall<{ channel: Conversation }>(
        session,
        'conversations.info',
        { channel: channelId },
        { operation: 'read the channel', idempotent: true },
      )
    ).channel;
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'FORBIDDEN' && error.code !== 'INVALID_INPUT'))
      throw error;
  }
  const named = conversation?.name && !conversation.is_im && !conversation.is_mpim;
  return {
    provider: 'slack',
    upstreamId: `${channelId}:${message.ts}`,
    identifier: named ? `#${conversation?.name}` : `${channelId}:${message.ts}`,
    title: titleOf(message.text),
    url: link.permalink,
    status: 'posted',
    statusCategory: null,
    assignee: null,
    // `ts` is the message's time in epoch seconds (with microseconds), Slack's message id.
    upstreamUpdatedAt: Number.isFinite(Number(message.ts))
      ? new Date(Math.floor(Number(message.ts) * 1000)).toISOString()
      : null,
    restricted: conversation ? isRestrictedConversation(conversation) : true,
  };
};
