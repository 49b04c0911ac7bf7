import { type Classifier, send } from '../../core/http';
import type { Session } from '../../core/session';
import { classifySlack } from './slack.errors';

/**
 * Web API arguments as an `application/x-www-form-urlencoded` body, which every method reads
 * (https://docs.slack.dev/apis/web-api). JSON is read only by the write methods Slack documents as
 * JSON-capable: sent to a read method such as `conversations.list`, its arguments are silently ignored
 * (defaults apply, `cursor` too). `@slack/web-api` 8.2.0 form-encodes every call (`WebClient.serializeBody`);
 * so do we, so no list of JSON-capable methods has to be kept in step with Slack.
 * Absent values are left out; booleans and numbers become their text, as Slack reads them.
 */
export const formBody = (args: Record<string, unknown>): string => {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    form.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form.toString();
};

/**
 * One Web API call (`https://slack.com/api/<method>`), token in the Authorization header (Slack rejects
 * tokens in query strings), arguments form-encoded (see `formBody`). `chat.postMessage` has no idempotency
 * key, so writes are only retried after a 429 (nothing was posted).
 */
export const slackCall = async <T>(
  session: Session,
  method: string,
  args: Record<string, unknown>,
  options: { operation: string; idempotent: boolean; classify?: Classifier },
): Promise<T> => {
  const { body } = await send(
    session,
    {
      operation: options.operation,
      method: 'POST',
      url: `https://slack.com/api/${method}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody(args),
      idempotent: options.idempotent,
    },
    options.classify ?? classifySlack,
  );
  return body as T;
};

type Channel = { id: string; name: string; is_private: boolean; is_member: boolean; num_members?: number };
type ChannelPage = { channels?: Channel[]; response_metadata?: { next_cursor?: string } };

/** Channels asked per page; Slack's default is 100 and its maximum 1000 (`conversations.list` `limit`). */
const PAGE_SIZE = 200;
/**
 * Slack may answer fewer than `limit` per page "even if the end of the list hasn't been reached"
 * (`conversations.list` `limit`, slackapi/slack-api-specs; `CursorPaginationEnabled` in @slack/web-api), so a
 * page count bounds the requests, not the channel count alone: `conversations.list` is rate-limited per
 * workspace (https://docs.slack.dev/apis/web-api/rate-limits).
 */
const MAX_PAGES = 10;

/**
 * Public channels, and private ones the app is in. Follows `response_metadata.next_cursor` until it is
 * empty or missing (Slack's end of list), `limit` channels are read, a cursor comes back a second time,
 * or `MAX_PAGES` pages were read; `complete` says whether Slack's list was read to its end.
 */
export const listChannels = async (session: Session, limit: number) => {
  const byId = new Map<string, Channel>();
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    if (cursor) seen.add(cursor);
    const page = await slackCall<ChannelPage>(
      session,
      'conversations.list',
      { types: 'public_channel,private_channel', exclude_archived: true, limit: PAGE_SIZE, cursor },
      { operation: 'list channels', idempotent: true },
    );
    pages++;
    for (const channel of page.channels ?? []) if (!byId.has(channel.id)) byId.set(channel.id, channel);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor && !seen.has(cursor) && byId.size < limit && pages < MAX_PAGES);
  const channels = [...byId.values()].slice(0, limit);
  return {
    channels: channels.map((c) => ({
      id: c.id,
      name: c.name,
      private: c.is_private,
      appIsMember: c.is_member,
    })),
    complete: cursor === undefined,
  };
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
