/**
 * GitHub's data as the sandbox keeps it: plain JSON records (so `exportState` is a deep copy), turned into
 * GitHub's REST representations by `representations.ts`.
 */

export type RepoPermission = 'admin' | 'push' | 'pull';

export type GithubAccount = {
  id: number;
  login: string;
  type: 'User' | 'Organization';
  name: string;
  email: string | null;
  createdAt: string;
};

export type GithubOrg = GithubAccount & {
  type: 'Organization';
  /** Org membership; membership alone grants no access to private repos (base permission "No permission"). */
  members: Record<string, 'admin' | 'member'>;
};

export type GithubLabel = {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
};

export type GithubRepo = {
  id: number;
  owner: string;
  name: string;
  description: string | null;
  private: boolean;
  hasIssues: boolean;
  /** Explicit access per user login (owners, org admins and collaborators); public repos add `pull` for all. */
  permissions: Record<string, RepoPermission>;
  labels: GithubLabel[];
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
};

export type GithubIssue = {
  id: number;
  repoId: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  /** GitHub issues and pull requests share one numbering and are both returned by issue search. */
  isPullRequest: boolean;
  author: string;
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /**
   * Why a closed issue was closed (`state_reason`: completed, not_planned, duplicate; reopened for a reopened
   * one). Unset: `completed` when closed, as the REST `issue` schema's enum allows; pull requests carry null.
   */
  stateReason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  /** Pull requests: when merged (`pull_request.merged_at`), null while unmerged or closed without merging. */
  mergedAt?: string | null;
};

export type GithubComment = {
  id: number;
  repoId: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
};

export type GithubData = {
  users: GithubAccount[];
  orgs: GithubOrg[];
  repos: GithubRepo[];
  issues: GithubIssue[];
  comments: GithubComment[];
  /** Next id for created issues, comments and labels (GitHub ids are global per object type). */
  nextId: number;
};

/** GitHub timestamps are ISO 8601 in UTC without milliseconds (`2011-04-14T16:00:49Z`). */
export function githubTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function repoFullName(repo: GithubRepo): string {
  return `${repo.owner}/${repo.name}`;
}

/** The access a user has to a repo, or `undefined` when the repo is invisible to them. */
export function permissionOf(repo: GithubRepo, login: string | undefined): RepoPermission | undefined {
  const explicit = login === undefined ? undefined : repo.permissions[login];
  if (explicit) return explicit;
  return repo.private ? undefined : 'pull';
}

export function canPush(permission: RepoPermission | undefined): boolean {
  return permission === 'admin' || permission === 'push';
}
