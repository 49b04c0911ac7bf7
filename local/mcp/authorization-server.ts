import { generateKeyPairSync } from 'node:crypto';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { LOOPBACK_HOSTS, sameSecret } from '../twenty/own-origin.ts';
import { BodyTooLargeError, readBodyText } from '../twenty/request-limits.ts';
import type { RuntimeContext } from '../twenty/runtime-context.ts';
import { renderMcpConsentPage, renderMcpErrorPage } from './consent-page.ts';
import {
  MCP_SCOPES,
  mcpResources,
  OAUTH_ROUTES,
  resourceForHost,
  SCOPE_DESCRIPTIONS,
} from './mcp-resource.ts';
import { nodeHeaders, serveNode } from './node-bridge.ts';
import { createOAuthStore, digest } from './oauth-store.ts';

const CONSENT_PREFIX = '/oauth/consent/';

export type AuthorizationServer = {
  provider: Provider;
  issuer: string;
  /** Answers `/oauth/*` and the authorization server's `/.well-known/*` documents; null if not its path. */
  handle: (request: Request) => Promise<Response> | null;
};

const CONSENT_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'",
};

const html = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { ...CONSENT_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers },
  });

const errorPage = renderMcpErrorPage;

/** Redirect URIs must be https, or http on a loopback address (native clients, RFC 8252 §7.3). */
const checkRedirectUris = (uris: unknown): void => {
  for (const uri of Array.isArray(uris) ? uris : []) {
    const url = URL.parse(String(uri));
    if (!url) continue; // oidc-provider rejects malformed URIs with its own message
    if (url.protocol === 'https:') continue;
    if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) continue;
    throw new errors.InvalidClientMetadata(
      `redirect_uris must use https, or http on a loopback address (127.0.0.1, [::1], localhost); ${url.protocol}//${url.host} is neither`,
    );
  }
};

/** Keys the provider needs: an ES256 signing key for ID tokens and a cookie key, made once per data dir. */
const persistentKeys = (ctx: RuntimeContext) => {
  const jwk = ctx.records.persistentSecret('mcp-signing-jwk', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256' });
  });
  return {
    jwks: { keys: [JSON.parse(jwk)] },
    cookieKey: ctx.records.persistentSecret('mcp-cookie-key'),
  };
};

/**
 * The OAuth 2.1 authorization server in front of `/mcp`, on panva's `oidc-provider`: dynamic registration,
 * authorization code with PKCE S256 (always), refresh rotation with reuse detection, client credentials,
 * revocation and resource indicators. What is ours: the consent page (a runtime member approves), storage,
 * the redirect URI policy, and who may register a client-credentials client.
 */
