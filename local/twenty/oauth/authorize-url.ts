import { createHash } from 'node:crypto';
import type { ConnectionProviderManifest } from '../build/manifest.ts';

/**
 * The authorize URL exactly as Twenty builds it: client_id, redirect_uri, response_type=code, scopes joined by
 * spaces, state, the S256 challenge when `usePkce`, then every `authorizationParams` entry set on top (so a
 * provider that wants commas, like Linear, overrides `scope` there).
 */
export const buildAuthorizeUrl = (options: {
  provider: ConnectionProviderManifest;
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeVerifier: string | null;
}): string => {
  const { provider, clientId, redirectUri, state, codeVerifier } = options;
  const url = new URL(options.authorizationEndpoint);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', provider.oauth.scopes.join(' '));
  url.searchParams.set('state', state);
  if (provider.oauth.usePkce && codeVerifier) {
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [key, value] of Object.entries(provider.oauth.authorizationParams ?? {})) {
    url.searchParams.set(key, value);
  }
  return url.toString();
};
