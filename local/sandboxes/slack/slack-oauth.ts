import type { IssuedTokens } from '../shared/index.ts';
import {
  createConsentFlow,
  jsonResponse,
  type OAuthGrant,
  type OAuthServer,
  readBasicAuth,
  readBody,
  stringField,
} from '../shared/index.ts';
import type { SlackData } from './slack-data.ts';

const SCOPE_TEXT: Record<string, string> = {
  'channels:read': 'View basic information about public channels in the workspace',
  'groups:read': 'View basic information about private channels the app has been added to',
  'chat:write': 'Send messages as the app',
  'chat:write.public': 'Send messages to channels the app isn’t a member of',
  'team:read': 'View the name, email domain, and icon for the workspace',
  'users:read': 'View people in the workspace',
};

const splitScopes = (value: string | null) => (value ?? '').split(/[\s,]+/).filter(Boolean);

/** `GET/POST https://slack.com/oauth/v2/authorize`: bot `scope` and `user_scope`, comma-separated. */
export function createSlackAuthorize(oauth: OAuthServer, data: () => SlackData, now: () => number) {
  return createConsentFlow({
    server: oauth,
    providerName: 'Slack',
    accent: '#4a154b',
    accountLabel: 'Workspace',
    // `redirect_uri` is optional: Slack falls back to the app's configured Redirect URL; a sent one must match
    // a registered Redirect URL exactly (docs.slack.dev/authentication/installing-with-oauth; PROVIDERS.md §0).
    redirectUriRequired: false,
    now,
    accounts: () => [
      { id: data().team.id, name: data().team.name, detail: `${data().team.domain}.slack.com` },
    ],
    describeScope: (scope) => SCOPE_TEXT[scope] ?? scope,
    parseParams: (params) => {
      const scopes = splitScopes(params.get('scope'));
      const userScopes = splitScopes(params.get('user_scope'));
      if (scopes.length === 0 && userScopes.length === 0)
        return { ok: false, message: 'Invalid permissions requested: no scopes.' };
      return { ok: true, scopes, data: { userScopes } };
    },
  });
}

type Outcome = { response: Response; body: unknown };

/** Slack answers every OAuth outcome with HTTP 200 and `ok`. */
const fail = (error: string) => jsonResponse({ ok: false, error });

/**
 * `POST https://slack.com/api/oauth.v2.access`: exchanges a code (or, with token rotation, a refresh token)
 * for a bot token at the top level and the installing user under `authed_user`. Client credentials come
 * from HTTP Basic (Slack's preference) or the `client_id`/`client_secret` fields.
 */
