import { GraphQLError } from 'graphql';
import {
  type MintedToken,
  type OAuthClient,
  type RecordedCall,
  type Sandbox,
  SandboxControlError,
  type SandboxFailure,
} from '../sandbox.ts';
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
import { findIssue, type LinearChange, type LinearData } from './linear-data.ts';
import type { LinearContext } from './linear-graph-objects.ts';
import { handleGraphql } from './linear-graphql.ts';
import { mutationRoot } from './linear-mutations.ts';
import { createLinearAuthorize, handleLinearRevoke, handleLinearToken } from './linear-oauth.ts';
import { linearView } from './linear-overview.ts';
import { createRateLimits } from './linear-rate-limits.ts';
import { seedLinearData } from './linear-seed.ts';
import { entityPayload, revokedPayload } from './linear-webhook-payloads.ts';
import { LinearWebhooks, type WebhookState } from './linear-webhooks.ts';

/** Linear's documented access token lifetime: 24 h, sent as `expires_in: 86399`. */
const ACCESS_TTL_SECONDS = 86_399;

type LinearState = {
  oauth: OAuthServerState;
  data: LinearData;
  failures: SandboxFailure[];
  /** Optional, so state saved before webhooks existed loads with fresh webhook settings. */
  webhooks?: WebhookState;
};

export type LinearSandboxOptions = {
  now?: () => number;
  /** How webhook deliveries are posted (default: `fetch`); tests pass their own receiver. */
  sendWebhook?: (url: string, init: RequestInit) => Promise<Response>;
  /** Webhook delivery timeout (default Linear's 5 s). */
  webhookTimeoutMs?: number;
};

/**
 * An offline Linear: OAuth (consent page, code + PKCE, token with refresh rotation, revoke) and the GraphQL
 * API executed against Linear's real schema over a seeded "Acme Robotics" workspace.
 *
 * `handle` answers like Linear for every outcome, with one exception: a queued `network` failure makes it
 * reject with a `TypeError` ("fetch failed"), exactly as `fetch` does when the connection drops.
 */
