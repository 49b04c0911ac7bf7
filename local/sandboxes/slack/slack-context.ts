import type { OAuthServer, TokenRecord } from '../shared/index.ts';
import type { SlackChannel, SlackData } from './slack-data.ts';

/** Everything a Web API method sees: the arguments, the caller's token and the workspace. */
export type MethodContext = {
  args: Record<string, unknown>;
  token: TokenRecord;
  rawToken: string;
  data: SlackData;
  oauth: OAuthServer;
  now: () => number;
};

/** A method's JSON answer (always HTTP 200 on Slack). */
export type MethodResult = Record<string, unknown> & { ok: boolean };

export function missingScope(ctx: MethodContext, needed: string): MethodResult {
  return { ok: false, error: 'missing_scope', needed, provided: ctx.token.scopes.join(',') };
}

export const has = (ctx: MethodContext, scope: string) => ctx.token.scopes.includes(scope);
/** Slack booleans arrive as `true`, `1`, `"true"` or `"1"` depending on JSON or form bodies. */
export const truthy = (value: unknown) => value === true || value === 1 || value === 'true' || value === '1';
export const isBot = (ctx: MethodContext) => ctx.token.data?.tokenType !== 'user';
/** A user token sees what its user sees; the sandbox's seeded users are in every channel. */
export const isMember = (ctx: MethodContext, channel: SlackChannel) => !isBot(ctx) || channel.botIsMember;
