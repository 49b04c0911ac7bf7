import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../local/mcp/oauth-store.ts';
import {
  authorizeInBrowser,
  BOTH_SCOPES,
  CALL_WHOAMI,
  closeHarness,
  consentInBrowser,
  MemoryOAuthClientProvider,
  memberTokens,
  pkcePair,
  postMcp,
  REDIRECT_URI,
  registerClient,
  registerPublicClient,
  registerWorkspaceClient,
  registrationToken,
  tokenRequest,
  workspaceToken,
} from './helpers/mcp-oauth.ts';
import { type Harness, startHarness } from './helpers/runtime-harness.ts';

/** An MCP SDK client on `/mcp` that sends a fixed bearer token. */
const mcpClient = async (harness: Harness, accessToken: string) => {
  const client = new Client({ name: 'mcp-oauth test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${harness.baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
    }),
  );
  return client;
};

/** The JSON the fixture's whoami tool returned, out of an MCP tools/call result. */
// biome-ignore lint/suspicious/noExplicitAny: the fixture's result is checked by shape.
const toolJson = (result: any) => {
  expect(result.isError).toBe(false);
  expect(result.content[0].type).toBe('text');
  return JSON.parse(result.content[0].text);
};

const expectInvalidToken = async (harness: Harness, accessToken: string, url = `${harness.baseUrl}/mcp`) => {
  const answer = await postMcp(url, accessToken);
  expect(answer.status).toBe(401);
  expect(answer.body.error).toBe('invalid_token');
  expect(answer.challenge).toMatchObject({
    scheme: 'Bearer',
    error: 'invalid_token',
    resource_metadata: `${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`,
  });
  return answer;
};

const expectToolsListed = async (harness: Harness, accessToken: string) => {
  const answer = await postMcp(`${harness.baseUrl}/mcp`, accessToken);
  expect(answer.status).toBe(200);
  expect(answer.body.result.tools.map((tool: { name: string }) => tool.name).sort()).toEqual([
    'app_slow',
    'app_whoami',
  ]);
};

/** Every file under `dir`, recursively, as bytes. */
const filesUnder = (dir: string): { path: string; bytes: Buffer }[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [{ path, bytes: readFileSync(path) }] : [];
  });

/** openid-client's configuration for this runtime (plain http on loopback, so insecure requests allowed). */
const discover = (harness: Harness, clientId: string, secret?: string) =>
  oidc.discovery(
    new URL(harness.baseUrl),
    clientId,
    secret,
    secret ? oidc.ClientSecretBasic(secret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );

describe('MCP discovery and health', () => {
  let harness: Harness;
  let base: string;
  beforeAll(async () => {
    harness = await startHarness();
    base = harness.baseUrl;
  }, 120_000);
  afterAll(() => closeHarness(harness));

  it('challenges an unauthenticated request with the protected resource metadata URL', async () => {
    const answer = await postMcp(`${base}/mcp`, undefined);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('unauthorized');
    expect(answer.challenge).toEqual({
      scheme: 'Bearer',
      scope: BOTH_SCOPES,
      resource_metadata: `${base}/.well-known/oauth-protected-resource/mcp`,
    });
  });

  it('publishes protected resource metadata naming the resource and the issuer', async () => {
    const response = await fetch(`${base}/.well-known/oauth-protected-resource/mcp`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      resource: `${base}/mcp`,
      authorization_servers: [base],
      scopes_supported: ['mcp:tools:read', 'mcp:tools:execute'],
      bearer_methods_supported: ['header'],
    });
  });

  it('publishes authorization server metadata with the endpoints, S256 only, the grants and the scopes', async () => {
    const response = await fetch(`${base}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    const metadata = await response.json();
    expect(metadata).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      registration_endpoint: `${base}/oauth/register`,
      revocation_endpoint: `${base}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['mcp:tools:read', 'mcp:tools:execute']),
    );
    // Every endpoint the metadata advertises is served: an empty request is refused, but never "nothing here".
    const advertised = Object.entries(metadata).filter(
      ([key, value]) => (key.endsWith('_endpoint') || key === 'jwks_uri') && typeof value === 'string',
    );
    expect(advertised.length).toBeGreaterThanOrEqual(7);
    for (const [key, url] of advertised) {
      expect(String(url).startsWith(`${base}/oauth/`), key).toBe(true);
      const get = ['authorization_endpoint', 'end_session_endpoint', 'jwks_uri'].includes(key);
      const response = await fetch(String(url), {
        method: get ? 'GET' : 'POST',
        redirect: 'manual',
        ...(get ? {} : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }),
      });
      expect(response.status, key).not.toBe(404);
    }
    const openid = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
    expect(openid.token_endpoint).toBe(`${base}/oauth/token`);
  });

  it('answers /health for MCP clients that probe it', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      authEnabled: true,
      service: 'twenty-connect',
      version: harness.services.version,
    });
  });
});

