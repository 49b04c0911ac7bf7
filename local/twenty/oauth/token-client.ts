import * as oidc from 'openid-client';
import { createTokenFetch } from './token-response-normaliser.ts';

export type TokenSet = {
  accessToken: string;
  refreshToken: string | null;
  scopes: string[];
  expiresInSeconds: number | null;
  /** The `email` claim of an id_token, when the provider sent one (OpenID Connect providers). */
  idTokenEmail: string | null;
};

/** Error codes by which providers say a grant (code or refresh token) is dead. */
const DEAD_GRANT_CODES = new Set([
  'invalid_grant', // RFC 6749 §5.2 (Linear, oidc-provider)
  'bad_refresh_token', // GitHub, in an HTTP 200 body
  'bad_verification_code', // GitHub, for codes
  'invalid_refresh_token', // Slack
  'token_revoked', // Slack
  'token_expired', // Slack
]);

export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The grant is gone for good: the member must reconnect. */
  get isDeadGrant(): boolean {
    return DEAD_GRANT_CODES.has(this.code);
  }
}

export type TokenEndpointOptions = {
  tokenEndpoint: string;
  authorizationEndpoint: string;
  clientId: string;
  clientSecret: string;
  contentType: 'json' | 'form-urlencoded';
  fetchImpl?: typeof fetch;
};

const configure = (options: TokenEndpointOptions): oidc.Configuration => {
  const config = new oidc.Configuration(
    {
      issuer: new URL(options.authorizationEndpoint).origin,
      authorization_endpoint: options.authorizationEndpoint,
      token_endpoint: options.tokenEndpoint,
    },
    options.clientId,
    undefined,
    // Twenty puts client_id/client_secret in the body, never HTTP Basic.
    oidc.ClientSecretPost(options.clientSecret),
  );
  const tokenFetch = createTokenFetch({ contentType: options.contentType, fetchImpl: options.fetchImpl });
  config[oidc.customFetch] = (url, init) => tokenFetch(url, init as RequestInit);
  if (new URL(options.tokenEndpoint).protocol === 'http:') oidc.allowInsecureRequests(config);
  return config;
};

const toTokenSet = (response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): TokenSet => ({
  accessToken: response.access_token,
  refreshToken: typeof response.refresh_token === 'string' ? response.refresh_token : null,
  scopes: typeof response.scope === 'string' ? response.scope.split(/[\s,]+/).filter(Boolean) : [],
  expiresInSeconds: typeof response.expires_in === 'number' ? response.expires_in : null,
  idTokenEmail: typeof response.claims()?.email === 'string' ? String(response.claims()?.email) : null,
});

const toTokenError = (error: unknown): TokenRequestError => {
  if (error instanceof oidc.ResponseBodyError) {
    const description = error.error_description ? `: ${error.error_description}` : '';
    return new TokenRequestError(
      error.error,
      `The provider refused the token request (${error.error}${description}).`,
    );
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new TokenRequestError(error.error, `The provider returned an error (${error.error}).`);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/access_token/.test(message)) {
    return new TokenRequestError('invalid_response', 'The provider answered without an access_token.');
  }
  return new TokenRequestError('request_failed', `The token request failed: ${message}`);
};

/** Exchanges the authorization code from the callback URL (state already verified by the caller). */
export const exchangeCode = async (
  options: TokenEndpointOptions & { callbackUrl: URL; state: string; codeVerifier: string | null },
): Promise<TokenSet> => {
  const config = configure(options);
  // Twenty does not check RFC 9207 `iss`; some servers (oidc-provider) send one, so it is not compared either.
  const callbackUrl = new URL(options.callbackUrl);
  callbackUrl.searchParams.delete('iss');
  try {
    const response = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: options.state,
      ...(options.codeVerifier ? { pkceCodeVerifier: options.codeVerifier } : {}),
    });
    return toTokenSet(response);
  } catch (error) {
    throw toTokenError(error);
  }
};

export const refreshTokens = async (
  options: TokenEndpointOptions & { refreshToken: string },
): Promise<TokenSet> => {
  try {
    return toTokenSet(await oidc.refreshTokenGrant(configure(options), options.refreshToken));
  } catch (error) {
    throw toTokenError(error);
  }
};

/** Twenty's revoke: form `token=<access token>&token_type_hint=access_token`, no client credentials, best effort. */
export const revokeToken = async (
  revokeEndpoint: string,
  accessToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> => {
  try {
    const response = await fetchImpl(revokeEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
};
