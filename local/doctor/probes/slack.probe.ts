import { z } from 'zod';
import { listChannels, postMessage, slackCall } from '../../../src/providers/slack/slack.client.ts';
import {
  type Check,
  call,
  identityChecks,
  messageOf,
  type ProbeContext,
  scopesCheck,
  shapeCheck,
  splitScopes,
} from '../probe-kit.ts';

type AuthTest = { team: string; team_id: string; user: string; user_id: string; bot_id?: string };

// The fields the app reads (src/providers/slack/slack.client.ts, src/functions/connections/slack-on-connect.ts).
const authTestShape = z.object({
  ok: z.literal(true),
  team: z.string(),
  team_id: z.string(),
  user: z.string(),
  user_id: z.string(),
  bot_id: z.string().optional(),
});
const channelsShape = z.object({
  ok: z.literal(true),
  channels: z.array(
    z.object({ id: z.string(), name: z.string(), is_private: z.boolean(), is_member: z.boolean() }),
  ),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

const TEST_TEXT = 'twenty-connect doctor check (deleted right away)';

/**
 * Slack: Web API answers carry `x-oauth-scopes`, the token's scopes (the official SDK reads it into
 * `response_metadata.scopes`: slackapi/node-slack-sdk packages/web-api/src/WebClient.ts); rate limits are per
 * method tier and Slack sends no remaining-count header, only `Retry-After` on a 429
 * (https://docs.slack.dev/apis/web-api/rate-limits).
 */
export const probeSlack = async (ctx: ProbeContext): Promise<Check[]> => {
  const { session } = ctx;
  const identity = await call(ctx, 'asking Slack who the token belongs to (auth.test)', () =>
    slackCall<AuthTest>(session, 'auth.test', {}, { operation: 'identify the account', idempotent: true }),
  );
  const { checks, goOn } = identityChecks(identity, 'slack.com', (value) => {
    const me = value as AuthTest;
    return `${me.team} · bot @${me.user}`;
  });
  if (!goOn) return checks;
  const header = identity.exchange?.headers.get('x-oauth-scopes') ?? null;
  checks.push(
    header === null
      ? scopesCheck(ctx.requestedScopes, session.connection.scopes, 'no x-oauth-scopes header; stored scopes')
      : scopesCheck(ctx.requestedScopes, splitScopes(header), 'x-oauth-scopes'),
  );
  checks.push({
    check: 'rate limit',
    status: 'ok',
    detail:
      'Slack reports no headroom: limits are per method tier (chat.postMessage about 1 message a second per channel)',
  });
  checks.push(shapeCheck('auth.test', authTestShape, identity));
  checks.push(
    shapeCheck(
      'conversations.list',
      channelsShape,
      await call(ctx, 'listing channels', () => listChannels(session, 1)),
    ),
  );
  if (ctx.write) checks.push(await writeCheck(ctx));
  return checks;
};

/** chat.delete takes the channel ID; a name (`#sales`, `sales`) is looked up with the app's listChannels. */
const channelId = async (ctx: ProbeContext, channel: string): Promise<string | null> => {
  if (/^[CGD][A-Z0-9]{6,}$/.test(channel)) return channel;
  const name = channel.replace(/^#/, '').toLowerCase();
  const found = await call(ctx, `finding #${name}`, () => listChannels(ctx.session, 1000));
  return found.ok ? (found.value.channels.find((c) => c.name.toLowerCase() === name)?.id ?? null) : null;
};

const slackError = (body: unknown) => (body as { error?: string } | null)?.error ?? null;

const writeCheck = async (ctx: ProbeContext): Promise<Check> => {
  const check = 'write: message';
  const { session } = ctx;
  const given = ctx.write?.slackChannel?.trim();
  if (!given) {
    return {
      check,
      status: 'skip',
      detail: 'not written: name a channel with --slack-channel (or set LINEAR_DIGEST_SLACK_CHANNEL)',
    };
  }
  const channel = await channelId(ctx, given);
  if (!channel) return { check, status: 'skip', detail: `not written: the app sees no channel ${given}` };
  // chat.delete of a message that does not exist answers `message_not_found` when the method is there; a bot
  // token deletes only its own messages (https://docs.slack.dev/reference/methods/chat.delete). Checked before
  // anything is posted.
  const probe = await call(ctx, `checking that messages can be deleted in ${channel}`, () =>
    slackCall(
      session,
      'chat.delete',
      { channel, ts: '0000000000.000000' },
      { operation: 'check deletion', idempotent: true },
    ),
  );
  if (slackError(probe.exchange?.body) !== 'message_not_found') {
    const why = probe.ok ? 'unexpected success' : messageOf(probe.error);
    return {
      check,
      status: 'skip',
      detail: `not written: Slack cannot delete messages here (${why}), so nothing was posted`,
    };
  }
  const posted = await call(ctx, `posting a test message to ${channel}`, () =>
    postMessage(session, { channel, text: TEST_TEXT }),
  );
  if (!posted.ok)
    return { check, status: 'fail', detail: `could not post to ${channel}: ${messageOf(posted.error)}` };
  const removed = await call(ctx, 'deleting the test message', () =>
    slackCall(
      session,
      'chat.delete',
      { channel: posted.value.channel, ts: posted.value.ts },
      { operation: 'delete the test message', idempotent: true },
    ),
  );
  if (!removed.ok) {
    return {
      check,
      status: 'fail',
      detail: `posted message ${posted.value.ts} in ${posted.value.channel} but could not delete it (${messageOf(removed.error)}): delete it in Slack`,
    };
  }
  return { check, status: 'ok', detail: `posted a message in ${posted.value.channel} and deleted it` };
};
