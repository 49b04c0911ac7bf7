import {
  createConsentFlow,
  jsonResponse,
  mediaType,
  type OAuthServer,
  readBasicAuth,
  readBearer,
  readBody,
  stringField,
} from '../shared/index.ts';
import type { LinearData } from './linear-data.ts';

/** Linear's OAuth scopes and what the consent screen says about them. */
const SCOPES: Record<string, string> = {
  read: 'Read access to your workspace: issues, teams, projects and users.',
  write: 'Write access: create and update issues, comments and more.',
  'issues:create': 'Create issues and their attachments.',
  'comments:create': 'Create issue comments.',
  'timeSchedule:write': 'Create and modify time schedules.',
  admin: 'Full administrative access to the workspace.',
  'app:assignable': 'Allow the app to be assigned issues.',
  'app:mentionable': 'Allow the app to be mentioned.',
};

type OutcomeWithBody = { response: Response; body: unknown };

/** `GET/POST https://linear.app/oauth/authorize`: consent page and decision. */
export function createLinearAuthorize(oauth: OAuthServer, data: () => LinearData, now: () => number) {
  return createConsentFlow({
    server: oauth,
    providerName: 'Linear',
    accent: '#5e6ad2',
    accountLabel: 'Authorize as',
    // Required, and it must exactly match a callback URL registered for the app
    // (linear.app/developers/oauth-2-0-authentication; PROVIDERS.md §0 "Redirect URIs").
    redirectUriRequired: true,
    now,
    accounts: () =>
      data().users.map((user) => ({
        id: user.id,
        name: user.name,
        detail: `${user.email} · ${data().organization.name}`,
      })),
    describeScope: (scope) => SCOPES[scope] ?? scope,
    parseParams: (params) => {
      if (params.get('response_type') !== 'code')
        return { ok: false, message: 'response_type must be "code".' };
      // Linear documents commas (`scope=read,write`); spaces are accepted too. `read` is always granted.
      const requested = (params.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
      const unknown = requested.filter((scope) => !(scope in SCOPES));
      if (unknown.length > 0) return { ok: false, message: `Invalid scope: ${unknown.join(', ')}` };
      const actor = params.get('actor') ?? 'user';
      if (actor !== 'user' && actor !== 'app')
        return { ok: false, message: 'actor must be "user" or "app".' };
      if (actor === 'app' && requested.includes('admin')) {
        return { ok: false, message: 'The admin scope cannot be used with actor=app.' };
      }
      return { ok: true, scopes: [...new Set(['read', ...requested])], data: { actor } };
    },
  });
}

function oauthError(error: string, description: string, status = 400): Response {
  return jsonResponse({ error, error_description: description }, status, { 'cache-control': 'no-store' });
}

/**
 * `POST https://api.linear.app/oauth/token`: form-urlencoded only. Grants `authorization_code` (client
 * secret optional when the code was issued with PKCE) and `refresh_token` (new access AND refresh token; the
 * used refresh token dies). Client credentials come from HTTP Basic or the form.
 */
export async function handleLinearToken(request: Request, oauth: OAuthServer): Promise<OutcomeWithBody> {
  const parsed = await readBody(request);
  const body = parsed.fields;
  if (request.method !== 'POST') return { response: oauthError('invalid_request', 'Use POST.', 405), body };
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    const description = 'Content-Type must be application/x-www-form-urlencoded';
    return { response: oauthError('invalid_request', description), body };
  }
  const basic = readBasicAuth(request);
  const clientId = basic?.clientId ?? stringField(body, 'client_id');
  const clientSecret = basic?.clientSecret ?? stringField(body, 'client_secret');
  if (!clientId || !oauth.hasClient(clientId)) {
    return {
      response: oauthError('invalid_client', 'Client authentication failed', basic ? 401 : 400),
      body,
    };
  }
  if (clientSecret !== undefined && oauth.authenticateClient(clientId, clientSecret) !== 'ok') {
    return {
      response: oauthError('invalid_client', 'Client authentication failed', basic ? 401 : 400),
      body,
    };
  }
  const grantType = stringField(body, 'grant_type');
  const respond = (
    tokens: { accessToken: string; refreshToken?: string; expiresIn?: number },
    scopes: string[],
  ) =>
    jsonResponse(
      {
        access_token: tokens.accessToken,
        token_type: 'Bearer',
        expires_in: tokens.expiresIn,
        // Linear answers with a space-separated scope string although the request uses commas.
        scope: scopes.join(' '),
        refresh_token: tokens.refreshToken,
      },
      200,
      { 'cache-control': 'no-store' },
    );

  if (grantType === 'authorization_code') {
    const redeemed = oauth.redeemCode({
      code: stringField(body, 'code') ?? '',
      clientId,
      redirectUri: stringField(body, 'redirect_uri'),
      codeVerifier: stringField(body, 'code_verifier'),
    });
    if (!redeemed.ok)
      return { response: oauthError('invalid_grant', describeRedeemError(redeemed.error)), body };
    if (clientSecret === undefined && !redeemed.pkce) {
      return { response: oauthError('invalid_client', 'client_secret is required without PKCE'), body };
    }
    const tokens = oauth.issueTokens(redeemed.grant, { pkce: redeemed.pkce });
    return { response: respond(tokens, redeemed.grant.scopes), body };
  }
  if (grantType === 'refresh_token') {
    const refreshToken = stringField(body, 'refresh_token') ?? '';
    const found = oauth.lookup(refreshToken);
    if (clientSecret === undefined && !found.record?.pkce) {
      return { response: oauthError('invalid_client', 'client_secret is required without PKCE'), body };
    }
    const rotated = oauth.rotateRefreshToken(refreshToken, clientId);
    if (!rotated.ok)
      return { response: oauthError('invalid_grant', 'The refresh token is invalid or expired'), body };
    return { response: respond(rotated.tokens, rotated.record.scopes), body };
  }
  return {
    response: oauthError('unsupported_grant_type', `Unsupported grant_type: ${grantType ?? '(none)'}`),
    body,
  };
}

