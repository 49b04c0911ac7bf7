import type { OAuthClient } from '../sandbox.ts';
import type { PkceMethod } from './pkce.ts';

/** Who authorized what: the seeded account a token acts as, and the scopes granted to the client. */
export type OAuthGrant = {
  clientId: string;
  account: string;
  scopes: string[];
  /** Provider-specific extras carried from the code to the tokens (e.g. Slack `user_scope`). */
  data?: Record<string, unknown>;
};

export type CodeRecord = OAuthGrant & {
  code: string;
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
  expiresAt: number;
};

/** One issued token. `grantId` ties an access token to the refresh token issued with it. */
export type TokenRecord = OAuthGrant & {
  token: string;
  type: 'access' | 'refresh';
  grantId: string;
  issuedAt: number;
  /** Epoch milliseconds; `null` = never expires. */
  expiresAt: number | null;
  revoked: boolean;
  /** The grant started with PKCE (Linear: then `client_secret` is optional on refresh). */
  pkce: boolean;
};

/** Result of looking a token up. */
export type TokenLookup =
  | { state: 'active' | 'expired' | 'revoked'; record: TokenRecord }
  | { state: 'unknown'; record?: undefined };

/** Tokens handed to a client after a code exchange or refresh. */
export type IssuedTokens = {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
  grant: OAuthGrant;
};

export type RedeemError =
  | 'invalid_code'
  | 'expired_code'
  | 'client_mismatch'
  | 'redirect_uri_mismatch'
  | 'pkce_required'
  | 'pkce_mismatch';

/** How a provider mints tokens. A `null` lifetime means the token never expires. */
export type TokenPolicy = {
  /** Mints an access token string; receives the grant so a provider can vary the prefix (Slack `xoxb-`/`xoxp-`). */
  accessToken: (grant: OAuthGrant) => string;
  accessTtlSeconds: number | null;
  /** Omit for providers without refresh tokens (Slack without rotation). */
  refreshToken?: (grant: OAuthGrant) => string;
  refreshTtlSeconds?: number | null;
};

/** JSON form of the whole authorization server (see `exportState`). */
export type OAuthServerState = { clients: RegisteredClient[]; codes: CodeRecord[]; tokens: TokenRecord[] };

/** An OAuth app as registered at the provider: `redirect_uri` must match one of `redirectUris`. */
export type RegisteredClient = OAuthClient & { redirectUris: string[] };

/**
 * Whether a requested `redirect_uri` matches one registered URL. Each provider has its own rule: exact
 * string comparison (RFC 6749 §3.1.2.3; Linear, Slack, GitHub Apps) or GitHub OAuth Apps' "same host and
 * port, path under the callback URL's".
 */
export type RedirectMatcher = (registered: string, requested: string) => boolean;
