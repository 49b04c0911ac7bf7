/** OAuth App scopes (docs "Scopes for OAuth apps"), with the wording GitHub's consent screen uses. */
export const GITHUB_SCOPES: Readonly<Record<string, string>> = {
  repo: 'Full control of private repositories',
  'repo:status': 'Access commit status',
  repo_deployment: 'Access deployment status',
  public_repo: 'Access public repositories',
  'repo:invite': 'Access repository invitations',
  security_events: 'Read and write security events',
  'admin:repo_hook': 'Full control of repository hooks',
  'write:repo_hook': 'Write repository hooks',
  'read:repo_hook': 'Read repository hooks',
  'admin:org': 'Full control of orgs and teams, read and write org projects',
  'write:org': 'Read and write org and team membership, read and write org projects',
  'read:org': 'Read org and team membership, read org projects',
  'admin:org_hook': 'Full control of organization hooks',
  gist: 'Create gists',
  notifications: 'Access notifications',
  user: 'Update ALL user data',
  'read:user': 'Read ALL user profile data',
  'user:email': 'Access user email addresses (read-only)',
  'user:follow': 'Follow and unfollow users',
  project: 'Full control of projects',
  'read:project': 'Read access of projects',
  delete_repo: 'Delete repositories',
  workflow: 'Update GitHub Action workflows',
  'write:discussion': 'Read and write team discussions',
  'read:discussion': 'Read team discussions',
};

/**
 * Scopes from the authorize URL: space-separated as documented (commas are accepted too). Unknown scope
 * names are dropped, as GitHub ignores them. GitHub App user tokens carry no scopes at all.
 */
export function parseScopes(raw: string | null): string[] {
  const names = (raw ?? '').split(/[\s,]+/).filter((name) => name in GITHUB_SCOPES);
  return [...new Set(names)];
}
