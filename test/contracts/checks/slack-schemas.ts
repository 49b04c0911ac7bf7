/**
 * zod mirrors of `@slack/web-api`'s argument types for the Web API methods this project calls.
 * Slack publishes no maintained OpenAPI, so the official SDK's types are the contract
 * (vendor/contracts/slack/SOURCE.txt); test/contracts/slack-types.test.ts proves at type level that each
 * mirror is assignable to the SDK type and uses only the SDK's argument names, so they cannot drift apart.
 *
 * Objects are strict: a misspelt argument is ignored by Slack, so here it is an error.
 */
import { z } from 'zod';

// TokenOverridable: the token may travel as a POST field (never in the query string, checked elsewhere).
const token = { token: z.string().min(1).optional() };

/** `auth.test` (AuthTestArguments): no arguments besides the token. */
export const authTestArguments = z.strictObject({ ...token });

/** `auth.revoke` (AuthRevokeArguments): `test: true` is a dry run that revokes nothing. */
export const authRevokeArguments = z.strictObject({ ...token, test: z.boolean().optional() });

/** `team.info` (TeamInfoArguments). */
export const teamInfoArguments = z.strictObject({
  ...token,
  team: z.string().optional(),
  domain: z.string().optional(),
});

const conversationTypes = new Set(['public_channel', 'private_channel', 'mpim', 'im']);

/** `conversations.list` (ConversationsListArguments): cursor pagination plus the type filter. */
export const conversationsListArguments = z.strictObject({
  ...token,
  cursor: z.string().optional(),
  // Slack's method page allows up to 1000; the SDK's comment says 999. Keep to the stricter one.
  limit: z.number().int().min(1).max(999).optional(),
  exclude_archived: z.boolean().optional(),
  // Comma-separated list (Slack's format, not an array).
  types: z
    .string()
    .refine((value) => value.split(',').every((type) => conversationTypes.has(type.trim())), {
      message: 'types must be a comma-separated list of public_channel, private_channel, mpim, im',
    })
    .optional(),
  team_id: z.string().optional(),
});

// Block and MessageAttachment are open-ended in @slack/types; only the discriminating `type` is required.
const block = z.looseObject({ type: z.string(), block_id: z.string().optional() });

const postMessageCommon = {
  ...token,
  channel: z.string().min(1),
  thread_ts: z.string().optional(),
  mrkdwn: z.boolean().optional(),
  unfurl_links: z.boolean().optional(),
  unfurl_media: z.boolean().optional(),
  link_names: z.boolean().optional(),
  parse: z.enum(['full', 'none']).optional(),
  username: z.string().optional(),
  icon_emoji: z.string().optional(),
};

/**
 * `chat.postMessage` (ChatPostMessageArguments): a channel plus `text`, or `blocks` with optional
 * fallback `text` (the SDK's `ChannelAndText | ChannelAndBlocks`; attachments and markdown_text unused).
 */
export const chatPostMessageArguments = z.union([
  z.strictObject({ ...postMessageCommon, text: z.string().min(1) }),
  z.strictObject({ ...postMessageCommon, text: z.string().optional(), blocks: z.array(block).min(1) }),
]);

/**
 * `chat.delete` (ChatDeleteArguments = ChannelAndTS & AsUser & TokenOverridable): the channel ID and the
 * message's `ts`. Called by `npm run doctor --write` to remove its test message.
 */
export const chatDeleteArguments = z.strictObject({
  ...token,
  channel: z.string().min(1),
  ts: z.string().min(1),
  as_user: z.boolean().optional(),
});

/**
 * `chat.getPermalink` (ChatGetPermalinkArguments = ChannelAndMessageTS & TokenOverridable): the channel ID and
 * the message's `message_ts` (not `ts`, unlike chat.delete). Called to store a posted message as a work item.
 */
export const chatGetPermalinkArguments = z.strictObject({
  ...token,
  channel: z.string().min(1),
  message_ts: z.string().min(1),
});

/** `conversations.info` (ConversationsInfoArguments = Channel & TokenOverridable & LocaleAware). */
export const conversationsInfoArguments = z.strictObject({
  ...token,
  channel: z.string().min(1),
  include_locale: z.boolean().optional(),
  include_num_members: z.boolean().optional(),
});

/** The Slack Web API methods this project calls, with their argument schemas. */
export const slackMethodArguments = {
  'auth.test': authTestArguments,
  'auth.revoke': authRevokeArguments,
  'team.info': teamInfoArguments,
  'conversations.list': conversationsListArguments,
  'chat.postMessage': chatPostMessageArguments,
  'chat.delete': chatDeleteArguments,
  'chat.getPermalink': chatGetPermalinkArguments,
  'conversations.info': conversationsInfoArguments,
} as const;

/** A Web API method name this project calls. */
export type SlackMethod = keyof typeof slackMethodArguments;

/** Arguments that arrive as strings in a query string or form body but are not strings to Slack. */
export const nonStringArguments: Record<string, 'number' | 'boolean' | 'json'> = {
  limit: 'number',
  test: 'boolean',
  as_user: 'boolean',
  exclude_archived: 'boolean',
  include_locale: 'boolean',
  include_num_members: 'boolean',
  mrkdwn: 'boolean',
  unfurl_links: 'boolean',
  unfurl_media: 'boolean',
  link_names: 'boolean',
  // Slack takes structured arguments in form bodies as JSON-encoded strings.
  blocks: 'json',
};
