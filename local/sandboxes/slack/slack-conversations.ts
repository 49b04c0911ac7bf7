import {
  has,
  isMember,
  type MethodContext,
  type MethodResult,
  missingScope,
  truthy,
} from './slack-context.ts';
import type { SlackChannel } from './slack-data.ts';

export function channelJson(ctx: MethodContext, channel: SlackChannel) {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    is_member: isMember(ctx, channel),
    created: channel.created,
    updated: channel.created * 1000,
    creator: channel.creator,
    unlinked: 0,
    context_team_id: ctx.data.team.id,
    parent_conversation: null,
    pending_shared: [],
    pending_connected_team_ids: [],
    shared_team_ids: [ctx.data.team.id],
    previous_names: [],
    num_members: channel.numMembers,
    topic: { value: channel.topic, creator: channel.topic ? channel.creator : '', last_set: 0 },
    purpose: { value: channel.purpose, creator: channel.purpose ? channel.creator : '', last_set: 0 },
  };
}

/** Slack cursors are opaque base64 strings; the sandbox encodes the next channel id. */
const encodeCursor = (id: string) => Buffer.from(`id:${id}`).toString('base64');
const decodeCursor = (cursor: string) =>
  /^id:(\w+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];

/**
 * `conversations.list`: public channels (`channels:read`) and the private channels the caller is in
 * (`groups:read`), with cursor pagination ending on an empty `next_cursor`.
 */
export function conversationsList(ctx: MethodContext): MethodResult {
  const types = String(ctx.args.types ?? 'public_channel')
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  if (types.some((type) => !['public_channel', 'private_channel', 'im', 'mpim'].includes(type))) {
    return { ok: false, error: 'invalid_types' };
  }
  if (types.includes('public_channel') && !has(ctx, 'channels:read'))
    return missingScope(ctx, 'channels:read');
  if (types.includes('private_channel') && !has(ctx, 'groups:read')) return missingScope(ctx, 'groups:read');
  const excludeArchived = truthy(ctx.args.exclude_archived);
  const visible = ctx.data.channels.filter(
    (channel) =>
      (channel.isPrivate
        ? types.includes('private_channel') && isMember(ctx, channel)
        : types.includes('public_channel')) && !(excludeArchived && channel.isArchived),
  );
  const requested = Number(ctx.args.limit ?? 100);
  const limit = Number.isFinite(requested) && requested > 0 ? Math.min(requested, 1000) : 100;
  let start = 0;
  if (ctx.args.cursor) {
    const id = decodeCursor(String(ctx.args.cursor));
    start = visible.findIndex((channel) => channel.id === id);
    if (start < 0) return { ok: false, error: 'invalid_cursor' };
  }
  const page = visible.slice(start, start + limit);
  const next = visible[start + limit];
  return {
    ok: true,
    channels: page.map((channel) => channelJson(ctx, channel)),
    response_metadata: { next_cursor: next ? encodeCursor(next.id) : '' },
  };
}

/**
 * `conversations.info` (https://docs.slack.dev/reference/methods/conversations.info; `ConversationsInfoArguments`
 * in @slack/web-api: `channel`, `include_locale`, `include_num_members`): the conversation object with
 * `is_private`, `is_im`, `is_mpim` (https://docs.slack.dev/reference/objects/conversation-object). Scopes
 * `channels:read` for public channels, `groups:read` for private ones (the Conversations API overview); a
 * private channel the caller is not in is `channel_not_found`, as for the other methods.
 */
export function conversationsInfo(ctx: MethodContext): MethodResult {
  const channel = ctx.data.channels.find((candidate) => candidate.id === ctx.args.channel);
  if (!channel || (channel.isPrivate && !isMember(ctx, channel)))
    return { ok: false, error: 'channel_not_found' };
  const scope = channel.isPrivate ? 'groups:read' : 'channels:read';
  if (!has(ctx, scope)) return missingScope(ctx, scope);
  const { num_members, ...json } = channelJson(ctx, channel);
  return { ok: true, channel: truthy(ctx.args.include_num_members) ? { ...json, num_members } : json };
}
