import { createHash, randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { expect } from 'vitest';
import { readConsentForm } from '../../../local/sandboxes/shared/index.ts';
import { type CookieJar, fetchWithCookies } from './cookie-fetch.ts';
import { type Harness, removeDataDir } from './runtime-harness.ts';

/** A loopback redirect URI nobody listens on: the flow stops when it is reached and reads the code. */
export const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

/**
 * The MCP SDK's OAuth client provider interface, kept in memory: it registers dynamically, keeps the PKCE
 * verifier, and records the authorization URL the SDK "redirects" to.
 */
export class MemoryOAuthClientProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';

  constructor(
    private readonly metadata: Partial<OAuthClientMetadata> = {},
    readonly redirectUrl: string = REDIRECT_URI,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP SDK test client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'mcp:tools:read mcp:tools:execute',
      ...this.metadata,
    };
  }
  clientInformation() {
    return this.#client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.#client = info;
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.#tokens = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.#verifier = verifier;
  }
  codeVerifier() {
    return this.#verifier;
  }
}

/**
 * What a member does in a browser: open the authorization URL, land on the consent page, pick themselves
 * (and the scopes), click Approve or Cancel, and follow the redirects back to the client's redirect URI.
 * Returns that final URL (with `code` and `state`, or `error`), or the page it stopped on.
 */
export const consentInBrowser = async (
  authorizationUrl: URL | string,
  choice: { member: string; decision?: 'approve' | 'cancel'; scopes?: string[]; redirectUri?: string },
): Promise<URL> => {
  const jar: CookieJar = new Map();
  const target = choice.redirectUri ?? REDIRECT_URI;
  let url = new URL(authorizationUrl);
  let consented = false;
  for (let hop = 0; hop < 10; hop++) {
    if (url.href.startsWith(target)) return url;
    const response = await fetchWithCookies(url, jar);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      continue;
    }
    if (response.status !== 200 || consented || !url.pathname.startsWith('/oauth/consent/')) {
      throw new Error(`stopped at ${url} (${response.status}): ${(await response.text()).slice(0, 400)}`);
    }
    const form = readConsentForm(await response.text());
    const body = new URLSearchParams({ ...form.fields, account: choice.member });
    for (const scope of choice.scopes ?? form.scopes) body.append('scope', scope);
    body.set('decision', choice.decision ?? 'approve');
    consented = true;
    const posted = await fetchWithCookies(url, jar, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const next = posted.headers.get('location');
    if (!next) throw new Error(`consent POST answered ${posted.status}: ${await posted.text()}`);
    url = new URL(next, url);
  }
  throw new Error('too many redirects');
};

// Raw HTTP helpers: the negative tests need the exact status, error code and WWW-Authenticate header.

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by shape in each test.
export type JsonAnswer = { status: number; headers: Headers; body: any };

const readJson = async (response: Response): Promise<JsonAnswer> => {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (an HTML error page): keep the text
  }
  return { status: response.status, headers: response.headers, body };
};

/** Dynamic client registration (RFC 7591), optionally with `Authorization: Bearer <registration token>`. */
export const registerClient = async (
  baseUrl: string,
  metadata: Record<string, unknown>,
  registrationToken?: string,
): Promise<JsonAnswer> =>
  readJson(
    await fetch(`${baseUrl}/oauth/register`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
      },
      body: JSON.stringify(metadata),
    }),
  );

/** A form POST to the token endpoint, with client_secret_basic when `secret` is given. */
export const tokenRequest = async (
  baseUrl: string,
  params: Record<string, string>,
  basic?: { clientId: string; secret: string },
): Promise<JsonAnswer> =>
  readJson(
    await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(basic
          ? {
              authorization: `Basic ${Buffer.from(
                `${encodeURIComponent(basic.clientId)}:${encodeURIComponent(basic.secret)}`,
              ).toString('base64')}`,
            }
          : {}),
      },
      body: new URLSearchParams(params),
    }),
  );

/** One JSON-RPC message POSTed to an MCP endpoint as a Streamable HTTP client sends it. */
export const postMcp = async (
  mcpUrl: string,
  token: string | undefined,
  message: Record<string, unknown> = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
): Promise<JsonAnswer & { challenge: Record<string, string> | null }> => {
  const answer = await readJson(
    await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(message),
    }),
  );
  return { ...answer, challenge: parseBearerChallenge(answer.headers.get('www-authenticate')) };
};

