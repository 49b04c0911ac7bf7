import { AppError } from '../../core/app-error';
import type { Session } from '../../core/session';
import { githubList, githubRequest, githubUrl } from './github.client';

export type GithubIssue = {
  number: number;
  title: string;
  state: string;
  html_url: string;
  user?: { login: string };
  repository_url?: string;
  updated_at?: string;
};
export type GithubRepository = {
  full_name: string;
  private: boolean;
  html_url: string;
  description: string | null;
};

const issueSummary = (issue: GithubIssue) => ({
  number: issue.number,
  title: issue.title,
  state: issue.state,
  url: issue.html_url,
  author: issue.user?.login,
  repository: issue.repository_url?.split('/repos/')[1],
  updatedAt: issue.updated_at,
});

export const listRepositories = async (session: Session, limit: number) =>
  (
    await githubList<GithubRepository>(
      session,
      'list repositories',
      githubUrl(['user', 'repos'], { per_page: Math.min(100, limit), sort: 'updated' }),
      limit,
    )
  ).map((repo) => ({
    name: repo.full_name,
    private: repo.private,
    url: repo.html_url,
    description: repo.description,
  }));

export const searchIssues = async (session: Session, input: { query: string; limit: number }) => {
  const { body } = await githubRequest<{ total_count: number; items: GithubIssue[] }>(session, {
    operation: 'search issues',
    method: 'GET',
    url: githubUrl(['search', 'issues'], { q: input.query, per_page: input.limit }),
  }).catch((error: unknown) => {
    // GitHub names its `q` parameter; the caller knows it as `query`.
    if (error instanceof AppError && error.fields?.includes('q')) {
      throw new AppError(error.code, error.message, { fields: ['query'] });
    }
    throw error;
  });
  return { total: body.total_count, issues: body.items.map(issueSummary) };
};

/** `owner/name` → the two path segments; anything else is rejected before a request is made. */
export const splitRepository = (repository: string): [string, string] =>
  repository.split('/') as [string, string];

export const createIssue = async (
  session: Session,
  input: { repository: string; title: string; body?: string; labels?: string[]; assignees?: string[] },
) => {
  const { repository, ...fields } = input;
  const { body } = await githubRequest<GithubIssue>(session, {
    operation: `create an issue in ${repository}`,
    method: 'POST',
    url: githubUrl(['repos', ...splitRepository(repository), 'issues']),
    body: fields,
  });
  return issueSummary(body);
};

export const addComment = async (
  session: Session,
  input: { repository: string; issueNumber: number; body: string },
) => {
  const { body } = await githubRequest<{ id: number; html_url: string }>(session, {
    operation: `comment on ${input.repository}#${input.issueNumber}`,
    method: 'POST',
    url: githubUrl(['repos', ...splitRepository(input.repository), 'issues', input.issueNumber, 'comments']),
    body: { body: input.body },
  });
  return { id: body.id, url: body.html_url };
};