export async function handleSlackAccess(
  request: Request,
  oauth: OAuthServer,
  data: () => SlackData,
  rotation: boolean,
): Promise<Outcome> {
  const parsed = await readBody(request);
  const body = { ...Object.fromEntries(new URL(request.url).searchParams), ...parsed.fields };
  const basic = readBasicAuth(request);
  const clientId = basic?.clientId ?? stringField(body, 'client_id');
  const clientSecret = basic?.clientSecret ?? stringField(body, 'client_secret');
  if (!clientId || !oauth.hasClient(clientId)) return { response: fail('invalid_client_id'), body };
  if (clientSecret !== undefined && oauth.authenticateClient(clientId, clientSecret) !== 'ok') {
    return { response: fail('bad_client_secret'), body };
  }
  const grantType = stringField(body, 'grant_type') ?? 'authorization_code';

  if (grantType === 'authorization_code') {
    const redeemed = oauth.redeemCode({
      code: stringField(body, 'code') ?? '',
      clientId,
      redirectUri: stringField(body, 'redirect_uri'),
      codeVerifier: stringField(body, 'code_verifier'),
    });
    if (!redeemed.ok) {
      const error = {
        redirect_uri_mismatch: 'bad_redirect_uri',
        pkce_required: 'invalid_code_verifier',
        pkce_mismatch: 'invalid_code_verifier',
      }[redeemed.error as string];
      return { response: fail(error ?? 'invalid_code'), body };
    }
    if (clientSecret === undefined && !redeemed.pkce) return { response: fail('bad_client_secret'), body };
    return { response: jsonResponse(install(oauth, data(), redeemed.grant, redeemed.pkce, rotation)), body };
  }
  if (grantType === 'refresh_token') {
    if (!rotation) return { response: fail('invalid_refresh_token'), body };
    const refreshToken = stringField(body, 'refresh_token') ?? '';
    if (clientSecret === undefined && !oauth.lookup(refreshToken).record?.pkce) {
      return { response: fail('bad_client_secret'), body };
    }
    const rotated = oauth.rotateRefreshToken(refreshToken, clientId);
    if (!rotated.ok) return { response: fail('invalid_refresh_token'), body };
    const { tokens, record } = rotated;
    const isUser = record.data?.tokenType === 'user';
    const app = data().app;
    const team = data().team;
    return {
      response: jsonResponse({
        ok: true,
        app_id: app.appId,
        scope: record.scopes.join(','),
        token_type: isUser ? 'user' : 'bot',
        access_token: tokens.accessToken,
        ...(isUser ? { user_id: record.data?.userId } : { bot_user_id: app.botUserId }),
        team: { id: team.id, name: team.name },
        enterprise: null,
        is_enterprise_install: false,
        refresh_token: tokens.refreshToken,
        expires_in: tokens.expiresIn,
      }),
      body,
    };
  }
  return { response: fail('invalid_grant_type'), body };
}

/** The install response: bot token on top, the installing user (and a user token if asked) under `authed_user`. */
function install(oauth: OAuthServer, data: SlackData, grant: OAuthGrant, pkce: boolean, rotation: boolean) {
  const installer = data.users[0]!.id;
  const userScopes = (grant.data?.userScopes as string[] | undefined) ?? [];
  const bot = installBot(oauth, data, { ...grant, data: { tokenType: 'bot' } }, { pkce, rotation });
  const authedUser: Record<string, unknown> = { id: installer };
  if (userScopes.length > 0) {
    const user = oauth.issueTokens(
      { ...grant, scopes: userScopes, data: { tokenType: 'user', userId: installer } },
      { pkce },
    );
    Object.assign(authedUser, {
      scope: userScopes.join(','),
      access_token: user.accessToken,
      token_type: 'user',
    });
    if (rotation) Object.assign(authedUser, { refresh_token: user.refreshToken, expires_in: user.expiresIn });
  }
  return {
    ok: true,
    app_id: data.app.appId,
    authed_user: authedUser,
    scope: grant.scopes.join(','),
    token_type: 'bot',
    access_token: bot.accessToken,
    bot_user_id: data.app.botUserId,
    team: { id: data.team.id, name: data.team.name },
    enterprise: null,
    is_enterprise_install: false,
    ...(rotation ? { refresh_token: bot.refreshToken, expires_in: bot.expiresIn } : {}),
  };
}

/**
 * The bot token of one install. Reinstalling the same app in the same Slack workspace returns the bot token
 * it already has (a Slack maintainer in slackapi/bolt-python#969: the same `xoxb` comes back; PROVIDERS.md
 * §0), now carrying the scopes of the latest install (sandbox simplification). With token rotation each
 * install gets a fresh pair (what Slack does there was not confirmed). The token is remembered per app in
 * `data.botTokens`, which is what `auth.revoke` acts on.
 */
export function installBot(
  oauth: OAuthServer,
  data: SlackData,
  grant: OAuthGrant,
  options: { pkce: boolean; rotation: boolean },
): IssuedTokens {
  const existing = data.botTokens[grant.clientId];
  const found = existing ? oauth.lookup(existing) : undefined;
  if (!options.rotation && existing && found?.state === 'active') {
    found.record.scopes = [...grant.scopes];
    return { accessToken: existing, grant };
  }
  const issued = oauth.issueTokens(grant, { pkce: options.pkce });
  data.botTokens[grant.clientId] = issued.accessToken;
  return issued;
}
