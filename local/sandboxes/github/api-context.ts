import type { GithubData } from './model.ts';

/** One primary rate-limit window: `x-ratelimit-reset` is in UTC epoch seconds. */
export type RateWindow = { limit: number; used: number; resetAt: number };

/** Who a request acts as. OAuth App tokens (`gho_`) carry scopes; GitHub App user tokens (`ghu_`) do not. */
export type Viewer = { login: string; id: number; scopes: string[]; kind: 'oauth-app' | 'github-app' };

export type ApiContext = {
  data: GithubData;
  now: () => number;
  viewer?: Viewer;
  url: URL;
  /** The JSON body (GitHub parses every body as JSON, whatever its content type); `{}` when empty. */
  json: Record<string, unknown>;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** `X-GitHub-Api-Version` in effect (requests without the header get `2022-11-28`). */
  apiVersion: string;
  /** Revokes tokens for `/applications/{client_id}/...`; injected so the API layer never sees the token store. */
  apps: AppsPort;
  request: Request;
  /** The caller's current primary rate-limit window for a resource. */
  rateLimit: (resource: 'core' | 'search') => RateWindow;
};

export type AppsPort = {
  authenticate(clientId: string, clientSecret: string): boolean;
  /** Revokes one token of this client; false when it is unknown, revoked or another client's. */
  revokeToken(clientId: string, token: string): boolean;
  /** Revokes every token of the token's user for this client (the whole authorization). */
  revokeGrant(clientId: string, token: string): boolean;
};

export type ApiResult = { status: number; body?: unknown; headers?: Record<string, string> };

export const DOCS_ROOT = 'https://docs.github.com/rest';

/** GitHub's `basic-error`: `{message, documentation_url, status}` (`status` is a string). */
export function apiError(status: number, message: string, documentationUrl = DOCS_ROOT): ApiResult {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

export type ValidationErrorItem = {
  resource: string;
  field: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  value?: unknown;
  message?: string;
};

/** GitHub's `validation-error` (422): "Validation Failed" plus one entry per rejected field. */
export function validationFailed(errors: ValidationErrorItem[], documentationUrl: string): ApiResult {
  return {
    status: 422,
    body: { message: 'Validation Failed', errors, documentation_url: documentationUrl, status: '422' },
  };
}

/** OAuth App scope checks (GitHub App user tokens have no scopes: the installation decides). */
export function canReadPrivate(viewer: Viewer | undefined): boolean {
  return viewer !== undefined && (viewer.kind === 'github-app' || viewer.scopes.includes('repo'));
}

export function canWritePublic(viewer: Viewer | undefined): boolean {
  return canReadPrivate(viewer) || (viewer?.scopes.includes('public_repo') ?? false);
}
