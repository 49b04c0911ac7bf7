import { send } from '../../core/http';
import type { Session } from '../../core/session';
import { classifySlack } from './slack.errors';

/**
 * One Web API call (`https://slack.com/api/<method>`), token in the Authorization header (Slack rejects
 * tokens in query strings), JSON body. `chat.postMessage` has no idempotency key, so writes are only
 * retried after a 429 (nothing was posted).
 */
export const slackCall = async <T>(
  session: Session,
  method: string,
  args: Record<string, unknown>,
  options: { operation: string; idempotent: boolean },
): Promise<T> => {
  const { body } = await send(
    session,
    {
      operation: options.operation,
      method: 'POST',
      url: `https://slack.com/api/${method}`,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(args),
      idempotent: options.idempotent,
    },
    classifySlack,
  );
  return body as T;
};

type Channel = { id: string; name: string; is_private: boolean; is_member: boolean; num_members?: number };

/** Public channels, and private ones the app is in; cursor pagination until `limit`. */
export const listChannels = async (session: Session, limit: number) => {
  const channels: Channel[] = [];
  let cursor: string | undefined;
  do {
    const page = await slackCall<{ channels: Channel[]; response_metadata?: { next_cursor?: string } }>(
      session,
      'conversations.list',
      { types: 'public_channel,private_channel', exclude_archived: true, limit: 200, cursor },
      { operation: 'list channels', idempotent: true },
    );
    channels.push(...page.channels);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor && channels.length < limit);
  return channels
    .slice(0, limit)
    .map((c) => ({ id: c.id, name: c.name, private: c.is_private, appIsMember: c.is_member }));
};

export const postMessage = async (
  session: Session,
  input: { channel: string; text: string; threadTs?: string },
) => {
  const answer = await slackCall<{ channel: string; ts: string }>(
    session,
    'chat.postMessage',
    { channel: input.channel, text: input.text, thread_ts: input.threadTs },
    { operation: `post to ${input.channel}`, idempotent: false },
  );
  return { channel: answer.channel, ts: answer.ts };
};
