import { type ConsentAccount, htmlResponse, renderConsentPage, renderErrorPage } from './consent-page.ts';
import type { OAuthServer } from './oauth-server.ts';
import { type PkceMethod, parsePkceMethod } from './pkce.ts';
import { readBody } from './request.ts';
import { randomAlphanumeric } from './tokens.ts';

/** What a provider reads from its own authorize parameters (scopes and extras), or why it refuses them. */
export type ParsedAuthorizeParams =
  | { ok: true; scopes: string[]; data?: Record<string, unknown> }
  | { ok: false; message: string };

/** Provider-specific parts of the authorize endpoint. */
export type ConsentFlowOptions = {
  server: OAuthServer;
  providerName: string;
  /** Brand colour of the consent page. */
  accent: string;
  /** "Account" (a user) or "Workspace" (Slack). */
  accountLabel: string;
  /** The seeded accounts the person can pick; the id becomes the grant's `account`. */
  accounts: () => ConsentAccount[];
  /** Reads scopes (with the provider's separator) and checks provider-only parameters. */
  parseParams: (params: URLSearchParams) => ParsedAuthorizeParams;
  describeScope: (scope: string) => string;
  /**
   * Linear requires `redirect_uri`; Slack and GitHub fall back to the app's (first) registered URL when it is
   * absent.
   */
  redirectUriRequired: boolean;
  appName?: string;
  now?: () => number;
};

/** Outcome of one authorize request, for the sandbox's call log. */
export type ConsentFlowResult = { response: Response; body: Record<string, unknown> };

const CONSENT_TTL_MS = 10 * 60 * 1000;

type Validated = {
  clientId: string;
  redirectUri: string;
  sentRedirectUri?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
  scopes: string[];
  data?: Record<string, unknown>;
};

/**
 * The authorize endpoint of an OAuth provider: `GET` renders the consent page, the page's `POST` carries
 * the decision back. Approve → 302 to `redirect_uri?code=..&state=..`; Cancel → `?error=access_denied&state=..`
 * (`state` returned untouched). An unknown client or an unusable redirect URI gives an error page and never a
 * redirect, as real providers do, so a forged link cannot bounce a person to an attacker's URL.
 * The page carries a single-use nonce so another site cannot post an approval on the person's behalf.
 */
export function createConsentFlow(options: ConsentFlowOptions) {
  const now = options.now ?? Date.now;
  const nonces = new Map<string, number>();

  const errorPage = (title: string, message: string, status = 400) =>
    htmlResponse(renderErrorPage({ providerName: options.providerName, title, message }), status);

  function validate(params: URLSearchParams): Validated | Response {
    const clientId = params.get('client_id') ?? '';
    if (!clientId || !options.server.hasClient(clientId)) {
      return errorPage('Invalid client', `The application with client_id "${clientId}" does not exist.`);
    }
    const sent = params.get('redirect_uri') ?? undefined;
    if (sent === undefined && options.redirectUriRequired) {
      return errorPage('Invalid redirect_uri', 'The request is missing the redirect_uri parameter.');
    }
    const redirectUri = sent ?? options.server.registeredRedirectUris(clientId)[0] ?? '';
    if (!options.server.acceptsRedirectUri(clientId, redirectUri)) {
      return errorPage(
        'Invalid redirect_uri',
        'The redirect_uri does not match the URLs registered for this app.',
      );
    }
    const method = parsePkceMethod(params.get('code_challenge_method'));
    if (method === null) return errorPage('Invalid request', 'code_challenge_method must be plain or S256.');
    const parsed = options.parseParams(params);
    if (!parsed.ok) return errorPage('Invalid request', parsed.message);
    const challenge = params.get('code_challenge') || undefined;
    return {
      clientId,
      redirectUri,
      sentRedirectUri: sent,
      state: params.get('state') ?? undefined,
      codeChallenge: challenge,
      codeChallengeMethod: challenge ? method : undefined,
      scopes: parsed.scopes,
      data: parsed.data,
    };
  }

  function redirect(target: string, params: Record<string, string | undefined>): Response {
    const url = new URL(target);
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, value);
    return new Response(null, {
      status: 302,
      headers: { location: url.toString(), 'cache-control': 'no-store' },
    });
  }

  function renderConsent(params: URLSearchParams, request: Validated): Response {
    const nonce = randomAlphanumeric(32);
    nonces.set(nonce, now() + CONSENT_TTL_MS);
    const hidden: Record<string, string> = { consent: nonce };
    for (const [key, value] of params) hidden[key] = value;
    const html = renderConsentPage({
      providerName: options.providerName,
      appName: options.appName ?? 'Twenty Connect',
      accent: options.accent,
      accountLabel: options.accountLabel,
      scopes: request.scopes.map((name) => ({ name, description: options.describeScope(name) })),
      accounts: options.accounts(),
      redirectUri: request.redirectUri,
      hidden,
    });
    return htmlResponse(html);
  }

  async function decide(fields: Record<string, string>, request: Validated): Promise<Response> {
    const expiresAt = nonces.get(fields.consent ?? '');
    nonces.delete(fields.consent ?? '');
    if (expiresAt === undefined || expiresAt <= now()) {
      return errorPage(
        'Authorization expired',
        'This authorization request has expired. Start again from the app.',
      );
    }
    if (fields.decision !== 'approve') {
      return redirect(request.redirectUri, { error: 'access_denied', state: request.state });
    }
    const account = options.accounts().find((candidate) => candidate.id === fields.account);
    if (!account) return errorPage('Invalid request', 'Choose an account to continue.');
    const code = options.server.issueCode({
      clientId: request.clientId,
      account: account.id,
      scopes: request.scopes,
      data: request.data,
      redirectUri: request.sentRedirectUri,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
    });
    return redirect(request.redirectUri, { code, state: request.state });
  }

  return {
    /** Serves `GET` (consent page) and `POST` (decision) on the authorize URL. */
    async handle(request: Request): Promise<ConsentFlowResult> {
      const url = new URL(request.url);
      if (request.method === 'GET') {
        const validated = validate(url.searchParams);
        const response =
          validated instanceof Response ? validated : renderConsent(url.searchParams, validated);
        return { response, body: Object.fromEntries(url.searchParams) };
      }
      if (request.method !== 'POST') return { response: errorPage('Not found', 'Not found.', 404), body: {} };
      const form = await readBody(request);
      const fields = Object.fromEntries(
        Object.entries(form.fields).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
      // The original parameters come back as hidden fields; the query string is kept as a fallback.
      const params = new URLSearchParams(url.searchParams);
      for (const [key, value] of Object.entries(fields)) params.set(key, value);
      const validated = validate(params);
      const response = validated instanceof Response ? validated : await decide(fields, validated);
      return { response, body: { ...fields, consent: undefined } };
    },
  };
}
