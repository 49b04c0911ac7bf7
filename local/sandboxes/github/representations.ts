import {
  type GithubAccount,
  type GithubData,
  type GithubLabel,
  type GithubRepo,
  permissionOf,
  repoFullName,
} from './model.ts';

export const API = 'https://api.github.com';
export const WEB = 'https://github.com';

/** GitHub's legacy global node ids: base64 of `<length of type>:<Type><id>` (`MDU6SXNzdWUx` = `05:Issue1`). */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

export function findAccount(data: GithubData, login: string): GithubAccount | undefined {
  const lower = login.toLowerCase();
  return [...data.users, ...data.orgs].find((account) => account.login.toLowerCase() === lower);
}

/** `simple-user` in GitHub's OpenAPI. */
export function toSimpleUser(account: GithubAccount): Record<string, unknown> {
  const url = `${API}/${account.type === 'User' ? 'users' : 'orgs'}/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url: `${API}/users/${account.login}`,
    html_url: `${WEB}/${account.login}`,
    followers_url: `${API}/users/${account.login}/followers`,
    following_url: `${API}/users/${account.login}/following{/other_user}`,
    gists_url: `${API}/users/${account.login}/gists{/gist_id}`,
    starred_url: `${API}/users/${account.login}/starred{/owner}{/repo}`,
    subscriptions_url: `${API}/users/${account.login}/subscriptions`,
    organizations_url: `${API}/users/${account.login}/orgs`,
    repos_url: account.type === 'User' ? `${API}/users/${account.login}/repos` : `${url}/repos`,
    events_url: `${API}/users/${account.login}/events{/privacy}`,
    received_events_url: `${API}/users/${account.login}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `private-user`: what `GET /user` returns to the user themself. */
export function toPrivateUser(data: GithubData, user: GithubAccount): Record<string, unknown> {
  const owned = data.repos.filter((repo) => repo.owner === user.login);
  return {
    ...toSimpleUser(user),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: user.email,
    public_repos: owned.filter((repo) => !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
    private_gists: 0,
    total_private_repos: owned.filter((repo) => repo.private).length,
    owned_private_repos: owned.filter((repo) => repo.private).length,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

/** `repository` as `GET /user/repos` lists it, with the viewer's `permissions`. */
export function toRepo(data: GithubData, repo: GithubRepo, viewer?: string): Record<string, unknown> {
  const full = repoFullName(repo);
  const base = `${API}/repos/${full}`;
  const owner = findAccount(data, repo.owner);
  const permission = permissionOf(repo, viewer);
  const openIssues = data.issues.filter((issue) => issue.repoId === repo.id && issue.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: owner ? toSimpleUser(owner) : null,
    html_url: `${WEB}/${full}`,
    description: repo.description,
    fork: false,
    url: base,
    issues_url: `${base}/issues{/number}`,
    issue_comment_url: `${base}/issues/comments{/number}`,
    labels_url: `${base}/labels{/name}`,
    pulls_url: `${base}/pulls{/number}`,
    comments_url: `${base}/comments{/number}`,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `${WEB}/${full}.git`,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    forks_count: 0,
    language: null,
    has_issues: repo.hasIssues,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    default_branch: 'main',
    visibility: repo.private ? 'private' : 'public',
    topics: [],
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    permissions: {
      admin: permission === 'admin',
      maintain: permission === 'admin',
      push: permission === 'admin' || permission === 'push',
      triage: permission === 'admin' || permission === 'push',
      pull: permission !== undefined,
    },
  };
}

export function toLabel(repo: GithubRepo, label: GithubLabel): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${API}/repos/${repoFullName(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}
