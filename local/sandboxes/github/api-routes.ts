import { deleteAppAuthorization, deleteAppToken } from './api-apps.ts';
import type { ApiContext, ApiResult } from './api-context.ts';
import { listRepositoryIssues } from './api-issue-list.ts';
import { getIssue, getRepository } from './api-issue-read.ts';
import { createIssue, createIssueComment } from './api-issues.ts';
import { getRateLimit, listUserInstallations } from './api-meta.ts';
import { searchIssues } from './api-search.ts';
import { getAuthenticatedUser, listUserRepos } from './api-user.ts';
import type { RateResource } from './rate-limit.ts';

export type ApiRoute = {
  method: string;
  /** OpenAPI path template; `METHOD template` is the recorded operation name. */
  template: string;
  operationId: string;
  resource: RateResource;
  /** OAuth App scopes the endpoint accepts (`X-Accepted-OAuth-Scopes`). */
  acceptedScopes: string;
  /** Authenticated with the OAuth app's client id/secret (Basic), recorded as the `oauth.revoke` step. */
  clientAuth?: boolean;
  /** Not counted against the primary rate limit (`GET /rate_limit`). */
  free?: boolean;
  handler: (ctx: ApiContext) => ApiResult;
};

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    template: '/rate_limit',
    operationId: 'rate-limit/get',
    resource: 'core',
    acceptedScopes: '',
    free: true,
    handler: getRateLimit,
  },
  {
    method: 'GET',
    template: '/user/installations',
    operationId: 'apps/list-installations-for-authenticated-user',
    resource: 'core',
    acceptedScopes: '',
    handler: listUserInstallations,
  },
  {
    method: 'GET',
    template: '/user',
    operationId: 'users/get-authenticated',
    resource: 'core',
    acceptedScopes: '',
    handler: getAuthenticatedUser,
  },
  {
    method: 'GET',
    template: '/user/repos',
    operationId: 'repos/list-for-authenticated-user',
    resource: 'core',
    acceptedScopes: '',
    handler: listUserRepos,
  },
  {
    method: 'GET',
    template: '/search/issues',
    operationId: 'search/issues-and-pull-requests',
    resource: 'search',
    acceptedScopes: '',
    handler: searchIssues,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues',
    operationId: 'issues/create',
    resource: 'core',
    acceptedScopes: 'repo',
    handler: createIssue,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues',
    operationId: 'issues/list-for-repo',
    resource: 'core',
    acceptedScopes: 'repo',
    handler: listRepositoryIssues,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}',
    operationId: 'issues/get',
    resource: 'core',
    acceptedScopes: 'repo',
    handler: getIssue,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}',
    operationId: 'repos/get',
    resource: 'core',
    acceptedScopes: 'repo',
    handler: getRepository,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/create-comment',
    resource: 'core',
    acceptedScopes: 'repo',
    handler: createIssueComment,
  },
  {
    method: 'DELETE',
    template: '/applications/{client_id}/token',
    operationId: 'apps/delete-token',
    resource: 'core',
    acceptedScopes: '',
    clientAuth: true,
    handler: deleteAppToken,
  },
  {
    method: 'DELETE',
    template: '/applications/{client_id}/grant',
    operationId: 'apps/delete-authorization',
    resource: 'core',
    acceptedScopes: '',
    clientAuth: true,
    handler: deleteAppAuthorization,
  },
];

/** The route for a method and raw path, with percent-decoded path parameters. */
export function matchRoute(
  method: string,
  pathname: string,
): { route: ApiRoute; params: Record<string, string> } | undefined {
  const segments = pathname.replace(/\/+$/, '').split('/');
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const parts = route.template.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = parts.every((part, index) => {
      const segment = segments[index] ?? '';
      if (!part.startsWith('{')) return part === segment;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return segment !== '';
    });
    if (matched) return { route, params };
  }
  return undefined;
}
