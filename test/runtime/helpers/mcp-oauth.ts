import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { readConsentForm } from '../../../runtime/sandboxes/shared/index.ts';

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

type Cookies = Map<string, string>;

const request = async (url: URL, jar: Cookies, init: RequestInit = {}) => {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: {
      ...(init.headers as Record<string, string>),
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, ...value] = pair!.split('=');
    jar.set(name!.trim(), value.join('='));
  }
  return response;
};

/**
 * What a member does in a browser: open the authorization URL, land on the consent page, pick themselves
 * (and the scopes), click Approve or Cancel, and follow the redirects back to the client's redirect URI.
 * Returns that final URL (with `code` and `state`, or `error`), or the page it stopped on.
 */
export const consentInBrowser = async (
  authorizationUrl: URL | string,
  choice: { member: string; decision?: 'approve' | 'cancel'; scopes?: string[]; redirectUri?: string },
): Promise<URL> => {
  const jar: Cookies = new Map();
  const target = choice.redirectUri ?? REDIRECT_URI;
  let url = new URL(authorizationUrl);
  let consented = false;
  for (let hop = 0; hop < 10; hop++) {
    if (url.href.startsWith(target)) return url;
    const response = await request(url, jar);
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
    const posted = await request(url, jar, {
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
