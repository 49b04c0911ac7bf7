import { createConsentFlow } from '../shared/consent-flow.ts';
import { htmlResponse, renderErrorPage } from '../shared/consent-page.ts';
import type { OAuthServer } from '../shared/oauth-server.ts';
import type { GithubData } from './model.ts';
import { GITHUB_SCOPES, parseScopes } from './scopes.ts';

const ERRORS_DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors';

export type AuthorizeDeps = {
  server: OAuthServer;
  data: () => GithubData;
  /** GitHub App user tokens: the app's permissions decide, the `scope` parameter is ignored. */
  githubApp: boolean;
  /** The callback URL registered for a client, when one was registered. */
  callbackUrl: (clientId: string) => string | undefined;
  now: () => number;
};

/**
 * GitHub's callback rule: host and port must equal the registered callback URL's and the path must be the
 * same or a subdirectory of it. With no registered callback URL any http(s) URL is accepted.
 */
export function redirectAllowed(callbackUrl: string | undefined, redirectUri: string): boolean {
  if (callbackUrl === undefined) return true;
  try {
    const registered = new URL(callbackUrl);
    const requested = new URL(redirectUri);
    const base = registered.pathname.replace(/\/?$/, '/');
    return (
      requested.protocol === registered.protocol &&
      requested.host === registered.host &&
      (requested.pathname === registered.pathname || requested.pathname.startsWith(base)) &&
      !/(^|\/)\.\.(\/|$)/.test(requested.pathname)
    );
  } catch {
    return false;
  }
}

function redirectWith(target: string, params: Record<string, string | null>): Response {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return new Response(null, {
    status: 302,
    headers: { location: url.toString(), 'cache-control': 'no-store' },
  });
}

/** `GET/POST https://github.com/login/oauth/authorize`: the consent page and the person's decision. */
export function createGithubAuthorize(deps: AuthorizeDeps) {
  const flow = createConsentFlow({
    server: deps.server,
    providerName: 'GitHub',
    accent: '#1f883d',
    accountLabel: 'Account',
    accounts: () =>
      deps.data().users.map((user) => ({ id: user.login, name: user.name, detail: `@${user.login}` })),
    parseParams: (params) => ({ ok: true, scopes: deps.githubApp ? [] : parseScopes(params.get('scope')) }),
    describeScope: (scope) => GITHUB_SCOPES[scope] ?? scope,
    redirectUriRequired: true,
    now: deps.now,
  });

  return async function authorize(
    request: Request,
  ): Promise<{ response: Response; body: Record<string, unknown> }> {
    const params = new URL(request.url).searchParams;
    const form =
      request.method === 'POST' ? new URLSearchParams(await request.clone().text()) : new URLSearchParams();
    const read = (name: string) => form.get(name) ?? params.get(name);
    const clientId = read('client_id') ?? '';
    const redirectUri = read('redirect_uri');
    const known = deps.server.hasClient(clientId) && redirectUri !== null;
    if (known && redirectUri !== null && !redirectAllowed(deps.callbackUrl(clientId), redirectUri)) {
      // Shown as an error page: a mismatching redirect_uri must never receive the person.
      const message = 'The redirect_uri is not associated with this application.';
      const html = renderErrorPage({ providerName: 'GitHub', title: 'Redirect URI mismatch', message });
      return { response: htmlResponse(html, 400), body: Object.fromEntries(params) };
    }
    const challenge = read('code_challenge');
    if (known && redirectUri !== null && challenge && read('code_challenge_method') !== 'S256') {
      // GitHub supports only S256 PKCE.
      const response = redirectWith(redirectUri, {
        error: 'invalid_request',
        error_description: 'code_challenge_method must be S256',
        state: read('state'),
      });
      return { response, body: Object.fromEntries(params) };
    }
    const outcome = await flow.handle(request);
    const location = outcome.response.headers.get('location');
    if (location && new URL(location).searchParams.get('error') === 'access_denied') {
      const url = new URL(location);
      const state = url.searchParams.get('state');
      url.searchParams.delete('state');
      url.searchParams.set('error_description', 'The user has denied your application access.');
      url.searchParams.set('error_uri', `${ERRORS_DOCS}/#access-denied`);
      if (state !== null) url.searchParams.set('state', state);
      return { response: redirectWith(url.toString(), {}), body: outcome.body };
    }
    return { response: await relabel(outcome.response), body: outcome.body };
  };
}

/** GitHub's consent button reads "Authorize", not "Approve". */
async function relabel(response: Response): Promise<Response> {
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = (await response.text()).replace('>Approve</button>', '>Authorize</button>');
  return new Response(html, { status: response.status, headers: response.headers });
}
