import { readableRepo } from './access.ts';
import { type ApiContext, type ApiResult, apiError, validationFailed } from './api-context.ts';
import { issueRepresentation } from './issue-representations.ts';
import type { GithubIssue } from './model.ts';
import { paginate } from './pagination.ts';

const DOCS = 'https://docs.github.com/rest/issues/issues#list-repository-issues';

const ENUMS: Record<string, string[]> = {
  state: ['open', 'closed', 'all'],
  sort: ['created', 'updated', 'comments'],
  direction: ['asc', 'desc'],
};

/**
 * `GET /repos/{owner}/{repo}/issues` (`issues/list-for-repo`, GitHub's OpenAPI; https://docs.github.com/rest/issues/issues#list-repository-issues):
 * issues and pull requests alike ("GitHub's REST API considers every pull request an issue"), `state` open
 * (default) | closed | all, `sort` created (default) | updated | comments, `direction` desc (default) | asc,
 * `since` "Only show results that were last updated after the given time" (ISO 8601), `per_page` (≤ 100) and
 * `page` with a `Link` header. The same 404 as `issues/get` for a repo the caller cannot see, 410 when issues
 * are disabled. The ETag / `If-None-Match` → 304 handling is the API layer's (api.ts `withEtag`), as for every GET.
 */
export function listRepositoryIssues(ctx: ApiContext): ApiResult {
  const repo = readableRepo(ctx, DOCS);
  if ('status' in repo) return repo;
  if (!repo.hasIssues) return apiError(410, 'Issues are disabled for this repo', DOCS);
  const query = ctx.url.searchParams;
  for (const [field, allowed] of Object.entries(ENUMS)) {
    const value = query.get(field);
    if (value !== null && !allowed.includes(value))
      return validationFailed([{ resource: 'Issue', field, code: 'invalid', value }], DOCS);
  }
  const sinceText = query.get('since');
  const since = sinceText === null ? null : Date.parse(sinceText);
  if (since !== null && Number.isNaN(since))
    return validationFailed([{ resource: 'Issue', field: 'since', code: 'invalid', value: sinceText }], DOCS);
  const state = query.get('state') ?? 'open';
  const sort = query.get('sort') ?? 'created';
  const direction = query.get('direction') ?? 'desc';
  const key = (issue: GithubIssue): string | number =>
    sort === 'updated'
      ? issue.updatedAt
      : sort === 'comments'
        ? ctx.data.comments.filter((c) => c.repoId === repo.id && c.issueNumber === issue.number).length
        : issue.createdAt;
  const issues = ctx.data.issues
    .filter((issue) => issue.repoId === repo.id)
    .filter((issue) => state === 'all' || issue.state === state)
    // "last updated after the given time": strictly after, as the parameter's description reads.
    .filter((issue) => since === null || Date.parse(issue.updatedAt) > since)
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = typeof x === 'number' ? x - (y as number) : x.localeCompare(y as string);
      return (order || a.number - b.number) * (direction === 'asc' ? 1 : -1);
    });
  const page = paginate(ctx.url, issues);
  return {
    status: 200,
    body: page.items.map((issue) => issueRepresentation(ctx.data, repo, issue)),
    headers: page.link ? { link: page.link } : {},
  };
}
