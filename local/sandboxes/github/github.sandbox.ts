import type { MintedToken, OAuthClient, Sandbox, SandboxFailure } from '../sandbox.ts';
import { FailureQueue } from '../shared/failure-queue.ts';
import { OAuthServer } from '../shared/oauth-server.ts';
import type { OAuthServerState } from '../shared/oauth-types.ts';
import { CallRecorder } from '../shared/recorder.ts';
import { randomAlphanumeric } from '../shared/tokens.ts';
import { handleApi } from './api.ts';
import type { AppsPort, Viewer } from './api-context.ts';
import type { GithubData } from './model.ts';
import { createGithubAuthorize } from './oauth-authorize.ts';
import { exchangeToken, REFRESH_TOKEN_TTL_SECONDS, USER_TOKEN_TTL_SECONDS } from './oauth-token.ts';
import { RateLimiter, type RateLimitState } from './rate-limit.ts';
import { githubAppRedirectMatch, githubOAuthAppRedirectMatch } from './redirect-uri.ts';
import { seedData } from './seed.ts';
import { enforceTokenLimit } from './token-limit.ts';
import { viewData } from './view.ts';

export type GithubSandboxOptions = {
  now?: () => number;
  /** GitHub App user tokens (`ghu_`, 8 h, with `ghr_` refresh tokens) instead of OAuth App tokens (`gho_`). */
  tokenExpiry?: boolean;
};

export type GithubSandbox = Sandbox;

type GithubState = {
  version: 1;
  data: GithubData;
  oauth: OAuthServerState;
  rateLimits: RateLimitState;
  failures: SandboxFailure[];
};

const NOT_FOUND_PAGE =
  '<!doctype html><html><head><title>Page not found · GitHub</title></head><body><h1>404</h1><p>This is not the web page you are looking for.</p></body></html>';

/**
 * Offline GitHub: github.com's OAuth endpoints and api.github.com's REST operations the app uses, written
 * from GitHub's docs and OpenAPI description. A queued `network` failure makes `handle` reject with
 * `TypeError: fetch failed` (what `fetch` throws on a dropped connection); everything else resolves.
 */
export function createGithubSandbox(options: GithubSandboxOptions = {}): GithubSandbox {
  const now = options.now ?? Date.now;
  const githubApp = options.tokenExpiry === true;
  const server = new OAuthServer(
    githubApp
      ? {
          accessToken: () => `ghu_${randomAlphanumeric(36)}`,
          accessTtlSeconds: USER_TOKEN_TTL_SECONDS,
          refreshToken: () => `ghr_${randomAlphanumeric(76)}`,
          refreshTtlSeconds: REFRESH_TOKEN_TTL_SECONDS,
        }
      : { accessToken: () => `gho_${randomAlphanumeric(36)}`, accessTtlSeconds: null },
    now,
    // An OAuth App has one callback URL and accepts paths under it; a GitHub App's must match exactly.
    githubApp ? githubAppRedirectMatch : githubOAuthAppRedirectMatch,
  );
  let data = seedData();
  const recorder = new CallRecorder(now);
  const failures = new FailureQueue();
  const rateLimiter = new RateLimiter(now);
  const authorize = createGithubAuthorize({
    server,
    data: () => data,
    githubApp,
    now,
  });

  const authenticate = (token: string): Viewer | undefined => {
    const found = server.lookup(token);
    if (found.state !== 'active' || found.record.type !== 'access') return undefined;
    const user = data.users.find((candidate) => candidate.login === found.record.account);
    if (!user) return undefined;
    return {
      login: user.login,
      id: user.id,
      scopes: found.record.scopes,
      kind: token.startsWith('ghu_') ? 'github-app' : 'oauth-app',
    };
  };
  const tokensOf = (clientId: string) =>
    server.exportState().tokens.filter((token) => token.clientId === clientId);
  const apps: AppsPort = {
    authenticate: (clientId, secret) => server.authenticateClient(clientId, secret) === 'ok',
    revokeToken: (clientId, token) =>
      tokensOf(clientId).some((t) => t.token === token) && server.revoke(token),
    revokeGrant: (clientId, token) => {
      const owner = tokensOf(clientId).find((t) => t.token === token && !t.revoked);
      if (!owner) return false;
      for (const t of tokensOf(clientId)) if (t.account === owner.account) server.revoke(t.token);
      return true;
    },
  };

  async function route(request: Request): Promise<{ operation: string; body: unknown; response: Response }> {
    const url = new URL(request.url);
    if (url.hostname === 'api.github.com') {
      const outcome = await handleApi(request, {
        data: () => data,
        now,
        rateLimiter,
        failures,
        authenticate,
        apps,
      });
      if ('dropped' in outcome) {
        recorder.record({
          operation: outcome.operation,
          method: request.method,
          url: request.url,
          status: 0,
          body: outcome.body,
        });
        throw outcome.dropped;
      }
      return outcome;
    }
    if (url.pathname === '/login/oauth/authorize')
      return { operation: 'oauth.authorize', ...(await authorize(request)) };
    if (url.pathname === '/login/oauth/access_token' && request.method === 'POST') {
      return { operation: 'oauth.token', ...(await exchangeToken(request, server)) };
    }
    const response = new Response(NOT_FOUND_PAGE, {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    return { operation: `${request.method} ${url.pathname}`, body: null, response };
  }

  return {
    provider: 'github',
    hosts: ['github.com', 'api.github.com'],
    async handle(request) {
      const { operation, body, response } = await route(request);
      recorder.record({ operation, method: request.method, url: request.url, status: response.status, body });
      return response;
    },
    registerClient: (client: OAuthClient) => server.registerClient(client),
    mintToken({ account = 'ada-acme', scopes = ['repo', 'read:org'] } = {}): MintedToken {
      const clientId = server.exportState().clients[0]?.clientId ?? 'Iv1.sandbox';
      const grant = { clientId, account, scopes: githubApp ? [] : scopes };
      const issued = server.issueTokens(grant);
      enforceTokenLimit(server, grant);
      return {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        expiresIn: issued.expiresIn,
      };
    },
    revokeToken: (token) => void server.revoke(token),
    expireAccessTokens: () => server.expireAccessTokens(),
    failNext: (failure) => failures.push(failure),
    calls: () => recorder.list(),
    view: () => viewData(data),
    exportState(): GithubState {
      return {
        version: 1,
        data: structuredClone(data),
        oauth: server.exportState(),
        rateLimits: rateLimiter.exportState(),
        failures: failures.list(),
      };
    },
    importState(state) {
      const saved = state as Partial<GithubState> | null;
      if (saved?.version !== 1 || !saved.data || !saved.oauth)
        throw new Error('Not a GitHub sandbox state (version 1)');
      data = structuredClone(saved.data);
      server.importState(saved.oauth);
      rateLimiter.importState(saved.rateLimits);
      failures.replace(saved.failures ?? []);
    },
    reset() {
      data = seedData();
      server.reset();
      recorder.clear();
      failures.clear();
      rateLimiter.importState({});
    },
  };
}
