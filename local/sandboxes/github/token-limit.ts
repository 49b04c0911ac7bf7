import type { OAuthServer } from '../shared/oauth-server.ts';
import type { OAuthGrant } from '../shared/oauth-types.ts';

/**
 * "There is a limit of ten tokens that are issued per user/application/scope combination … If an application
 * creates more than ten tokens for the same user and the same scopes, the oldest tokens with the same
 * user/application/scope combination will be revoked" (docs.github.com/en/authentication/keeping-your-account-
 * and-data-secure/token-expiration-and-revocation, "Token revoked due to excess of tokens for an OAuth app").
 * No error and no notice: the oldest token simply stops working. (The hourly creation limit on the same page
 * is not modelled.)
 */
export const TOKENS_PER_USER_APP_SCOPE = 10;

const scopeKey = (scopes: readonly string[]) => [...scopes].sort().join(' ');

/** Call after issuing a token for `grant`: revokes the oldest active ones beyond the limit. */
export function enforceTokenLimit(server: OAuthServer, grant: OAuthGrant): void {
  const key = scopeKey(grant.scopes);
  const active = server
    .exportState()
    .tokens.filter(
      (token) =>
        token.type === 'access' &&
        token.clientId === grant.clientId &&
        token.account === grant.account &&
        scopeKey(token.scopes) === key &&
        server.lookup(token.token).state === 'active',
    )
    // Oldest first; tokens issued in the same millisecond keep their issue order (the sort is stable).
    .sort((a, b) => a.issuedAt - b.issuedAt);
  for (const token of active.slice(0, Math.max(0, active.length - TOKENS_PER_USER_APP_SCOPE))) {
    server.revoke(token.token, { wholeGrant: true });
  }
}
