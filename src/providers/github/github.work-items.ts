import { AppError } from '../../core/app-error';
import type { StatusCategory, WorkItemFields } from '../../core/crm';
import type { Classifier } from '../../core/http';
import { describeConnection } from '../../core/identity';
import type { Session } from '../../core/session';
import { githubRequest, githubUrl } from './github.client';
import { classifyGithub } from './github.errors';

export type GitHubReference = { owner: string; repo: string; number: number };

/**
 * The `issue` fields we read (GitHub's OpenAPI, api.github.com.json `components.schemas.issue`): `state` open |
 * closed; `state_reason` completed | reopened | not_planned | duplicate | null; `pull_request` present on pull
 * requests, with `merged_at` (null unless merged); `repository` is declared but not required, so it may be absent.
 */
export type IssueBody = {
  number: number;
  title: string;
  state: string;
  state_reason?: string | null;
  html_url: string;
  repository_url?: string;
  assignees?: { login: string }[] | null;
  updated_at?: string;
  pull_request?: { merged_at?: string | null };
  repository?: { private?: boolean; visibility?: string };
};

// Logins: letters, digits and hyphens, at most 39, not starting with a hyphen (GitHub's sign-up rules); Enterprise
// Managed Users add `_<shortcode>`. Repositories: "ASCII letters, digits, and the characters ., - and _", at most
// 100 (docs.github.com → Repository limits → Repository name). Nothing else can reach a URL path.
const OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:_[A-Za-z0-9]+)?$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const NUMBER = /^[1-9]\d{0,9}$/;
const SHORT = /^([^/#\s]+)\/([^/#\s]+)#(\d+)$/;

const checked = (owner?: string, repo?: string, number?: string): GitHubReference | null =>
  owner &&
  repo &&
  number &&
  OWNER.test(owner) &&
  REPO.test(repo) &&
  !/^\.\.?$/.test(repo) &&
  NUMBER.test(number)
    ? { owner, repo, number: Number(number) }
    : null;

/** `https://github.com/o/r/issues/12`, `…/pull/12` (query or `#fragment` ignored) or `o/r#12`; else null. */
export const parseGitHubReference = (text: string): GitHubReference | null => {
  const input = text.trim();
  const short = SHORT.exec(input);
  if (short) return checked(short[1], short[2], short[3]);
  // URL parsing resolves `.`/`..` segments (`o/../r/x/issues/1` would become r/x#1): refuse them as written.
  if (/\/\.{1,2}(?:\/|$)|%2e/i.test(input.split(/[?#]/)[0] ?? '')) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.port || url.username || url.password) return null;
  if (url.hostname !== 'github.com' && url.hostname !== 'www.github.com') return null;
  const [owner, repo, kind, number, ...rest] = url.pathname.replace(/\/$/, '').split('/').slice(1);
  if (rest.length > 0 || (kind !== 'issues' && kind !== 'pull')) return null;
  return checked(owner, repo, number);
};

const nameOf = (ref: GitHubReference) => `${ref.owner}/${ref.repo}#${ref.number}`;

/**
 * open → OPEN. Pull requests: merged (`pull_request.merged_at`) → DONE, closed unmerged → CANCELED. Issues closed
 * as not_planned or duplicate → CANCELED; completed → DONE, and so is a closed issue without a reason (closed
 * before GitHub recorded reasons, or "reopened" left over: our reading, GitHub names no other outcome).
 */
export const githubStatusOf = (issue: Pick<IssueBody, 'state' | 'state_reason' | 'pull_request'>) => {
  const of = (status: string, statusCategory: StatusCategory) => ({ status, statusCategory });
  if (issue.state === 'open') return of('open', 'OPEN');
  if (issue.pull_request)
    return issue.pull_request.merged_at ? of('merged', 'DONE') : of('closed', 'CANCELED');
  const canceled = issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate';
  return of('closed', canceled ? 'CANCELED' : 'DONE');
};

/** The work item an `issue` answer describes, named by the reference it was read by. */
export const githubItemOf = (ref: GitHubReference, issue: IssueBody, etag: string | null): WorkItemFields => {
  // GitHub's spelling of the repository when the answer is about the one we asked for (the API's own URL field,
  // as search results use it); a transferred issue keeps the name it was linked by, so its id stays stable.
  const spelled = issue.repository_url?.split('/repos/')[1];
  const repository =
    spelled?.toLowerCase() === `${ref.owner}/${ref.repo}`.toLowerCase()
      ? spelled
      : `${ref.owner}/${ref.repo}`;
  const assignees = (issue.assignees ?? []).map((user) => user.login);
  return {
    provider: 'github',
    upstreamId: nameOf(ref).toLowerCase(),
    identifier: `${repository}#${issue.number}`,
    title: issue.title,
    url: issue.html_url,
    ...githubStatusOf(issue),
    assignee: assignees.length > 0 ? assignees.join(', ') : null,
    upstreamUpdatedAt: issue.updated_at ?? null,
    etag,
  };
};

/**
 * Reading one issue: 404 is what GitHub answers both for nothing there and for a private repository the token
 * cannot see ("Troubleshooting the REST API"), so the message names the connection; 410 is an issue deleted
 * from a repository the caller can read (the `issues/get` description).
 */
const classifyRead =
  (session: Session, ref: GitHubReference): Classifier =>
  (response, body) => {
    if (response.status === 404) {
      return {
        code: 'NOT_FOUND',
        message: `GitHub has no ${nameOf(ref)} that the connection ${describeConnection(session.label)} can see: it does not exist, or it is in a private repository this GitHub account has no access to (GitHub answers 404 for both).`,
      };
    }
    if (response.status === 410)
      return { code: 'NOT_FOUND', message: `${nameOf(ref)} was deleted on GitHub.` };
    return classifyGithub(response, body);
  };

const readIssue = (session: Session, ref: GitHubReference, etag?: string | null) =>
  githubRequest<IssueBody>(session, {
    operation: `read ${nameOf(ref)}`,
    method: 'GET',
    // The issues endpoint serves pull requests too (the `issues/get` description), so one request covers both.
    url: githubUrl(['repos', ref.owner, ref.repo, 'issues', ref.number]),
    ifNoneMatch: etag,
    classify: classifyRead(session, ref),
  });

/**
 * The issue or pull request as the session's connection sees it, and whether its repository is private
 * (`restricted`): read from the issue's `repository` when GitHub includes it, else from `GET /repos/{owner}/{repo}`
 * (`full-repository.private` is required there; `visibility` "internal" is not public either). `NOT_FOUND` when
 * this connection cannot see it.
 */
export const resolveGitHubItem = async (
  session: Session,
  ref: GitHubReference,
): Promise<WorkItemFields & { restricted: boolean }> => {
  const { body, etag } = await readIssue(session, ref);
  let repository = body.repository;
  if (typeof repository?.private !== 'boolean') {
    repository = (
      await githubRequest<{ private: boolean; visibility?: string }>(session, {
        operation: `read ${ref.owner}/${ref.repo}`,
        method: 'GET',
        url: githubUrl(['repos', ref.owner, ref.repo]),
      })
    ).body;
  }
  const restricted =
    repository.private === true ||
    (repository.visibility !== undefined && repository.visibility !== 'public');
  return { ...githubItemOf(ref, body, etag), restricted };
};

/**
 * Re-reads a linked item with `If-None-Match: <etag>`: GitHub answers 304 when nothing changed, and "making a
 * conditional request does not count against your primary rate limit if a 304 response is returned and the
 * request was made while correctly authorized" (docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate;
 * `issues/get` documents 304). 404/410: gone, or no longer visible to this connection.
 */
export const refreshGitHubItem = async (
  session: Session,
  stored: { upstreamId: string; etag?: string | null },
): Promise<{ notModified: true } | { item: WorkItemFields } | { gone: true }> => {
  const ref = parseGitHubReference(stored.upstreamId);
  if (!ref) throw new AppError('INVALID_INPUT', `"${stored.upstreamId}" is not a GitHub owner/repo#number.`);
  try {
    const answer = await readIssue(session, ref, stored.etag);
    if (answer.status === 304) return { notModified: true };
    return { item: githubItemOf(ref, answer.body, answer.etag) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return { gone: true };
    throw error;
  }
};