describe('MCP client registration', () => {
  let harness: Harness;
  let base: string;
  beforeAll(async () => {
    harness = await startHarness();
    base = harness.baseUrl;
  }, 120_000);
  afterAll(() => closeHarness(harness));

  it('shows a confidential client its secret once and stores only a hash of it', async () => {
    const registered = await registerClient(base, {
      client_name: 'confidential web app',
      redirect_uris: ['https://client.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(registered.status).toBe(201);
    const secret = registered.body.client_secret as string;
    expect(secret).toMatch(/^[\w-]{32,}$/);
    expect(registered.body.client_id).toMatch(/^[\w-]{10,}$/);

    const files = filesUnder(harness.dataDir);
    expect(files.map((file) => basename(file.path))).toEqual(
      expect.arrayContaining(['runtime.sqlite', 'runtime.sqlite-wal']),
    );
    for (const file of files) expect(file.bytes.includes(secret), file.path).toBe(false);

    // Under the encryption at rest, the stored client holds SHA-256(secret), not the secret.
    const { db, box } = harness.services.ctx;
    const stored = db
      .prepare("SELECT payload FROM mcp_oauth_records WHERE model = 'Client'")
      .all()
      .map((row) => JSON.parse(box.decrypt(String(row.payload))))
      .find((client) => client.client_id === registered.body.client_id);
    expect(stored.client_secret).toBe(digest(secret));
  });

  it('accepts the secret at the token endpoint and refuses a wrong one with invalid_client', async () => {
    const client = await registerWorkspaceClient(harness);
    const good = await tokenRequest(
      base,
      { grant_type: 'client_credentials', scope: BOTH_SCOPES, resource: `${base}/mcp` },
      client,
    );
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ token_type: 'Bearer', scope: BOTH_SCOPES });
    expect(good.body.access_token).toEqual(expect.any(String));
    for (const file of filesUnder(harness.dataDir)) expect(file.bytes.includes(client.secret)).toBe(false);

    const wrong = await tokenRequest(
      base,
      { grant_type: 'client_credentials', scope: BOTH_SCOPES, resource: `${base}/mcp` },
      { clientId: client.clientId, secret: `${client.secret.slice(0, -1)}x` },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
  });

  it('accepts the secret of an authorization-code client at the token endpoint', async () => {
    const registered = await registerClient(base, {
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(registered.status).toBe(201);
    const basic = { clientId: registered.body.client_id, secret: registered.body.client_secret };
    const exchange = async (secret: string) => {
      const { code, verifier } = await authorizeInBrowser(base, { clientId: basic.clientId, member: 'ada' });
      return tokenRequest(
        base,
        {
          grant_type: 'authorization_code',
          code: code!,
          code_verifier: verifier,
          redirect_uri: REDIRECT_URI,
        },
        { clientId: basic.clientId, secret },
      );
    };
    const good = await exchange(basic.secret);
    expect(good.status).toBe(200);
    expect(good.body.refresh_token).toEqual(expect.any(String));
    const wrong = await exchange('not-the-secret');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
  });

  it('refuses redirect URIs that are neither https nor loopback http', async () => {
    const refused = await registerClient(base, {
      redirect_uris: ['http://example.com/cb'],
      token_endpoint_auth_method: 'none',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_redirect_uri');
    expect(refused.body.error_description).toContain('http://example.com');

    for (const uri of ['https://client.example/cb', 'http://127.0.0.1:7777/cb']) {
      const accepted = await registerClient(base, {
        redirect_uris: [uri],
        token_endpoint_auth_method: 'none',
      });
      expect(accepted.status, uri).toBe(201);
      expect(accepted.body.redirect_uris).toEqual([uri]);
    }
  });

  it('registers a client-credentials client only with the registration token', async () => {
    const metadata = {
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    };
    const without = await registerClient(base, metadata);
    expect(without.status).toBe(400);
    expect(without.body.error).toBe('invalid_client_metadata');
    expect(without.body.error_description).toContain('registration token');

    const token = await registrationToken(harness);
    const wrong = await registerClient(
      base,
      metadata,
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_client_metadata');

    const right = await registerClient(base, metadata, token);
    expect(right.status).toBe(201);
    expect(right.body.grant_types).toEqual(['client_credentials']);
    expect(right.body.client_secret).toEqual(expect.any(String));
  });

  it('needs neither response_types nor redirect_uris for a client-credentials client', async () => {
    const minimal = await registerClient(
      base,
      { client_name: 'nightly job', grant_types: ['client_credentials'], scope: 'mcp:tools:read' },
      await registrationToken(harness),
    );
    expect(minimal.status).toBe(201);
    expect(minimal.body).toMatchObject({
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    // An authorization-code client still needs its redirect URIs.
    const noRedirect = await registerClient(base, { client_name: 'web app' });
    expect(noRedirect.status).toBe(400);
    expect(noRedirect.body.error).toBe('invalid_redirect_uri');
  });
});

describe('openid-client as a generic OAuth client of the runtime', () => {
  let harness: Harness;
  let base: string;
  beforeAll(async () => {
    harness = await startHarness();
    base = harness.baseUrl;
  }, 120_000);
  afterAll(() => closeHarness(harness));

  it('gets a client-credentials token and an MCP SDK client runs a tool as the workspace', async () => {
    const { clientId, secret } = await registerWorkspaceClient(harness);
    const config = await discover(harness, clientId, secret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: BOTH_SCOPES, resource: `${base}/mcp` });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe(BOTH_SCOPES);
    expect(tokens.expiresIn()).toBeGreaterThan(590);

    const client = await mcpClient(harness, tokens.access_token);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'twenty-connect' });
      expect(client.getInstructions()).toContain('act as the workspace');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['app_slow', 'app_whoami']);
      const result = toolJson(await client.callTool({ name: 'app_whoami', arguments: { note: 'cc' } }));
      expect(result.context.userWorkspaceId).toBeNull();
      expect(result.payload).toEqual({ note: 'cc' });
      expect(result.connected).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('rotates refresh tokens, and reusing a rotated one revokes the whole grant', async () => {
    const clientId = await registerPublicClient(harness);
    const config = await discover(harness, clientId);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: BOTH_SCOPES,
      resource: `${base}/mcp`,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const redirect = await consentInBrowser(authorizationUrl, { member: 'alan' });
    const first = await oidc.authorizationCodeGrant(config, redirect, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(first.refresh_token).toEqual(expect.any(String));
    await expectToolsListed(harness, first.access_token);

    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe(BOTH_SCOPES);
    await expectToolsListed(harness, second.access_token);

    const reuse = await oidc.refreshTokenGrant(config, first.refresh_token!).catch((error: unknown) => error);
    expect(reuse).toBeInstanceOf(oidc.ResponseBodyError);
    expect(reuse).toMatchObject({ status: 400, error: 'invalid_grant' });

    await expectInvalidToken(harness, second.access_token);
    const rotated = await oidc
      .refreshTokenGrant(config, second.refresh_token!)
      .catch((error: unknown) => error);
    expect(rotated).toBeInstanceOf(oidc.ResponseBodyError);
    expect(rotated).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('revokes an access token: /mcp then refuses it', async () => {
    const { clientId, secret } = await registerWorkspaceClient(harness);
    const config = await discover(harness, clientId, secret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: BOTH_SCOPES, resource: `${base}/mcp` });
    await expectToolsListed(harness, tokens.access_token);
    await oidc.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
    const refused = await expectInvalidToken(harness, tokens.access_token);
    expect(refused.body.error_description).toContain('unknown or was revoked');
  });
});

describe('authorization code flow: what the authorization server refuses', () => {
  let harness: Harness;
  let base: string;
  let clientId: string;
  const OTHER_REDIRECT = 'http://127.0.0.1:53682/other';
  beforeAll(async () => {
    harness = await startHarness();
    base = harness.baseUrl;
    clientId = await registerPublicClient(harness, [REDIRECT_URI, OTHER_REDIRECT]);
  }, 120_000);
  afterAll(() => closeHarness(harness));

  const exchange = (code: string, verifier: string, redirectUri = REDIRECT_URI, client = clientId) =>
    tokenRequest(base, {
      grant_type: 'authorization_code',
      client_id: client,
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    });

  /** An authorize URL with PKCE; `params` overrides or (with undefined) removes parameters. */
  const authorizeUrl = (params: Record<string, string | undefined> = {}) => {
    const all: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      scope: BOTH_SCOPES,
      state: 'xyz',
      resource: `${base}/mcp`,
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      ...params,
    };
    const url = new URL(`${base}/oauth/authorize`);
    for (const [name, value] of Object.entries(all))
      if (value !== undefined) url.searchParams.set(name, value);
    return url;
  };

  it('refuses a wrong PKCE verifier with invalid_grant', async () => {
    const { code, verifier } = await authorizeInBrowser(base, { clientId, member: 'ada' });
    const wrong = await exchange(code!, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    // The same request with the right verifier goes through: the verifier was the only thing wrong.
    const right = await exchange(code!, verifier);
    expect(right.status).toBe(200);
  });

  it('refuses a reused code and revokes what the first exchange issued', async () => {
    const { code, verifier } = await authorizeInBrowser(base, { clientId, member: 'ada' });
    const first = await exchange(code!, verifier);
    expect(first.status).toBe(200);
    await expectToolsListed(harness, first.body.access_token);

    const again = await exchange(code!, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    await expectInvalidToken(harness, first.body.access_token);
    const refresh = await tokenRequest(base, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: first.body.refresh_token,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('refuses a token request whose redirect_uri differs from the authorization request', async () => {
    const { code, verifier } = await authorizeInBrowser(base, { clientId, member: 'ada' });
    const mismatch = await exchange(code!, verifier, OTHER_REDIRECT);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toBe('invalid_grant');
    const matching = await exchange(code!, verifier, REDIRECT_URI);
    expect(matching.status).toBe(200);
  });

  it('shows an error page, without redirecting, for an unregistered redirect_uri', async () => {
    const response = await fetch(authorizeUrl({ redirect_uri: 'http://127.0.0.1:53682/evil' }), {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const page = await response.text();
    expect(page).toContain('invalid_redirect_uri');
  });

  it('redirects with invalid_request when the code challenge is missing', async () => {
    const response = await fetch(
      authorizeUrl({ code_challenge: undefined, code_challenge_method: undefined }),
      {
        redirect: 'manual',
      },
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE|code_challenge/);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('returns the state untouched, even with characters that need escaping', async () => {
    const state = 'a b&c=d/é?+%25#"<x>';
    const { redirect, code } = await authorizeInBrowser(base, { clientId, member: 'grace', state });
    expect(redirect.searchParams.get('state')).toBe(state);
    expect(code).toEqual(expect.any(String));
    expect(redirect.searchParams.get('iss')).toBe(base);
  });

  it('redirects with access_denied and the state when the member cancels', async () => {
    const state = 'cancel me & go';
    const { redirect, code } = await authorizeInBrowser(base, {
      clientId,
      member: 'grace',
      state,
      decision: 'cancel',
    });
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(state);
    expect(code).toBeNull();
  });

  it('refuses an unknown client: invalid_client at the token endpoint, an error page at authorize', async () => {
    const token = await exchange('some-code', pkcePair().verifier, REDIRECT_URI, 'no-such-client');
    expect(token.status).toBe(401);
    expect(token.body.error).toBe('invalid_client');

    const response = await fetch(authorizeUrl({ client_id: 'no-such-client' }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('invalid_client');
  });
});

describe('access token checks at /mcp', () => {
  let harness: Harness;
  let base: string;
  beforeAll(async () => {
    harness = await startHarness();
    base = harness.baseUrl;
  }, 120_000);
  afterAll(() => closeHarness(harness));

  it('accepts a token only at the exact resource it was issued for', async () => {
    const port = new URL(base).port;
    const client = await registerWorkspaceClient(harness);
    const localhostResource = `http://localhost:${port}/mcp`;
    const token = await workspaceToken(harness, client, localhostResource);

    const there = await postMcp(localhostResource, token);
    expect(there.status).toBe(200);
    const elsewhere = await expectInvalidToken(harness, token, `http://127.0.0.1:${port}/mcp`);
    expect(elsewhere.body.error_description).toContain(localhostResource);

    const foreign = await tokenRequest(
      base,
      { grant_type: 'client_credentials', scope: BOTH_SCOPES, resource: 'https://elsewhere.example/mcp' },
      client,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toBe('invalid_target');
  });

  it('lets a read-only member token list tools but not call them', async () => {
    const clientId = await registerPublicClient(harness);
    const tokens = await memberTokens(harness, clientId, 'grace', ['mcp:tools:read']);
    expect(tokens.scope).toBe('mcp:tools:read');
    await expectToolsListed(harness, tokens.access_token);

    const call = await postMcp(`${base}/mcp`, tokens.access_token, CALL_WHOAMI);
    expect(call.status).toBe(403);
    expect(call.body.error).toBe('insufficient_scope');
    expect(call.challenge).toMatchObject({
      scheme: 'Bearer',
      error: 'insufficient_scope',
      scope: BOTH_SCOPES,
      resource_metadata: `${base}/.well-known/oauth-protected-resource/mcp`,
    });
  });

  it('runs tools as the member who approved', async () => {
    const grace = harness.services.ctx.members.byId('grace')!;
    expect(grace.userWorkspaceId).toEqual(expect.any(String));
    const clientId = await registerPublicClient(harness);
    const tokens = await memberTokens(harness, clientId, 'grace');
    const client = await mcpClient(harness, tokens.access_token);
    try {
      expect(client.getInstructions()).toContain('Grace Hopper');
      const result = toolJson(await client.callTool({ name: 'app_whoami', arguments: { note: 'member' } }));
      expect(result.context.userWorkspaceId).toBe(grace.userWorkspaceId);
      expect(result.payload).toEqual({ note: 'member' });
    } finally {
      await client.close();
    }
  });

  it('lets the MCP SDK find the authorization server itself and run tools as the member', async () => {
    const alan = harness.services.ctx.members.byId('alan')!;
    const provider = new MemoryOAuthClientProvider();
    const url = new URL(`${base}/mcp`);
    const connect = async () => {
      const client = new Client({ name: 'sdk auth test', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
      return { client, transport, connected: client.connect(transport) };
    };
    const attempt = await connect();
    await expect(attempt.connected).rejects.toThrow(/Unauthorized/i);
    expect(provider.authorizationUrl?.searchParams.get('resource')).toBe(`${base}/mcp`);

    const redirect = await consentInBrowser(provider.authorizationUrl!, { member: 'alan' });
    await attempt.transport.finishAuth(redirect.searchParams.get('code')!);
    expect(provider.tokens()?.refresh_token).toEqual(expect.any(String));

    const retry = await connect();
    await retry.connected;
    try {
      const result = toolJson(await retry.client.callTool({ name: 'app_whoami', arguments: {} }));
      expect(result.context.userWorkspaceId).toBe(alan.userWorkspaceId);
    } finally {
      await retry.client.close();
    }
  });
});

describe('expired access tokens', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ mcpAccessTokenTtl: 1 });
  }, 120_000);
  afterAll(() => closeHarness(harness));

  it('refuses a token past its lifetime with invalid_token, saying it expired', async () => {
    const issued = await tokenRequest(
      harness.baseUrl,
      { grant_type: 'client_credentials', scope: BOTH_SCOPES, resource: `${harness.baseUrl}/mcp` },
      await registerWorkspaceClient(harness),
    );
    expect(issued.status).toBe(200);
    expect(issued.body.expires_in).toBe(1);
    const token = issued.body.access_token as string;
    const issuedAt = Date.now();
    let answer = await postMcp(`${harness.baseUrl}/mcp`, token);
    while (answer.status === 200 && Date.now() - issuedAt < 4_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await postMcp(`${harness.baseUrl}/mcp`, token);
    }
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_token');
    expect(answer.body.error_description).toContain('expired');
    expect(answer.challenge).toMatchObject({
      error: 'invalid_token',
      resource_metadata: `${harness.baseUrl}/.well-known/oauth-protected-resource/mcp`,
    });
    expect(answer.challenge?.error_description).toContain('expired');
  });
});
