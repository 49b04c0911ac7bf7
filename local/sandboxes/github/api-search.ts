import { type ApiContext, type ApiResult, canReadPrivate, validationFailed } from './api-context.ts';
import { issueRepresentation } from './issue-representations.ts';
import { type GithubIssue, type GithubRepo, permissionOf, repoFullName } from './model.ts';
import { paginate, readPaging } from './pagination.ts';
import { type IssueQuery, parseIssueQuery } from './search-query.ts';

const DOCS = 'https://docs.github.com/rest/search/search#search-issues-and-pull-requests';
/** GitHub search returns at most 1,000 results per query. */
const MAX_RESULTS = 1000;

function matches(ctx: ApiContext, query: IssueQuery, repo: GithubRepo, issue: GithubIssue): boolean {
  if (query.repos.length > 0 && !query.repos.includes(repoFullName(repo).toLowerCase())) return false;
  if (query.owners.length > 0 && !query.owners.includes(repo.owner.toLowerCase())) return false;
  if (query.kind && (query.kind === 'pr') !== issue.isPullRequest) return false;
  if (query.state && query.state !== issue.state) return false;
  if (query.authors.length > 0 && !query.authors.includes(issue.author.toLowerCase())) return false;
  const assignees = issue.assignees.map((login) => login.toLowerCase());
  if (query.assignees.some((login) => !assignees.includes(login))) return false;
  const labels = issue.labels.map((label) => label.toLowerCase());
  if (query.labels.some((label) => !labels.includes(label))) return false;
  const haystack = [
    query.in.has('title') ? issue.title : '',
    query.in.has('body') ? (issue.body ?? '') : '',
    ...(query.in.has('comments')
      ? ctx.data.comments
          .filter((c) => c.repoId === repo.id && c.issueNumber === issue.number)
          .map((c) => c.body)
      : []),
  ]
    .join('\n')
    .toLowerCase();
  return query.terms.every((term) => haystack.includes(term));
}

/**
 * `GET /search/issues` (`search/issues-and-pull-requests`): `{total_count, incomplete_results, items}` over
 * the issues and pull requests the caller can see (private repos need the `repo` scope).
 */
export function searchIssues(ctx: ApiContext): ApiResult {
  const q = ctx.url.searchParams.get('q');
  if (q === null || q.trim() === '') {
    return validationFailed([{ resource: 'Search', field: 'q', code: 'missing' }], DOCS);
  }
  const query = parseIssueQuery(q);
  // Documented for GitHub App user tokens: mixing issues and pull requests in one query is refused.
  if (ctx.viewer?.kind === 'github-app' && !query.kind) {
    return validationFailed(
      [
        {
          resource: 'Search',
          field: 'q',
          code: 'invalid',
          message: "Query must include 'is:issue' or 'is:pull-request'",
        },
      ],
      DOCS,
    );
  }
  const visible = ctx.data.repos.filter(
    (repo) => permissionOf(repo, ctx.viewer?.login) && (!repo.private || canReadPrivate(ctx.viewer)),
  );
  const visibleNames = new Set(visible.map((repo) => repoFullName(repo).toLowerCase()));
  if (query.repos.some((name) => !visibleNames.has(name))) {
    return validationFailed(
      [
        {
          resource: 'Search',
          field: 'q',
          code: 'invalid',
          message:
            'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
        },
      ],
      DOCS,
    );
  }
  const { perPage, page } = readPaging(ctx.url);
  if ((page - 1) * perPage >= MAX_RESULTS) {
    return validationFailed(
      [
        {
          resource: 'Search',
          field: 'page',
          code: 'invalid',
          message: 'Only the first 1000 search results are available',
        },
      ],
      DOCS,
    );
  }
  const found = visible.flatMap((repo) =>
    ctx.data.issues
      .filter((issue) => issue.repoId === repo.id && matches(ctx, query, repo, issue))
      .map((issue) => ({ repo, issue })),
  );
  const sort = ctx.url.searchParams.get('sort');
  const ascending = ctx.url.searchParams.get('order') === 'asc';
  const key = ({ repo, issue }: { repo: GithubRepo; issue: GithubIssue }): string | number =>
    sort === 'updated'
      ? issue.updatedAt
      : sort === 'comments'
        ? ctx.data.comments.filter((c) => c.repoId === repo.id && c.issueNumber === issue.number).length
        : issue.createdAt;
  found.sort((a, b) => {
    const [left, right] = [key(a), key(b)];
    const order = left < right ? -1 : left > right ? 1 : b.issue.id - a.issue.id;
    return ascending ? order : -order;
  });
  const capped = found.slice(0, MAX_RESULTS);
  const paged = paginate(ctx.url, capped);
  return {
    status: 200,
    body: {
      total_count: found.length,
      incomplete_results: false,
      items: paged.items.map(({ repo, issue }) => ({
        ...issueRepresentation(ctx.data, repo, issue),
        score: 1,
      })),
    },
    headers: paged.link ? { link: paged.link } : {},
  };
}
