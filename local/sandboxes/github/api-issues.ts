import { isResult, writableIssuesRepo } from './access.ts';
import {
  type ApiContext,
  type ApiResult,
  apiError,
  type ValidationErrorItem,
  validationFailed,
} from './api-context.ts';
import { commentRepresentation, issueRepresentation } from './issue-representations.ts';
import { canPush, type GithubIssue, type GithubRepo, githubTime, repoFullName } from './model.ts';

const ISSUE_DOCS = 'https://docs.github.com/rest/issues/issues#create-an-issue';
const COMMENT_DOCS = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';

/** Label names from `labels` (strings or `{name}` objects), or the index of the first invalid entry. */
function readLabels(value: unknown): string[] | number {
  if (!Array.isArray(value)) return -1;
  const names: string[] = [];
  for (const [index, entry] of value.entries()) {
    const name = typeof entry === 'string' ? entry : (entry as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || name.trim() === '') return index;
    names.push(name);
  }
  return names;
}

/** Users who can be assigned: people with push access to the repo. */
function assignable(repo: GithubRepo, login: string): string | undefined {
  return Object.keys(repo.permissions).find(
    (candidate) => candidate.toLowerCase() === login.toLowerCase() && canPush(repo.permissions[candidate]),
  );
}

/**
 * `POST /repos/{owner}/{repo}/issues` (`issues/create`). Only people with push access can set assignees,
 * labels and milestone; for others GitHub silently drops them. Labels that do not exist yet are created, as
 * GitHub does; an assignee who cannot be assigned is a 422 with code `invalid`. The singular `assignee` was
 * removed in API version 2026-03-10.
 */
export function createIssue(ctx: ApiContext): ApiResult {
  const target = writableIssuesRepo(ctx, ISSUE_DOCS);
  if (isResult(target)) return target;
  const { repo, permission } = target;
  const { title, body, labels, milestone } = ctx.json;
  if (title === undefined || title === null || title === '') {
    return validationFailed([{ resource: 'Issue', field: 'title', code: 'missing_field' }], ISSUE_DOCS);
  }
  const errors: ValidationErrorItem[] = [];
  if (typeof title !== 'string' && typeof title !== 'number')
    errors.push({ resource: 'Issue', field: 'title', code: 'invalid' });
  if (body !== undefined && body !== null && typeof body !== 'string')
    errors.push({ resource: 'Issue', field: 'body', code: 'invalid' });
  const requested = [...(Array.isArray(ctx.json.assignees) ? ctx.json.assignees : [])];
  if (ctx.json.assignees !== undefined && !Array.isArray(ctx.json.assignees))
    errors.push({ resource: 'Issue', field: 'assignees', code: 'invalid' });
  if (ctx.apiVersion === '2022-11-28' && typeof ctx.json.assignee === 'string')
    requested.push(ctx.json.assignee);
  const labelNames = labels === undefined || labels === null ? [] : readLabels(labels);
  if (typeof labelNames === 'number') errors.push({ resource: 'Issue', field: 'labels', code: 'invalid' });
  const mayTriage = canPush(permission);
  const assignees: string[] = [];
  if (mayTriage) {
    for (const login of requested) {
      const found = typeof login === 'string' ? assignable(repo, login) : undefined;
      if (!found) errors.push({ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' });
      else if (!assignees.includes(found)) assignees.push(found);
    }
    if (milestone !== undefined && milestone !== null)
      errors.push({ value: milestone, resource: 'Issue', field: 'milestone', code: 'invalid' });
  }
  if (errors.length > 0) return validationFailed(errors, ISSUE_DOCS);
  const now = githubTime(ctx.now());
  const names =
    mayTriage && Array.isArray(labelNames) ? labelNames.map((name) => ensureLabel(ctx, repo, name)) : [];
  const issue: GithubIssue = {
    id: ctx.data.nextId++,
    repoId: repo.id,
    number: Math.max(0, ...ctx.data.issues.filter((i) => i.repoId === repo.id).map((i) => i.number)) + 1,
    title: String(title),
    body: typeof body === 'string' ? body : null,
    state: 'open',
    isPullRequest: false,
    author: ctx.viewer!.login,
    labels: [...new Set(names)],
    assignees,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  ctx.data.issues.push(issue);
  repo.updatedAt = now;
  return {
    status: 201,
    body: issueRepresentation(ctx.data, repo, issue),
    headers: { location: `https://api.github.com/repos/${repoFullName(repo)}/issues/${issue.number}` },
  };
}

/** The existing label's name (labels match case-insensitively) or a new label with GitHub's default colour. */
function ensureLabel(ctx: ApiContext, repo: GithubRepo, name: string): string {
  const existing = repo.labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
  if (existing) return existing.name;
  repo.labels.push({ id: ctx.data.nextId++, name, color: 'ededed', description: null, default: false });
  return name;
}

/** `POST /repos/{owner}/{repo}/issues/{issue_number}/comments` (`issues/create-comment`). */
export function createIssueComment(ctx: ApiContext): ApiResult {
  const target = writableIssuesRepo(ctx, COMMENT_DOCS);
  if (isResult(target)) return target;
  const { repo } = target;
  const number = /^\d+$/.test(ctx.params.issue_number ?? '') ? Number(ctx.params.issue_number) : Number.NaN;
  const issue = ctx.data.issues.find(
    (candidate) => candidate.repoId === repo.id && candidate.number === number,
  );
  if (!issue) return apiError(404, 'Not Found', COMMENT_DOCS);
  const { body } = ctx.json;
  if (body === undefined || body === null || body === '') {
    return validationFailed(
      [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }],
      COMMENT_DOCS,
    );
  }
  if (typeof body !== 'string')
    return validationFailed([{ resource: 'IssueComment', field: 'body', code: 'invalid' }], COMMENT_DOCS);
  const now = githubTime(ctx.now());
  const comment = {
    id: ctx.data.nextId++,
    repoId: repo.id,
    issueNumber: issue.number,
    body,
    author: ctx.viewer!.login,
    createdAt: now,
    updatedAt: now,
  };
  ctx.data.comments.push(comment);
  issue.updatedAt = now;
  return {
    status: 201,
    body: commentRepresentation(ctx.data, repo, comment),
    headers: { location: `https://api.github.com/repos/${repoFullName(repo)}/issues/comments/${comment.id}` },
  };
}
