import type { MintedToken, OAuthClient, RecordedCall, Sandbox, SandboxFailure } from '../sandbox.ts';
import {
  CallRecorder,
  FailureQueue,
  jsonResponse,
  networkError,
  OAuthServer,
  type OAuthServerState,
  randomAlphanumeric,
  readBody,
} from '../shared/index.ts';
import type { LinearData } from './linear-data.ts';
import { handleGraphql } from './linear-graphql.ts';
import { createLinearAuthorize, handleLinearRevoke, handleLinearToken } from './linear-oauth.ts';
import { linearView } from './linear-overview.ts';
import { createRateLimits } from './linear-rate-limits.ts';
import { seedLinearData } from './linear-seed.ts';

/** Linear's documented access token lifetime: 24 h, sent as `expires_in: 86399`. */
const ACCESS_TTL_SECONDS = 86_399;

type LinearState = { oauth: OAuthServerState; data: LinearData; failures: SandboxFailure[] };

/**
 * An offline Linear: OAuth (consent page, code + PKCE, token with refresh rotation, revoke) and the GraphQL
 * API executed against Linear's real schema over a seeded "Acme Robotics" workspace.
 *
 * `handle` answers like Linear for every outcome, with one exception: a queued `network` failure makes it
 * reject with a `TypeError` ("fetch failed"), exactly as `fetch` does when the connection drops.
 */
export function createLinearSandbox(options: { now?: () => number } = {}): Sandbox {
  const now = options.now ?? Date.now;
  const oauth = new OAuthServer(
    {
      accessToken: () => `lin_oauth_${randomAlphanumeric(40)}`,
      accessTtlSeconds: ACCESS_TTL_SECONDS,
      refreshToken: () => `lin_refresh_${randomAlphanumeric(40)}`,
      refreshTtlSeconds: null,
    },
    now,
  );
  const recorder = new CallRecorder(now);
  const failures = new FailureQueue();
  let rateLimits = createRateLimits();
  let data = seedLinearData(now());
  const authorize = createLinearAuthorize(oauth, () => data, now);

  async function route(
    request: Request,
  ): Promise<{ operation: string; response: Response; body: unknown; network?: boolean }> {
    const url = new URL(request.url);
    const where = `${url.hostname}${url.pathname.replace(/\/+$/, '')}`;
    if (where === 'linear.app/oauth/authorize')
      return { operation: 'oauth.authorize', ...(await authorize.handle(request)) };
    if (where === 'api.linear.app/oauth/token')
      return { operation: 'oauth.token', ...(await handleLinearToken(request, oauth)) };
    if (where === 'api.linear.app/oauth/revoke')
      return { operation: 'oauth.revoke', ...(await handleLinearRevoke(request, oauth)) };
    if (where === 'api.linear.app/graphql') {
      const outcome = await handleGraphql(request, {
        oauth,
        data: () => data,
        now,
        takeFailure: (operations) => failures.take(...operations),
        rateLimits,
      });
      return { ...outcome, network: outcome.failure?.kind === 'network' };
    }
    const body = (await readBody(request)).fields;
    return {
      operation: `${request.method} ${url.pathname}`,
      response: jsonResponse({ error: 'Not found' }, 404),
      body,
    };
  }

  return {
    provider: 'linear',
    hosts: ['linear.app', 'api.linear.app'],
    async handle(request) {
      const outcome = await route(request);
      const status = outcome.network ? 0 : outcome.response.status;
      recorder.record({
        operation: outcome.operation,
        method: request.method,
        url: request.url,
        status,
        body: outcome.body,
      });
      if (outcome.network) throw networkError(request.url);
      return outcome.response;
    },
    registerClient: (client: OAuthClient) => oauth.registerClient(client),
    mintToken(mint = {}): MintedToken {
      const user =
        data.users.find((candidate) => candidate.id === mint.account || candidate.email === mint.account) ??
        data.users[0]!;
      const tokens = oauth.issueTokens({
        clientId: 'sandbox',
        account: user.id,
        scopes: mint.scopes ?? ['read', 'write'],
      });
      return {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresIn: tokens.expiresIn,
      };
    },
    revokeToken: (token) => void oauth.revoke(token, { wholeGrant: true }),
    expireAccessTokens: () => oauth.expireAccessTokens(),
    failNext: (failure) => failures.push(failure),
    calls: (): RecordedCall[] => recorder.list(),
    view: () => linearView(data),
    exportState: (): LinearState =>
      structuredClone({ oauth: oauth.exportState(), data, failures: failures.list() }),
    importState(state) {
      const next = structuredClone(state as LinearState);
      oauth.importState(next.oauth);
      data = next.data;
      failures.replace(next.failures ?? []);
    },
    reset() {
      oauth.reset();
      recorder.clear();
      failures.clear();
      rateLimits = createRateLimits();
      data = seedLinearData(now());
    },
  };
}
