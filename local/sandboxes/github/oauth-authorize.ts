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
  now: () => number;
};

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
    // "The redirect_uri parameter is optional. If left out, GitHub will redirect users to the callback URL
    // configured in the OAuth app settings" (authorizing-oauth-apps#redirect-urls).
    redirectUriRequired: false,
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
    const redirectUri = read('redirect_uri') ?? deps.server.registeredRedirectUris(clientId)[0] ?? null;
    const known = deps.server.hasClient(clientId);
    if (known && (redirectUri === null || !deps.server.acceptsRedirectUri(clientId, redirectUri))) {
      // GitHub's own error page, no redirect: a redirect_uri not registered for the app never receives the
      // person or a code (authorizing-oauth-apps#redirect-urls; troubleshooting-authorization-request-errors).
      const message =
        "The redirect_uri is not associated with this application. The application might be misconfigured or could be trying to redirect you to a website you weren't expecting.";
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
