import type { MintedToken, OAuthClient, RecordedCall, Sandbox, SandboxFailure } from '../sandbox.ts';
import {
  CallRecorder,
  FailureQueue,
  jsonResponse,
  networkError,
  OAuthServer,
  type OAuthServerState,
  randomAlphanumeric,
  randomDigits,
  readBody,
} from '../shared/index.ts';
import { type SlackData, seedSlackData, slackView } from './slack-data.ts';
import { createSlackAuthorize, handleSlackAccess, installBot } from './slack-oauth.ts';
import { handleWebApi } from './slack-web-api.ts';

/** With token rotation on, Slack access tokens live 12 hours. */
const ROTATING_TTL_SECONDS = 43_200;
const DEFAULT_SCOPES = ['channels:read', 'groups:read', 'chat:write', 'chat:write.public', 'team:read'];

type SlackState = { oauth: OAuthServerState; data: SlackData; failures: SandboxFailure[] };

export type SlackSandboxOptions = {
  now?: () => number;
  /** Slack token rotation (off by default, as for most apps): 12 h access tokens and `xoxe-` refresh tokens. */
  tokenRotation?: boolean;
};

/**
 * An offline Slack: OAuth v2 (consent page picking the seeded workspace, `oauth.v2.access` with optional
 * token rotation) and the Web API methods the app uses, over the seeded "Acme Robotics" workspace.
 *
 * `handle` answers like Slack for every outcome, with one exception: a queued `network` failure makes it
 * reject with a `TypeError` ("fetch failed"), exactly as `fetch` does when the connection drops.
 */
export function createSlackSandbox(options: SlackSandboxOptions = {}): Sandbox {
  const now = options.now ?? Date.now;
  const rotation = options.tokenRotation ?? false;
  let data = seedSlackData(now());
  const teamNumber = randomDigits(12);
  const oauth = new OAuthServer(
    {
      accessToken: (grant) =>
        `${grant.data?.tokenType === 'user' ? 'xoxp' : 'xoxb'}-${teamNumber}-${randomDigits(13)}-${randomAlphanumeric(24)}`,
      accessTtlSeconds: rotation ? ROTATING_TTL_SECONDS : null,
      refreshToken: rotation ? () => `xoxe-1-${randomAlphanumeric(120)}` : undefined,
      refreshTtlSeconds: null,
    },
    now,
  );
  const recorder = new CallRecorder(now);
  const failures = new FailureQueue();
  const authorize = createSlackAuthorize(oauth, () => data, now);

  async function route(
    request: Request,
  ): Promise<{ operation: string; response: Response; body: unknown; network?: boolean }> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/oauth/v2/authorize')
      return { operation: 'oauth.authorize', ...(await authorize.handle(request)) };
    if (path === '/api/oauth.v2.access') {
      return { operation: 'oauth.token', ...(await handleSlackAccess(request, oauth, () => data, rotation)) };
    }
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (method) {
      const outcome = await handleWebApi(method, request, {
        oauth,
        data: () => data,
        now,
        takeFailure: (operation) => failures.take(operation),
      });
      const operation = method === 'auth.revoke' ? 'oauth.revoke' : method;
      return { operation, ...outcome, network: outcome.failure?.kind === 'network' };
    }
    const body = (await readBody(request)).fields;
    return {
      operation: `${request.method} ${url.pathname}`,
      response: jsonResponse({ ok: false, error: 'not_found' }, 404),
      body,
    };
  }

  return {
    provider: 'slack',
    hosts: ['slack.com'],
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
      // As an install of the app: a second mint in the same workspace returns the same bot token.
      const tokens = installBot(
        oauth,
        data,
        {
          clientId: 'sandbox',
          account: data.team.id,
          scopes: mint.scopes ?? DEFAULT_SCOPES,
          data: { tokenType: 'bot' },
        },
        { pkce: false, rotation },
      );
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
    view: () => slackView(data),
    exportState: (): SlackState =>
      structuredClone({ oauth: oauth.exportState(), data, failures: failures.list() }),
    importState(state) {
      const next = structuredClone(state as SlackState);
      oauth.importState(next.oauth);
      // State saved before `botTokens` existed has none: start with no install remembered.
      data = { ...next.data, botTokens: next.data.botTokens ?? {} };
      failures.replace(next.failures ?? []);
    },
    reset() {
      oauth.reset();
      recorder.clear();
      failures.clear();
      data = seedSlackData(now());
    },
  };
}
