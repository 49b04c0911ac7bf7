import {
  has,
  isBot,
  isMember,
  type MethodContext,
  type MethodResult,
  missingScope,
  truthy,
} from './slack-context.ts';
import { conversationsInfo, conversationsList } from './slack-conversations.ts';
import type { SlackChannel, SlackData } from './slack-data.ts';

const MAX_TEXT = 40_000;

function findChannel(data: SlackData, reference: string): SlackChannel | undefined {
  const name = reference.replace(/^#/, '').toLowerCase();
  return data.channels.find((channel) => channel.id === reference || channel.name === name);
}

function nextTs(ctx: MethodContext): string {
  const micros = Math.max(Math.round(ctx.now() * 1000), Math.round(Number(ctx.data.lastTs) * 1e6) + 1);
  ctx.data.lastTs = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  return ctx.data.lastTs;
}

function parseBlocks(value: unknown): unknown[] | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  let blocks = value;
  if (typeof value === 'string') {
    try {
      blocks = JSON.parse(value);
    } catch {
      return 'invalid';
    }
  }
  return Array.isArray(blocks) ? blocks : 'invalid';
}

function chatPostMessage(ctx: MethodContext): MethodResult {
  if (!has(ctx, 'chat:write')) return missingScope(ctx, 'chat:write');
  const channel = findChannel(ctx.data, String(ctx.args.channel ?? ''));
  // A private channel the bot is not in is invisible to it: Slack answers channel_not_found.
  if (!channel || (channel.isPrivate && !isMember(ctx, channel)))
    return { ok: false, error: 'channel_not_found' };
  if (channel.isArchived) return { ok: false, error: 'is_archived' };
  if (!isMember(ctx, channel) && !has(ctx, 'chat:write.public'))
    return { ok: false, error: 'not_in_channel' };
  const blocks = parseBlocks(ctx.args.blocks);
  if (blocks === 'invalid') return { ok: false, error: 'invalid_blocks' };
  const text = typeof ctx.args.text === 'string' ? ctx.args.text : '';
  if (text.trim() === '' && (!blocks || blocks.length === 0)) return { ok: false, error: 'no_text' };
  if (text.length > MAX_TEXT) return { ok: false, error: 'msg_too_long' };
  const ts = nextTs(ctx);
  const bot = isBot(ctx);
  const user = bot ? ctx.data.app.botUserId : String(ctx.token.data?.userId);
  const threadTs = typeof ctx.args.thread_ts === 'string' ? ctx.args.thread_ts : undefined;
  channel.messages.push({
    ts,
    user,
    text,
    ...(bot ? { botId: ctx.data.app.botId } : {}),
    ...(blocks ? { blocks } : {}),
    ...(threadTs ? { threadTs } : {}),
  });
  const message: Record<string, unknown> = { type: 'message', user, text, ts, team: ctx.data.team.id };
  if (bot)
    Object.assign(message, {
      bot_id: ctx.data.app.botId,
      app_id: ctx.data.app.appId,
      bot_profile: {
        id: ctx.data.app.botId,
        app_id: ctx.data.app.appId,
        name: ctx.data.app.name,
        team_id: ctx.data.team.id,
        deleted: false,
      },
    });
  if (blocks) message.blocks = blocks;
  if (threadTs) message.thread_ts = threadTs;
  return { ok: true, channel: channel.id, ts, message };
}

/**
 * `chat.delete` (https://docs.slack.dev/reference/methods/chat.delete; arguments `ChatDeleteArguments` =
 * `channel`, `ts`, legacy `as_user`, in @slack/web-api dist/types/request/chat.d.ts; answer
 * `ChatDeleteResponse` = `ok`, `channel`, `ts`): scope `chat:write` for bot and user tokens. "When used with a
 * bot token, this method may delete only messages posted by that bot"; with a user token, "only messages that
 * user themselves can delete in Slack" (the sandbox: the user's own; an admin's wider rights are not modelled).
 * Errors, from Slack's spec (slackapi/slack-api-specs web-api/slack_web_openapi_v2.json @bc08db4, chat.delete
 * error enum and descriptions): `message_not_found` "No message exists with the requested timestamp",
 * `channel_not_found` "Value passed for `channel` was invalid", `cant_delete_message` "Authenticated user does
 * not have permission to delete this message". The message is gone from the channel; replies in its thread
 * stay. UNCONFIRMED, the sandbox's choices: `channel` must be an ID (the method page asks for the "Channel
 * containing the message", the SDK type for a "Channel ID"), so a name answers `channel_not_found`; a missing
 * `ts` answers `message_not_found`; no "This message was deleted." placeholder is left for a thread parent.
 */