/** `Bearer a="x", b="y"` → { scheme: 'Bearer', a: 'x', b: 'y' }; null without a header. */
export const parseBearerChallenge = (header: string | null): Record<string, string> | null => {
  if (header === null) return null;
  const [scheme, ...rest] = header.split(' ');
  const params: Record<string, string> = { scheme: scheme ?? '' };
  for (const match of rest.join(' ').matchAll(/([a-z_]+)="([^"]*)"/g)) params[match[1]!] = match[2]!;
  return params;
};

/** A PKCE S256 verifier and its challenge. */
export const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/**
 * The whole front channel for one authorization request: build the authorize URL (PKCE S256), let `member`
 * decide on the consent page, and return where the browser ended up (the redirect URI with code or error).
 */
export const authorizeInBrowser = async (
  baseUrl: string,
  request: {
    clientId: string;
    member: string;
    redirectUri?: string;
    scope?: string;
    state?: string;
    resource?: string;
    decision?: 'approve' | 'cancel';
    scopes?: string[];
  },
): Promise<{ redirect: URL; verifier: string; code: string | null }> => {
  const redirectUri = request.redirectUri ?? REDIRECT_URI;
  const { verifier, challenge } = pkcePair();
  const url = new URL(`${baseUrl}/oauth/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: redirectUri,
    scope: request.scope ?? 'mcp:tools:read mcp:tools:execute',
    state: request.state ?? randomBytes(8).toString('hex'),
    resource: request.resource ?? `${baseUrl}/mcp`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await consentInBrowser(url, {
    member: request.member,
    redirectUri,
    ...(request.decision ? { decision: request.decision } : {}),
    ...(request.scopes ? { scopes: request.scopes } : {}),
  });
  return { redirect, verifier, code: redirect.searchParams.get('code') };
};

// Registered clients and tokens as the tests need them, on a running harness.

export const BOTH_SCOPES = 'mcp:tools:read mcp:tools:execute';

/** A tools/call of the fixture app's whoami tool, which echoes its payload and context. */
export const CALL_WHOAMI = {
  jsonrpc: '2.0',
  id: 2,
  method: 'tools/call',
  params: { name: 'app_whoami', arguments: { note: 'hi' } },
};

export const closeHarness = async (harness: Harness | undefined) => {
  await harness?.stop();
  if (harness) removeDataDir(harness.dataDir);
};

/** The registration token the console shows on its MCP page. */
export const registrationToken = async (harness: Harness): Promise<string> => {
  const mcp = await harness.api('GET', '/api/mcp');
  expect(mcp.status).toBe(200);
  expect(mcp.body.registrationToken).toMatch(/^tcr_/);
  return mcp.body.registrationToken;
};

/** A confidential client-credentials (workspace) client, registered with the registration token. */
export const registerWorkspaceClient = async (harness: Harness) => {
  const registered = await registerClient(
    harness.baseUrl,
    {
      client_name: 'workspace agent',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    await registrationToken(harness),
  );
  expect(registered.status).toBe(201);
  return { clientId: registered.body.client_id as string, secret: registered.body.client_secret as string };
};

/** A public (PKCE, no secret) authorization-code client, as MCP clients register themselves. */
export const registerPublicClient = async (harness: Harness, redirectUris = [REDIRECT_URI]) => {
  const registered = await registerClient(harness.baseUrl, {
    client_name: 'MCP desktop client',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  expect(registered.status).toBe(201);
  expect(registered.body.client_secret).toBeUndefined();
  return registered.body.client_id as string;
};

/** A client-credentials access token for `resource`, straight from the token endpoint. */
export const workspaceToken = async (
  harness: Harness,
  client: { clientId: string; secret: string },
  resource = `${harness.baseUrl}/mcp`,
) => {
  const answer = await tokenRequest(
    harness.baseUrl,
    { grant_type: 'client_credentials', scope: BOTH_SCOPES, resource },
    client,
  );
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
};

/** Authorization code + PKCE for a public client, approved by `member`; the token endpoint's answer. */
export const memberTokens = async (
  harness: Harness,
  clientId: string,
  member: string,
  scopes?: string[],
): Promise<{ access_token: string; refresh_token: string; scope: string }> => {
  const { code, verifier } = await authorizeInBrowser(harness.baseUrl, {
    clientId,
    member,
    ...(scopes ? { scopes } : {}),
  });
  expect(code).toEqual(expect.any(String));
  const answer = await tokenRequest(harness.baseUrl, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: code!,
    code_verifier: verifier,
    redirect_uri: REDIRECT_URI,
  });
  expect(answer.status).toBe(200);
  return answer.body;
};
