import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { type CookieJar, fetchWithCookies } from './cookie-fetch.ts';

export type StrictServer = { issuer: string; provider: Provider; close: () => Promise<void> };

/**
 * An independent, standards-strict OAuth 2.0 / OpenID Connect server (panva's `oidc-provider`): confidential
 * client with `client_secret_post`, exact redirect URIs, PKCE S256 required, refresh tokens with
 * `offline_access`. Interactions (login, consent) are auto-approved for the seeded account.
 */
export const startStrictServer = async (options: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}): Promise<StrictServer> => {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    // Put the email claim in the id_token (as providers that Twenty reads a handle from do).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    claims: { openid: ['sub'], email: ['email'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: 'upstream@idp.example' }),
    }),
    cookies: { keys: ['strict-server-test-key'] },
    ttl: {
      AccessToken: 3600,
      RefreshToken: 86_400,
      Grant: 86_400,
      IdToken: 3600,
      Interaction: 600,
      Session: 86_400,
    },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        return await provider.interactionFinished(req, res, { login: { accountId: 'account-1' } });
      }
      const grant = new provider.Grant({
        accountId: details.session!.accountId,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      return await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  return {
    issuer,
    provider,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};

/** Follows redirects by hand with a cookie jar (the interaction steps rely on cookies), until `stopAt`. */
export const browse = async (start: string, stopAt: (url: URL) => boolean): Promise<URL> => {
  const jar: CookieJar = new Map();
  let url = new URL(start);
  for (let hop = 0; hop < 20; hop++) {
    if (stopAt(url)) return url;
    const response = await fetchWithCookies(url, jar);
    const location = response.headers.get('location');
    if (!location) throw new Error(`stopped at ${url} (${response.status}): ${await response.text()}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
};