export const createAuthorizationServer = (
  ctx: RuntimeContext,
  options: { issuer: string; registrationToken: string; accessTokenTtl: number },
): AuthorizationServer => {
  const { issuer, registrationToken, accessTokenTtl } = options;
  const resources = new Set(mcpResources(issuer));
  const keys = persistentKeys(ctx);

  const configuration: Configuration = {
    adapter: createOAuthStore(ctx.db, ctx.box),
    clients: [],
    routes: OAUTH_ROUTES,
    scopes: ['openid', 'offline_access', ...MCP_SCOPES],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    jwks: keys.jwks,
    cookies: { keys: [keys.cookieKey] },
    allowOmittingSingleRegisteredRedirectUri: false,
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    extraClientMetadata: {
      properties: ['software_id', 'software_version'],
      validator: (oidc, key, _value, metadata) => {
        if (key !== 'software_id') return; // one pass over the whole metadata is enough
        // A client without the authorization_code grant (a client-credentials script) has no use for the default
        // response_types ["code"], which would make redirect_uris mandatory.
        const grants = (metadata.grant_types as string[] | undefined) ?? [];
        const responseTypes = metadata.response_types as string[] | undefined;
        if (!grants.includes('authorization_code') && responseTypes?.join(' ') === 'code')
          metadata.response_types = [];
        checkRedirectUris(metadata.redirect_uris);
        if (oidc?.oidc?.route !== 'registration') return; // loading a stored client
        if (!grants.includes('client_credentials')) return;
        // With `none`, the client_id alone (not a secret: it is in every authorization URL) would mint tokens
        // for the whole workspace.
        if (metadata.token_endpoint_auth_method === 'none') {
          throw new errors.InvalidClientMetadata(
            'client_credentials clients act for the whole workspace, so they must authenticate with a secret: use token_endpoint_auth_method client_secret_basic or client_secret_post, not none',
          );
        }
        const [scheme, token] = (oidc.get('authorization') ?? '').split(' ');
        if (scheme?.toLowerCase() !== 'bearer' || !token || !sameSecret(token, registrationToken)) {
          throw new errors.InvalidClientMetadata(
            'client_credentials clients act for the whole workspace, so registering one needs the workspace registration token (console → MCP) as "Authorization: Bearer <token>"',
          );
        }
      },
    },
    findAccount: async (_oidc, id) => {
      const member = ctx.members.byId(id);
      if (!member) return undefined;
      return {
        accountId: member.id,
        claims: async () => ({ sub: member.id, name: member.name, email: member.email }),
      };
    },
    interactions: { url: (_oidc, interaction) => `${CONSENT_PREFIX}${interaction.uid}` },
    issueRefreshToken: async (_oidc, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    // Public clients (PKCE, no secret) may call the token endpoint from a browser page they were registered
    // for, as MCP Inspector does; confidential clients never send their secret from a browser.
    clientBasedCORS: (_oidc, origin, client) =>
      client.clientAuthMethod === 'none' &&
      (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin),
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      Interaction: 10 * 60,
      Session: 24 * 60 * 60,
      IdToken: accessTokenTtl,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, issueRegistrationAccessToken: false },
      // A client revokes only its own tokens; anything else is ignored with 200, as RFC 7009 §2.2 allows.
      revocation: {
        enabled: true,
        allowedPolicy: async (_oidc, client, token) => token.clientId === client.clientId,
      },
      clientCredentials: { enabled: true },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: (oidc) => resourceForHost(issuer, oidc.host),
        useGrantedResource: () => true,
        getResourceServerInfo: (_oidc, resource) => {
          if (!resources.has(resource)) throw new errors.InvalidTarget();
          return {
            scope: MCP_SCOPES.join(' '),
            audience: resource,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'opaque',
          };
        },
      },
    },
    renderError: (oidc, out) => {
      oidc.type = 'html';
      oidc.body = errorPage(String(out.error), out.error_description ? String(out.error_description) : '');
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_oidc: KoaContextWithOIDC, error: Error) =>
    ctx.log(`MCP authorization server error: ${error.message}`),
  );
  // Stored clients hold SHA-256(secret) (see oauth-store.ts); compare the presented secret's hash with it.
  const compareStored = provider.Client.prototype.compareClientSecret;
  provider.Client.prototype.compareClientSecret = function compareHashed(this: unknown, actual: string) {
    return compareStored.call(this, digest(actual));
  };

  const callback = provider.callback();

  const consent = async (request: Request): Promise<Response> => {
    // The form is read first, within the body limit; oidc-provider then reads only the cookies.
    const form = request.method === 'POST' ? new URLSearchParams(await readBodyText(request)) : null;
    const { req, res } = nodeHeaders(request);
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return html(
        errorPage(
          'invalid_request',
          'This authorization request has expired or was opened in another browser. Start again from the MCP client.',
        ),
        400,
      );
    }
    const client = await provider.Client.find(String(details.params.client_id));
    const requested = String(details.params.scope ?? '')
      .split(' ')
      .filter((scope) => scope !== '');
    if (!form) {
      return html(
        renderMcpConsentPage({
          clientName: client?.clientName ?? String(details.params.client_id),
          scopes: requested.map((name) => ({
            name,
            description: (Object.hasOwn(SCOPE_DESCRIPTIONS, name) && SCOPE_DESCRIPTIONS[name]) || '',
          })),
          members: ctx.members.list(),
          redirectUri: String(details.params.redirect_uri ?? ''),
        }),
      );
    }
    // What `provider.interactionFinished` writes, as a Response: 303 back to the authorization endpoint.
    const finish = async (result: Parameters<Provider['interactionResult']>[2]) =>
      new Response(null, {
        status: 303,
        headers: {
          ...CONSENT_HEADERS,
          location: await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false }),
        },
      });
    if (form.get('decision') !== 'approve') {
      return finish({ error: 'access_denied', error_description: 'The member denied the request.' });
    }
    const member = ctx.members.byId(form.get('account') ?? '');
    const approved = form.getAll('scope').filter((scope) => requested.includes(scope));
    if (!member || approved.length === 0) {
      return finish({
        error: 'access_denied',
        error_description: member ? 'No scope was approved.' : 'No member was chosen.',
      });
    }
    const grant = new provider.Grant({ accountId: member.id, clientId: String(details.params.client_id) });
    // The MCP scopes are listed in discovery (`scopes`), so the provider also expects them granted as its own.
    grant.addOIDCScope(approved);
    // Scopes the member unticked are recorded as rejected: otherwise the provider's consent prompt sees them
    // as still missing and sends the browser back to this page instead of issuing the narrower grant.
    const declined = requested.filter((scope) => !approved.includes(scope));
    if (declined.length > 0) grant.rejectOIDCScope(declined);
    const resourceScopes = approved.filter((scope) => MCP_SCOPES.includes(scope));
    const declinedResourceScopes = declined.filter((scope) => MCP_SCOPES.includes(scope));
    const requestedResources = [
      details.params.resource ??
        resourceForHost(issuer, request.headers.get('host') ?? new URL(request.url).host),
    ].flat();
    for (const resource of requestedResources) {
      if (!resources.has(String(resource))) continue;
      if (resourceScopes.length > 0) grant.addResourceScope(String(resource), resourceScopes);
      if (declinedResourceScopes.length > 0)
        grant.rejectResourceScope(String(resource), declinedResourceScopes);
    }
    const grantId = await grant.save();
    return finish({ login: { accountId: member.id }, consent: { grantId } });
  };

  const serveConsent = (request: Request): Promise<Response> =>
    consent(request).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        return html(errorPage('invalid_request', error.message), 413, { connection: 'close' });
      }
      ctx.log(`MCP consent page error: ${(error as Error).message}`);
      return html(errorPage('server_error', 'The consent could not be saved; see the runtime output.'), 500);
    });

  /** Browser-based MCP clients (Inspector) register from their page; no cookies are involved, and the
   * registration token for workspace clients is not readable cross-origin. */
  const registrationCors = async (answer: Promise<Response>): Promise<Response> => {
    const response = await answer;
    const headers = new Headers(response.headers);
    headers.set('access-control-allow-origin', '*');
    return new Response(response.body, { status: response.status, headers });
  };

  const handle = (request: Request): Promise<Response> | null => {
    const path = new URL(request.url).pathname;
    if (path.startsWith(CONSENT_PREFIX)) {
      if (request.method === 'GET' || request.method === 'POST') return serveConsent(request);
      return Promise.resolve(
        html(errorPage('invalid_request', `${request.method} is not allowed here.`), 405, {
          allow: 'GET, POST',
        }),
      );
    }
    if (path === OAUTH_ROUTES.registration && request.method === 'OPTIONS') {
      return Promise.resolve(
        new Response(null, {
          status: 204,
          headers: {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'POST',
            'access-control-allow-headers': 'content-type, authorization',
            'access-control-max-age': '600',
          },
        }),
      );
    }
    if (
      path.startsWith('/oauth/') ||
      path === '/.well-known/oauth-authorization-server' ||
      path === '/.well-known/openid-configuration'
    ) {
      const answer = serveNode(request, callback).catch((error: unknown) => {
        if (!(error instanceof BodyTooLargeError)) throw error;
        // RFC 6749 §5.2's error shape, as the provider answers its own errors.
        return Response.json(
          { error: 'invalid_request', error_description: error.message },
          { status: 413, headers: { connection: 'close' } },
        );
      });
      return path === OAUTH_ROUTES.registration ? registrationCors(answer) : answer;
    }
    return null;
  };

  return { provider, issuer, handle };
};
