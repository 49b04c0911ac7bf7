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

/**
 * The repo named by `{owner}/{repo}` if the caller can read it: public repos for everyone, private ones only
 * for people with access and a token that may read private repos (classic OAuth `repo` scope, or a GitHub App
 * user token). Anything else is the same 404 as a repo that does not exist ("Troubleshooting the REST API":
 * 404 for private resources the token cannot see, https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api).
 */
export function readableRepo(ctx: ApiContext, docs: string): GithubRepo | ApiResult {
  const owner = ctx.params.owner?.toLowerCase();
  const name = ctx.params.repo?.toLowerCase();
  const repo = ctx.data.repos.find((r) => r.owner.toLowerCase() === owner && r.name.toLowerCase() === name);
  if (!repo || !permissionOf(repo, ctx.viewer?.login)) return apiError(404, 'Not Found', docs);
  if (repo.private && !canReadPrivate(ctx.viewer)) return apiError(404, 'Not Found', docs);
  return repo;
}

export function isResult(value: WritableRepo | ApiResult): value is ApiResult {
  return 'status' in value;
}
