import { type ApiContext, type ApiResult, apiError, canReadPrivate, canWritePublic } from './api-context.ts';
import { type GithubRepo, permissionOf, type RepoPermission } from './model.ts';

export type WritableRepo = { repo: GithubRepo; permission: RepoPermission };

/**
 * The repo named by `{owner}/{repo}` if the caller may write issues to it. GitHub answers 404, not 403, both
 * when the repo does not exist and when the caller cannot see it (a private repo without access or without
 * the `repo` scope), so its existence never leaks; a classic OAuth token lacking `public_repo`/`repo` gets the
 * same 404 on a public repo. Issues disabled on the repo → 410 Gone.
 */
export function writableIssuesRepo(ctx: ApiContext, docs: string): WritableRepo | ApiResult {
  if (!ctx.viewer) return apiError(401, 'Requires authentication', docs);
  const owner = ctx.params.owner?.toLowerCase();
  const name = ctx.params.repo?.toLowerCase();
  const repo = ctx.data.repos.find((r) => r.owner.toLowerCase() === owner && r.name.toLowerCase() === name);
  const permission = repo && permissionOf(repo, ctx.viewer.login);
  if (!repo || !permission) return apiError(404, 'Not Found', docs);
  const allowed = repo.private ? canReadPrivate(ctx.viewer) : canWritePublic(ctx.viewer);
  if (!allowed)
    return { ...apiError(404, 'Not Found', docs), headers: { 'x-accepted-oauth-scopes': 'repo' } };
  if (!repo.hasIssues)
    return apiError(410, 'Issues are disabled for this repo', 'https://docs.github.com/v3/issues/');
  return { repo, permission };
}

export function isResult(value: WritableRepo | ApiResult): value is ApiResult {
  return 'status' in value;
}
