import type { RedirectMatcher } from '../shared/oauth-types.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * GitHub OAuth Apps (docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#redirect-urls):
 * "the redirect URL's host (excluding sub-domains) and port must exactly match the callback URL. The redirect URL's path must reference a subdirectory of the callback URL."
 * So `http://oauth.example.com/path/sub` matches the callback `http://example.com/path`, while
 * `http://example.com/bar` and `http://example.com:8080/path` do not. Loopback callbacks ("Loopback redirect
 * urls", same page): the port may differ. URLs are compared parsed, so `..` and `%2e%2e` segments are
 * resolved before the path is checked.
 */
export const githubOAuthAppRedirectMatch: RedirectMatcher = (callbackUrl, redirectUri) => {
  let registered: URL;
  let requested: URL;
  try {
    registered = new URL(callbackUrl);
    requested = new URL(redirectUri);
  } catch {
    return false;
  }
  if (requested.username || requested.password) return false;
  const host = registered.hostname;
  // Sub-domains of a name only: `evil.127.0.0.1` is a DNS name anyone can point anywhere.
  const isAddress = /^[\d.]+$/.test(host) || host.startsWith('[');
  const sameHost = requested.hostname === host || (!isAddress && requested.hostname.endsWith(`.${host}`));
  const samePort = LOOPBACK_HOSTS.has(host) || requested.port === registered.port;
  const base = registered.pathname.replace(/\/?$/, '/');
  const underPath = requested.pathname === registered.pathname || requested.pathname.startsWith(base);
  return requested.protocol === registered.protocol && sameHost && samePort && underPath;
};

/**
 * GitHub Apps register up to 10 callback URLs and `redirect_uri` "must be an exact match to one of the URLs you
 * provided as a Callback URL" (docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/
 * generating-a-user-access-token-for-a-github-app; github/docs `data/reusables/apps/web-app-flow-exchange-code.md`).
 * Without `redirect_uri` the first callback URL is used (…/creating-github-apps/about-the-user-authorization-callback-url).
 */
export const githubAppRedirectMatch: RedirectMatcher = (registered, requested) => registered === requested;
