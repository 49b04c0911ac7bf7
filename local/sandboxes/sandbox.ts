/**
 * A sandbox is a stateful, offline stand-in for one provider (Linear, GitHub, Slack): its OAuth server
 * (consent page, authorization code, token, refresh, revoke) and the API operations the app uses.
 *
 * Sandboxes are written from the providers' documented behaviour (`vendor/contracts`, docs/providers.md),
 * never from the app's clients: they must not import anything from `src/`.
 *
 * A sandbox is a plain `fetch`-style handler: `handle(request)` receives the request exactly as it would
 * reach the real provider (`request.url` is the real URL, e.g. `https://api.linear.app/graphql`), so the
 * same object serves unit tests (through msw) and the local runtime (which maps loopback paths back to the
 * provider URL before calling `handle`).
 */

/** A failure queued with `failNext`; it applies to the next API call (not OAuth) whose operation matches. */
export type SandboxFailure =
  | { kind: 'rate-limit'; retryAfterSeconds?: number; operation?: string }
  | { kind: 'server-error'; status?: number; operation?: string }
  | { kind: 'auth'; operation?: string }
  | { kind: 'network'; operation?: string };

/** One request the sandbox received, for assertions. Authorization values are never stored in full. */
export type RecordedCall = {
  /** Provider operation: a GraphQL operation/root field for Linear (`issueCreate`), `METHOD /path` template
   *  for GitHub (`POST /repos/{owner}/{repo}/issues`), the Web API method for Slack (`chat.postMessage`),
   *  or an OAuth step (`oauth.authorize`, `oauth.token`, `oauth.revoke`). */
  operation: string;
  method: string;
  url: string;
  status: number;
  /** Parsed request body (JSON or form) with secrets (`client_secret`, `code_verifier`, tokens) masked. */
  body: unknown;
  at: string;
};

/**
 * An OAuth app as the admin registers it at the provider: its credentials and the redirect (callback) URLs
 * codes may be sent to. Every provider refuses to redirect anywhere else (PROVIDERS.md §0 "Redirect URIs").
 */
export type OAuthClient = { clientId: string; clientSecret: string; redirectUris: readonly string[] };

export type MintedToken = { accessToken: string; refreshToken?: string; expiresIn?: number };

export interface Sandbox {
  /** The connection provider name this sandbox stands in for (its key in `index.ts`). */
  readonly provider: string;
  /** Hostnames this sandbox answers for, e.g. `['linear.app', 'api.linear.app']`. */
  readonly hosts: readonly string[];
  /** Serve one request addressed to the real provider URL. Never throws: errors are provider-shaped. */
  handle(request: Request): Promise<Response>;

  /** Register the OAuth app (client id/secret and its redirect URLs) the admin created "at the provider". */
  registerClient(client: OAuthClient): void;
  /**
   * Issue a token for a seeded account without the browser dance (tests, seeding). `clientId`: the OAuth app
   * the grant is for (default: the sandbox's own, which no admin registered, so it authorizes no app).
   */
  mintToken(options?: { account?: string; scopes?: string[]; clientId?: string }): MintedToken;
  /** Revoke one access or refresh token, as if the user removed the app at the provider. */
  revokeToken(token: string): void;
  /** Make every current access token expired (refresh tokens keep working). */
  expireAccessTokens(): void;
  /** Queue a failure for the next matching API call. */
  failNext(failure: SandboxFailure): void;

  /** Requests received since the last reset, oldest first. */
  calls(): RecordedCall[];
  /** Provider data a person would look at: issues, comments, messages, ... (JSON-serialisable). */
  view(): Record<string, unknown>;
  /** Full state for persistence (tokens, codes, data), and its inverse. */
  exportState(): unknown;
  importState(state: unknown): void;
  /** Back to the seeded state: forget clients, tokens, calls and created data. */
  reset(): void;

  /**
   * Provider-specific controls, `POST /api/sandbox/<provider>/<action>` with a JSON object body (Linear: its
   * OAuth app's webhook settings, a person's changes in Linear's UI, deliveries, redelivery). Answers the
   * result, or `undefined` when the provider has no such action; throws `SandboxControlError` for bad input.
   */
  control?(action: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  /** Tells `listener` when state changed outside `handle` and the controls (a webhook delivery attempt). */
  onStateChange?(listener: () => void): void;
  /** Stops background work (scheduled webhook retries); they stay in the state and resume on `importState`. */
  stop?(): void;
}

/** Bad input to `Sandbox.control`: the message is for the person or test that sent it. */
export class SandboxControlError extends Error {
  override name = 'SandboxControlError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}