export function createLinearSandbox(options: LinearSandboxOptions = {}): Sandbox {
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
  let stateListener: (() => void) | undefined;
  const webhooks = new LinearWebhooks({
    now,
    ...(options.sendWebhook ? { send: options.sendWebhook } : {}),
    ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}),
    changed: () => stateListener?.(),
  });

  /**
   * A committed change: delivered when the app's webhook wants its resource type and an organization has
   * authorized the app (the sandbox's one organization: a live grant of a registered OAuth app).
   */
  function emit(change: LinearChange): string | undefined {
    if (!webhooks.wants(change.type) || oauth.authorizedClientIds().size === 0) return undefined;
    const createdAt = new Date(now()).toISOString();
    const { payload, entityId, label } = entityPayload(data, change, webhooks.settings.webhookId, createdAt);
    return webhooks.enqueue(change.type, change.action, { id: entityId, label }, payload)?.id;
  }

  /** An app authorized `before` a revocation that no longer is gets its `OAuthApp` `revoked` delivery. */
  function announceRevocations(before: Set<string>): void {
    const after = oauth.authorizedClientIds();
    for (const clientId of before) {
      if (after.has(clientId)) continue;
      const createdAt = new Date(now()).toISOString();
      const payload = revokedPayload(data, clientId, webhooks.settings.webhookId, createdAt);
      webhooks.enqueue('OAuthApp', 'revoked', { id: clientId, label: 'app authorization' }, payload);
    }
  }

  /**
   * A person's change in Linear's UI (the Sandbox view's Move, Assign and Comment): the same mutation as the
   * API, made as that Linear user (`as`: id or email; default the first seeded user), so it triggers the same
   * webhooks.
   */
  function personChange(action: 'issue-update' | 'comment', input: Record<string, unknown>) {
    if (typeof input.issue !== 'string' || !input.issue)
      throw new SandboxControlError('issue (an id or identifier like ENG-1) is required.');
    const person = input.as === undefined ? data.users[0] : findUser(input.as);
    if (!person) throw new SandboxControlError(`No Linear user "${String(input.as)}".`, 404);
    const issue = findIssue(data, input.issue);
    if (!issue) throw new SandboxControlError(`No Linear issue "${input.issue}".`, 404);
    const deliveries: string[] = [];
    const ctx: LinearContext = {
      data,
      viewerId: person.id,
      scopes: ['write'],
      now,
      emit: (change) => {
        const id = emit(change);
        if (id) deliveries.push(id);
      },
    };
    const root = mutationRoot(ctx);
    try {
      if (action === 'comment') {
        root.commentCreate({ input: { issueId: issue.id, body: input.body } });
      } else {
        const changes: Record<string, unknown> = {};
        if (input.state !== undefined) {
          const state = data.states.find(
            (candidate) =>
              candidate.teamId === issue.teamId &&
              (candidate.id === input.state ||
                candidate.name.toLowerCase() === String(input.state).toLowerCase()),
          );
          if (!state) throw new SandboxControlError(`No state "${String(input.state)}" in the issue's team.`);
          changes.stateId = state.id;
        }
        if (input.assignee !== undefined) {
          if (input.assignee === null) changes.assigneeId = null;
          else {
            const assignee = findUser(input.assignee);
            if (!assignee) throw new SandboxControlError(`No Linear user "${String(input.assignee)}".`, 404);
            changes.assigneeId = assignee.id;
          }
        }
        if (typeof input.title === 'string') changes.title = input.title;
        if (Object.keys(changes).length === 0)
          throw new SandboxControlError('Give state, assignee (null: unassign) or title.');
        root.issueUpdate({ id: issue.id, input: changes });
      }
    } catch (error) {
      if (error instanceof GraphQLError) throw new SandboxControlError(error.message);
      throw error;
    }
    return deliveries;
  }

  function findUser(idOrEmail: unknown) {
    return data.users.find((user) => user.id === idOrEmail || user.email === idOrEmail);
  }

  function webhookSettings() {
    return { ...webhooks.settings, authorized: oauth.authorizedClientIds().size > 0 };
  }

  async function route(
    request: Request,
  ): Promise<{ operation: string; response: Response; body: unknown; network?: boolean }> {
    const url = new URL(request.url);
    const where = `${url.hostname}${url.pathname.replace(/\/+$/, '')}`;
    if (where === 'linear.app/oauth/authorize')
      return { operation: 'oauth.authorize', ...(await authorize.handle(request)) };
    if (where === 'api.linear.app/oauth/token')
      return { operation: 'oauth.token', ...(await handleLinearToken(request, oauth)) };
    if (where === 'api.linear.app/oauth/revoke') {
      const authorized = oauth.authorizedClientIds();
      const outcome = await handleLinearRevoke(request, oauth);
      announceRevocations(authorized);
      return { operation: 'oauth.revoke', ...outcome };
    }
    if (where === 'api.linear.app/graphql') {
      const outcome = await handleGraphql(request, {
        oauth,
        data: () => data,
        now,
        takeFailure: (operations) => failures.take(...operations),
        rateLimits,
        emit,
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
      // (`clientId`: a registered OAuth app, so the grant authorizes it and its webhook starts delivering.)
      const user =
        data.users.find((candidate) => candidate.id === mint.account || candidate.email === mint.account) ??
        data.users[0]!;
      const tokens = oauth.issueTokens({
        clientId: mint.clientId ?? 'sandbox',
        account: user.id,
        scopes: mint.scopes ?? ['read', 'write'],
      });
      return {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresIn: tokens.expiresIn,
      };
    },
    revokeToken(token) {
      const authorized = oauth.authorizedClientIds();
      oauth.revoke(token, { wholeGrant: true });
      announceRevocations(authorized);
    },
    expireAccessTokens: () => oauth.expireAccessTokens(),
    failNext: (failure) => failures.push(failure),
    calls: (): RecordedCall[] => recorder.list(),
    view: () => {
      const { settings, deliveries } = webhooks.view();
      return {
        ...linearView(data),
        webhook: { ...settings, authorized: oauth.authorizedClientIds().size > 0 },
        deliveries,
      };
    },
    exportState: (): LinearState =>
      structuredClone({
        oauth: oauth.exportState(),
        data,
        failures: failures.list(),
        webhooks: webhooks.exportState(),
      }),
    importState(state) {
      const next = structuredClone(state as LinearState);
      oauth.importState(next.oauth);
      data = next.data;
      failures.replace(next.failures ?? []);
      webhooks.importState(next.webhooks);
    },
    /** The webhook's settings are the OAuth app's configuration and survive; its deliveries do not. */
    reset() {
      oauth.reset();
      recorder.clear();
      failures.clear();
      rateLimits = createRateLimits();
      data = seedLinearData(now());
      webhooks.importState({ settings: webhooks.exportState().settings, deliveries: [] });
    },

    /**
     * `webhook` `{ url?, useDefaultUrl?, secret?, regenerateSecret?, retryScale? }`: the OAuth app's webhook
     * settings, answered with the secret in full (Linear shows it to the app's admin to copy);
     * `webhook-default` `{ url }`: the runtime's default URL; `issue-update` `{ issue, as?, state?, assignee?,
     * title? }` and `comment` `{ issue, as?, body }`: a person's change; `deliveries`; `redeliver` `{ delivery }`.
     */
    async control(action, input) {
      switch (action) {
        case 'webhook':
          webhooks.configure(input);
          return { webhook: webhookSettings() };
        case 'webhook-default':
          webhooks.setDefaultUrl(typeof input.url === 'string' ? input.url : null);
          return { webhook: webhooks.view().settings };
        case 'issue-update':
        case 'comment': {
          return { deliveries: personChange(action, input) };
        }
        case 'deliveries':
          return { deliveries: webhooks.view().deliveries };
        case 'redeliver': {
          if (typeof input.delivery !== 'string')
            throw new SandboxControlError('delivery (an id) is required.');
          await webhooks.redeliver(input.delivery);
          return { delivery: webhooks.view().deliveries.find((d) => d.id === input.delivery) };
        }
        default:
          return undefined;
      }
    },
    onStateChange(listener) {
      stateListener = listener;
    },
    stop: () => webhooks.stop(),
  };
}
