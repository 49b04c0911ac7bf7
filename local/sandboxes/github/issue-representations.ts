import type { GithubComment, GithubData, GithubIssue, GithubRepo } from './model.ts';
import { repoFullName } from './model.ts';
import { API, findAccount, nodeId, toLabel, toSimpleUser, WEB } from './representations.ts';

function userOrGhost(data: GithubData, login: string): Record<string, unknown> | null {
  const account = findAccount(data, login);
  return account ? toSimpleUser(account) : null;
}

/** `issue` (also the shape of `issue-search-result-item`, which adds `score`). */
export function issueRepresentation(
  data: GithubData,
  repo: GithubRepo,
  issue: GithubIssue,
): Record<string, unknown> {
  const full = repoFullName(repo);
  const url = `${API}/repos/${full}/issues/${issue.number}`;
  const assignees = issue.assignees.map((login) => userOrGhost(data, login)).filter(Boolean);
  return {
    url,
    repository_url: `${API}/repos/${full}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${full}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: nodeId(issue.isPullRequest ? 'PullRequest' : 'Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: userOrGhost(data, issue.author),
    labels: issue.labels.flatMap((name) => {
      const label = repo.labels.find((candidate) => candidate.name === name);
      return label ? [toLabel(repo, label)] : [];
    }),
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: data.comments.filter((c) => c.repoId === repo.id && c.issueNumber === issue.number).length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(repo, issue.author),
    active_lock_reason: null,
    ...(issue.isPullRequest
      ? {
          draft: false,
          pull_request: {
            url: `${API}/repos/${full}/pulls/${issue.number}`,
            html_url: `${WEB}/${full}/pull/${issue.number}`,
            diff_url: `${WEB}/${full}/pull/${issue.number}.diff`,
            patch_url: `${WEB}/${full}/pull/${issue.number}.patch`,
            merged_at: issue.mergedAt ?? null,
          },
        }
      : {}),
    body: issue.body,
    closed_by: null,
    reactions: { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0 },
    timeline_url: `${url}/timeline`,
    // `state_reason` enum in GitHub's `issue` schema (api.github.com.json): completed, reopened, not_planned,
    // duplicate; pull requests carry null (they close as merged or not, `pull_request.merged_at`).
    state_reason:
      issue.stateReason !== undefined
        ? issue.stateReason
        : issue.state === 'closed' && !issue.isPullRequest
          ? 'completed'
          : null,
  };
}

export function commentRepresentation(
  data: GithubData,
  repo: GithubRepo,
  comment: GithubComment,
): Record<string, unknown> {
  const full = repoFullName(repo);
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${API}/repos/${full}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${full}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userOrGhost(data, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${API}/repos/${full}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(repo, comment.author),
  };
}

function authorAssociation(repo: GithubRepo, login: string): string {
  if (repo.owner === login) return 'OWNER';
  return repo.permissions[login] ? 'COLLABORATOR' : 'NONE';
}
