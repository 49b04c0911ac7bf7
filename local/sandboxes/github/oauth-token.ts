import type { OAuthServer } from '../shared/oauth-server.ts';
import type { IssuedTokens } from '../shared/oauth-types.ts';
import { readBody } from '../shared/request.ts';
import { enforceTokenLimit } from './token-limit.ts';

const TROUBLESHOOTING =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

/** GitHub App user tokens: 8 h access tokens, 6 month refresh tokens (both `expires_in` values are fixed). */
export const USER_TOKEN_TTL_SECONDS = 28800;
export const REFRESH_TOKEN_TTL_SECONDS = 15811200;

type TokenFields = Record<string, string | number>;

const ERRORS = {
  incorrect_client_credentials: [
    'The client_id and/or client_secret passed are incorrect.',
    '#incorrect-client-credentials',
  ],
  bad_verification_code: ['The code passed is incorrect or expired.', '#bad-verification-code'],
  redirect_uri_mismatch: [
    'The redirect_uri MUST match the registered callback URL for this application.',
    '#redirect-uri-mismatch2',
  ],
  bad_refresh_token: ['The refresh token passed is incorrect or expired.', '#bad-refresh-token'],
  unsupported_grant_type: ['The grant type is not supported.', ''],
} as const;

function errorFields(error: keyof typeof ERRORS): TokenFields {
  const [description, anchor] = ERRORS[error];
  return { error, error_description: description, error_uri: `${TROUBLESHOOTING}/${anchor}` };
}

/**
 * GitHub answers form-encoded (`access_token=...&scope=repo%2Cgist&token_type=bearer`) unless the client
 * sends `Accept: application/json`, and always with HTTP 200, errors included.
 */
function reply(request: Request, fields: TokenFields): Response {
  if ((request.headers.get('accept') ?? '').includes('application/json')) {
    return new Response(JSON.stringify(fields), {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  const form = new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, String(value)]));
  return new Response(form.toString(), {
    status: 200,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
}

function tokenFields(tokens: IssuedTokens): TokenFields {
  if (tokens.refreshToken === undefined) {
    return { access_token: tokens.accessToken, scope: tokens.grant.scopes.join(','), token_type: 'bearer' };
  }
  return {
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn ?? USER_TOKEN_TTL_SECONDS,
    refresh_token: tokens.refreshToken,
    refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
    scope: tokens.grant.scopes.join(','),
    token_type: 'bearer',
  };
}

/** Refreshing a GitHub App user token invalidates the refresh token used AND the access token issued with it. */
function rotate(server: OAuthServer, refreshToken: string, clientId: string): TokenFields {
  const rotated = server.rotateRefreshToken(refreshToken, clientId);
  if (!rotated.ok) return errorFields('bad_refresh_token');
  enforceTokenLimit(server, rotated.tokens.grant);
  const previous = server
    .exportState()
    .tokens.filter((t) => t.grantId === rotated.record.grantId && t.type === 'access');
  for (const token of previous) server.revoke(token.token);
  return tokenFields(rotated.tokens);
}

/** `POST https://github.com/login/oauth/access_token`: code exchange and (GitHub App) refresh. */
export async function exchangeToken(
  request: Request,
  server: OAuthServer,
): Promise<{ response: Response; body: Record<string, unknown> }> {
  const parsed = await readBody(request);
  // Parameters may also come in the query string (the refresh docs list them as query parameters).
  const fields: Record<string, unknown> = {
    ...Object.fromEntries(new URL(request.url).searchParams),
    ...parsed.fields,
  };
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const clientId = text('client_id') ?? '';
  const done = (result: TokenFields) => ({ response: reply(request, result), body: fields });
  if (server.authenticateClient(clientId, text('client_secret') ?? '') !== 'ok') {
    return done(errorFields('incorrect_client_credentials'));
  }
  const grantType = text('grant_type') ?? 'authorization_code';
  if (grantType === 'refresh_token') return done(rotate(server, text('refresh_token') ?? '', clientId));
  if (grantType !== 'authorization_code') return done(errorFields('unsupported_grant_type'));
  const redeemed = server.redeemCode({
    code: text('code') ?? '',
    clientId,
    redirectUri: text('redirect_uri'),
    codeVerifier: text('code_verifier'),
  });
  if (!redeemed.ok) {
    return done(
      errorFields(
        redeemed.error === 'redirect_uri_mismatch' ? 'redirect_uri_mismatch' : 'bad_verification_code',
      ),
    );
  }
  const tokens = server.issueTokens(redeemed.grant, { pkce: redeemed.pkce });
  enforceTokenLimit(server, redeemed.grant);
  return done(tokenFields(tokens));
}
