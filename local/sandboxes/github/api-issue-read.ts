import { readableRepo } from './access.ts';
import { type ApiContext, type ApiResult, apiError } from './api-context.ts';
import { issueRepresentation } from './issue-representations.ts';
import { toRepo } from './representations.ts';

const ISSUE_DOCS = 'https://docs.github.com/rest/issues/issues#get-an-issue';
const REPO_DOCS = 'https://docs.github.com/rest/repos/repos#get-a-repository';

/**
 * `GET /repos/{owner}/{repo}/issues/{issue_number}` (`issues/get`). Pull requests are issues too: the same
 * number space, marked by a `pull_request` key whose `merged_at` says whether it was merged (the operation's
 * description and the `issue` schema in GitHub's OpenAPI). A repo the caller cannot see answers 404, exactly as a
 * missing issue does; a repo with issues disabled 410 (Gone is documented for this operation).
 */
export function getIssue(ctx: ApiContext): ApiResult {
  const repo = readableRepo(ctx, ISSUE_DOCS);
  if ('status' in repo) return repo;
  if (!repo.hasIssues) return apiError(410, 'Issues are disabled for this repo', ISSUE_DOCS);
  const number = /^\d+$/.test(ctx.params.issue_number ?? '') ? Number(ctx.params.issue_number) : Number.NaN;
  const issue = ctx.data.issues.find(
    (candidate) => candidate.repoId === repo.id && candidate.number === number,
  );
  if (!issue) return apiError(404, 'Not Found', ISSUE_DOCS);
  return { status: 200, body: issueRepresentation(ctx.data, repo, issue) };
}

/**
 * `GET /repos/{owner}/{repo}` (`repos/get`): the `full-repository` representation, whose `private` (required)
 * and `visibility` say who can see it; the same 404 for a repo the caller cannot see.
 */
export function getRepository(ctx: ApiContext): ApiResult {
  const repo = readableRepo(ctx, REPO_DOCS);
  if ('status' in repo) return repo;
  return {
    status: 200,
    body: { ...toRepo(ctx.data, repo, ctx.viewer?.login), network_count: 0, subscribers_count: 1 },
  };
}