function chatDelete(ctx: MethodContext): MethodResult {
  if (!has(ctx, 'chat:write')) return missingScope(ctx, 'chat:write');
  const channel = ctx.data.channels.find((candidate) => candidate.id === ctx.args.channel);
  // As for chat.postMessage: a private channel the bot is not in is invisible to it.
  if (!channel || (channel.isPrivate && !isMember(ctx, channel)))
    return { ok: false, error: 'channel_not_found' };
  const ts = String(ctx.args.ts ?? '');
  const index = channel.messages.findIndex((message) => message.ts === ts);
  if (index < 0) return { ok: false, error: 'message_not_found' };
  const message = channel.messages[index]!;
  const own = isBot(ctx)
    ? message.botId === ctx.data.app.botId
    : !message.botId && message.user === ctx.token.data?.userId;
  if (!own) return { ok: false, error: 'cant_delete_message' };
  channel.messages.splice(index, 1);
  return { ok: true, channel: channel.id, ts };
}

/**
 * `chat.getPermalink` (https://docs.slack.dev/reference/methods/chat.getPermalink; `ChatGetPermalinkArguments` =
 * `channel`, `message_ts`): no scope needed; answers `channel` and `permalink`,
 * `https://<domain>.slack.com/archives/<channel>/p<ts without its dot>`, with `?thread_ts=…&cid=…` for a reply
 * in a thread (the method page's two examples). Errors `channel_not_found`, `message_not_found`.
 */
function chatGetPermalink(ctx: MethodContext): MethodResult {
  const channel = ctx.data.channels.find((candidate) => candidate.id === ctx.args.channel);
  if (!channel || (channel.isPrivate && !isMember(ctx, channel)))
    return { ok: false, error: 'channel_not_found' };
  const message = channel.messages.find((candidate) => candidate.ts === ctx.args.message_ts);
  if (!message) return { ok: false, error: 'message_not_found' };
  const base = `https://${ctx.data.team.domain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
  const thread = message.threadTs ? `?thread_ts=${message.threadTs}&cid=${channel.id}` : '';
  return { ok: true, channel: channel.id, permalink: base + thread };
}

function authTest(ctx: MethodContext): MethodResult {
  const { team, app } = ctx.data;
  const userId = isBot(ctx) ? app.botUserId : String(ctx.token.data?.userId);
  const userName = isBot(ctx)
    ? 'twenty_connect'
    : (ctx.data.users.find((user) => user.id === userId)?.name ?? userId);
  return {
    ok: true,
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: userName,
    team_id: team.id,
    user_id: userId,
    ...(isBot(ctx) ? { bot_id: app.botId } : {}),
    is_enterprise_install: false,
  };
}

function teamInfo(ctx: MethodContext): MethodResult {
  if (!has(ctx, 'team:read')) return missingScope(ctx, 'team:read');
  const { team } = ctx.data;
  return {
    ok: true,
    team: {
      id: team.id,
      name: team.name,
      url: `https://${team.domain}.slack.com/`,
      domain: team.domain,
      email_domain: 'acme-robotics.test',
      icon: { image_default: true },
      avatar_base_url: 'https://ca.slack-edge.com/',
      is_verified: false,
    },
  };
}

/**
 * `auth.revoke`: revokes the calling token (`test=1` only checks it). A bot token is the app's one bot in
 * this workspace, shared by every install: revoking it deactivates the bot for all of them
 * (https://docs.slack.dev/reference/methods/auth.revoke; slackapi/bolt-python#969), so each one's calls then
 * answer `token_revoked`; the app's latest bot token in this workspace goes too.
 */
function authRevoke(ctx: MethodContext): MethodResult {
  if (truthy(ctx.args.test)) return { ok: true, revoked: false };
  ctx.oauth.revoke(ctx.rawToken, { wholeGrant: true });
  if (isBot(ctx)) {
    const clientId = ctx.token.clientId;
    const current = ctx.data.botTokens[clientId];
    if (current) ctx.oauth.revoke(current, { wholeGrant: true });
    delete ctx.data.botTokens[clientId];
  }
  return { ok: true, revoked: true };
}

/** The Web API methods the sandbox implements, by name. */
export const METHODS: Record<string, (ctx: MethodContext) => MethodResult> = {
  'auth.test': authTest,
  'auth.revoke': authRevoke,
  'team.info': teamInfo,
  'conversations.list': conversationsList,
  'chat.postMessage': chatPostMessage,
  'chat.delete': chatDelete,
  'chat.getPermalink': chatGetPermalink,
  'conversations.info': conversationsInfo,
};