function describeRedeemError(error: string): string {
  switch (error) {
    case 'redirect_uri_mismatch':
      return 'redirect_uri does not match the one used for the authorization request';
    case 'pkce_required':
    case 'pkce_mismatch':
      return 'The code_verifier does not match the code_challenge';
    case 'expired_code':
      return 'The authorization code has expired';
    default:
      return 'The authorization code is invalid or was already used';
  }
}

/**
 * `POST https://api.linear.app/oauth/revoke`, as https://linear.app/developers/oauth-2-0-authentication documents it:
 * the access token as `Authorization: Bearer <AT>` or as the `access_token` form field, or the refresh token as
 * the `refresh_token` form field. Replies: 200 revoked, 400 could not revoke (e.g. already revoked), 401 could not
 * authenticate with the token. The sandbox revokes the whole authorization (access and refresh token together).
 * UNCONFIRMED, and chosen here: a request with none of those parameters (RFC 7009 `token=`, which Twenty's
 * disconnect sends) answers 400 and revokes nothing; a Bearer token the server never issued answers 401; the
 * JSON error bodies are the sandbox's own (L1 documents only the statuses).
 */
export async function handleLinearRevoke(request: Request, oauth: OAuthServer): Promise<OutcomeWithBody> {
  const parsed = await readBody(request);
  const body = parsed.fields;
  if (request.method !== 'POST') return { response: oauthError('invalid_request', 'Use POST.', 405), body };
  const bearer = readBearer(request);
  if (bearer !== undefined) {
    const found = oauth.lookup(bearer);
    if (found.state === 'unknown' || found.record.type !== 'access') {
      return { response: oauthError('invalid_token', 'Could not authenticate with the token', 401), body };
    }
  }
  const accessToken = bearer ?? stringField(body, 'access_token');
  const refreshToken = stringField(body, 'refresh_token');
  const given = accessToken
    ? { token: accessToken, type: 'access' }
    : refreshToken && { token: refreshToken, type: 'refresh' };
  if (!given) {
    const description = 'Send the access token as a Bearer header or access_token, or refresh_token';
    return { response: oauthError('invalid_request', description), body };
  }
  const found = oauth.lookup(given.token);
  if (
    found.state === 'unknown' ||
    found.record.type !== given.type ||
    !oauth.revoke(given.token, { wholeGrant: true })
  ) {
    return { response: oauthError('invalid_token', 'Could not revoke the token'), body };
  }
  return { response: new Response(null, { status: 200 }), body };
}
