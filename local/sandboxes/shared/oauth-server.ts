import type { OAuthClient } from '../sandbox.ts';
import type {
  CodeRecord,
  IssuedTokens,
  OAuthGrant,
  OAuthServerState,
  RedeemError,
  RedirectMatcher,
  RegisteredClient,
  TokenLookup,
  TokenPolicy,
  TokenRecord,
} from './oauth-types.ts';
import { type PkceMethod, verifyPkce } from './pkce.ts';
import { isAbsoluteHttpUrl } from './request.ts';
import { randomAlphanumeric, secretsEqual } from './tokens.ts';

/** RFC 6749 §4.1.2: codes are short-lived; 10 minutes is the maximum the RFC recommends. */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;

/** RFC 6749 §3.1.2.3: the registered and requested redirect URIs are compared as plain strings. */
export const exactRedirectMatch: RedirectMatcher = (registered, requested) => registered === requested;

/**
 * The provider-independent core of an OAuth 2.0 authorization server: client registry, single-use
 * authorization codes bound to client and redirect URI (with PKCE), and an access/refresh token store with
 * expiry, rotation and revocation. Providers wrap it with their own endpoints, response shapes and errors.
 */
export class OAuthServer {
  #clients = new Map<string, RegisteredClient>();
  #codes = new Map<string, CodeRecord>();
  #tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly policy: TokenPolicy,
    private readonly now: () => number = Date.now,
    /** The provider's rule for a `redirect_uri` against one registered URL (default: exact match). */
    private readonly redirectMatch: RedirectMatcher = exactRedirectMatch,
  ) {}

  /** Registers (or replaces) an OAuth app with the redirect URLs it may send people (and codes) to. */
  registerClient(client: OAuthClient): void {
    const { clientId, clientSecret, redirectUris } = client;
    this.#clients.set(clientId, { clientId, clientSecret, redirectUris: [...redirectUris] });
  }

  /**
   * Whether `redirect_uri` may receive codes for this client: an absolute http(s) URL without a fragment
   * (RFC 6749 §3.1.2) that matches a registered URL under the provider's rule. A client that registered no
   * URL accepts none: real providers never redirect to an address the app's owner did not register.
   */
  acceptsRedirectUri(clientId: string, redirectUri: string): boolean {
    const client = this.#clients.get(clientId);
    if (!client || !isAbsoluteHttpUrl(redirectUri)) return false;
    return client.redirectUris.some((registered) => this.redirectMatch(registered, redirectUri));
  }

  /** The redirect URLs registered for a client, in registration order (the first is the default). */
  registeredRedirectUris(clientId: string): readonly string[] {
    return this.#clients.get(clientId)?.redirectUris ?? [];
  }

  hasClient(clientId: string): boolean {
    return this.#clients.has(clientId);
  }

  /** Checks a client's credentials in constant time. */
  authenticateClient(clientId: string, clientSecret: string): 'ok' | 'unknown_client' | 'bad_secret' {
    const client = this.#clients.get(clientId);
    if (!client) return 'unknown_client';
    return secretsEqual(client.clientSecret, clientSecret) ? 'ok' : 'bad_secret';
  }

  /** Issues a single-use authorization code valid for 10 minutes. */
  issueCode(
    input: OAuthGrant & { redirectUri?: string; codeChallenge?: string; codeChallengeMethod?: PkceMethod },
  ): string {
    const code = randomAlphanumeric(40);
    this.#codes.set(code, { ...input, code, expiresAt: this.now() + AUTHORIZATION_CODE_TTL_MS });
    return code;
  }

  /**
   * Redeems a code: it is consumed by this attempt whatever the outcome (RFC 6749 §4.1.2 single use), then
   * checked for expiry, client, redirect URI and PKCE verifier. The redirect URI must equal the one sent at
   * authorize when one was sent (RFC 6749 §4.1.3; Linear, Slack `bad_redirect_uri`), and any `redirect_uri`
   * sent here must be registered for the client (GitHub `redirect_uri_mismatch`).
   */
  redeemCode(input: {
    code: string;
    clientId: string;
    redirectUri?: string;
    codeVerifier?: string;
  }): { ok: true; grant: OAuthGrant; pkce: boolean } | { ok: false; error: RedeemError } {
    const record = this.#codes.get(input.code);
    if (!record) return { ok: false, error: 'invalid_code' };
    this.#codes.delete(input.code);
    if (record.expiresAt <= this.now()) return { ok: false, error: 'expired_code' };
    if (record.clientId !== input.clientId) return { ok: false, error: 'client_mismatch' };
    if (record.redirectUri !== undefined && record.redirectUri !== input.redirectUri) {
      return { ok: false, error: 'redirect_uri_mismatch' };
    }
    if (input.redirectUri !== undefined && !this.acceptsRedirectUri(input.clientId, input.redirectUri)) {
      return { ok: false, error: 'redirect_uri_mismatch' };
    }
    const pkce = record.codeChallenge !== undefined;
    if (pkce) {
      if (!input.codeVerifier) return { ok: false, error: 'pkce_required' };
      const method = record.codeChallengeMethod ?? 'plain';
      if (!verifyPkce({ verifier: input.codeVerifier, challenge: record.codeChallenge!, method })) {
        return { ok: false, error: 'pkce_mismatch' };
      }
    }
    const { clientId, account, scopes, data } = record;
    return { ok: true, grant: { clientId, account, scopes, data }, pkce };
  }

  /** Mints an access token (and a refresh token when the policy has them) for a grant. */
  issueTokens(grant: OAuthGrant, options: { pkce?: boolean } = {}): IssuedTokens {
    const grantId = randomAlphanumeric(16);
    const base = { ...grant, grantId, issuedAt: this.now(), revoked: false, pkce: options.pkce ?? false };
    const accessToken = this.policy.accessToken(grant);
    this.#tokens.set(accessToken, {
      ...base,
      token: accessToken,
      type: 'access',
      expiresAt: this.#expiry(this.policy.accessTtlSeconds),
    });
    const issued: IssuedTokens = { accessToken, grant };
    if (this.policy.accessTtlSeconds !== null) issued.expiresIn = this.policy.accessTtlSeconds;
    if (this.policy.refreshToken) {
      const refreshToken = this.policy.refreshToken(grant);
      const expiresAt = this.#expiry(this.policy.refreshTtlSeconds ?? null);
      this.#tokens.set(refreshToken, { ...base, token: refreshToken, type: 'refresh', expiresAt });
      issued.refreshToken = refreshToken;
    }
    return issued;
  }

  /** Finds an access or refresh token and says whether it is usable. */
  lookup(token: string): TokenLookup {
    const record = this.#tokens.get(token);
    if (!record) return { state: 'unknown' };
    if (record.revoked) return { state: 'revoked', record };
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return { state: 'expired', record };
    return { state: 'active', record };
  }

  /**
   * Refresh-token rotation: the used refresh token is revoked and a new access AND refresh token pair is
   * issued for the same grant. Earlier access tokens stay valid until they expire.
   */
  rotateRefreshToken(
    refreshToken: string,
    clientId: string,
  ):
    | { ok: true; tokens: IssuedTokens; record: TokenRecord }
    | { ok: false; error: 'unknown' | 'revoked' | 'expired' | 'client_mismatch' } {
    const found = this.lookup(refreshToken);
    if (found.state === 'unknown' || found.record.type !== 'refresh') return { ok: false, error: 'unknown' };
    if (found.state !== 'active') return { ok: false, error: found.state };
    if (found.record.clientId !== clientId) return { ok: false, error: 'client_mismatch' };
    found.record.revoked = true;
    const { account, scopes, data, pkce } = found.record;
    return {
      ok: true,
      tokens: this.issueTokens({ clientId, account, scopes, data }, { pkce }),
      record: found.record,
    };
  }

  /**
   * Revokes a token. With `wholeGrant`, every token issued with it (its access/refresh pair) goes too.
   * Returns false when the token is unknown or was already revoked.
   */
  revoke(token: string, options: { wholeGrant?: boolean } = {}): boolean {
    const record = this.#tokens.get(token);
    if (!record || record.revoked) return false;
    record.revoked = true;
    if (options.wholeGrant) {
      for (const other of this.#tokens.values()) if (other.grantId === record.grantId) other.revoked = true;
    }
    return true;
  }

  /**
   * The registered clients (OAuth apps) someone has authorized and not revoked: a token of theirs is neither
   * revoked nor expired (an expired access token with a live refresh token still counts).
   */
  authorizedClientIds(): Set<string> {
    const now = this.now();
    const ids = new Set<string>();
    for (const record of this.#tokens.values()) {
      const live = !record.revoked && (record.expiresAt === null || record.expiresAt > now);
      if (live && this.#clients.has(record.clientId)) ids.add(record.clientId);
    }
    return ids;
  }

  /** Revokes every token (as if every user removed the app). */
  revokeAll(): void {
    for (const record of this.#tokens.values()) record.revoked = true;
  }

  /** Expires every access token now; refresh tokens keep working. */
  expireAccessTokens(): void {
    const now = this.now();
    for (const record of this.#tokens.values()) if (record.type === 'access') record.expiresAt = now;
  }

  exportState(): OAuthServerState {
    return structuredClone({
      clients: [...this.#clients.values()],
      codes: [...this.#codes.values()],
      tokens: [...this.#tokens.values()],
    });
  }

  importState(state: OAuthServerState): void {
    const copy = structuredClone(state);
    // States saved before clients registered redirect URLs have none: they accept no redirect until the
    // runtime registers the client again (it does at start-up).
    this.#clients = new Map(
      copy.clients.map((client) => [client.clientId, { ...client, redirectUris: client.redirectUris ?? [] }]),
    );
    this.#codes = new Map(copy.codes.map((code) => [code.code, code]));
    this.#tokens = new Map(copy.tokens.map((token) => [token.token, token]));
  }

  /** Forgets clients, codes and tokens. */
  reset(): void {
    this.importState({ clients: [], codes: [], tokens: [] });
  }

  #expiry(ttlSeconds: number | null): number | null {
    return ttlSeconds === null ? null : this.now() + ttlSeconds * 1000;
  }
}
