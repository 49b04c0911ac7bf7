import {
  type ApiContext,
  type ApiResult,
  apiError,
  canReadPrivate,
  validationFailed,
} from './api-context.ts';
import { type GithubRepo, repoFullName } from './model.ts';
import { paginate } from './pagination.ts';
import { findAccount, toPrivateUser, toRepo } from './representations.ts';

const USER_DOCS = 'https://docs.github.com/rest/users/users#get-the-authenticated-user';
const REPOS_DOCS = 'https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user';

/** `GET /user` (`users/get-authenticated`). */
export function getAuthenticatedUser(ctx: ApiContext): ApiResult {
  const user = ctx.viewer && findAccount(ctx.data, ctx.viewer.login);
  if (!user) return apiError(401, 'Requires authentication', USER_DOCS);
  return { status: 200, body: toPrivateUser(ctx.data, user) };
}

type Affiliation = 'owner' | 'collaborator' | 'organization_member';

function affiliationOf(ctx: ApiContext, repo: GithubRepo, login: string): Affiliation | undefined {
  if (repo.owner === login) return 'owner';
  if (!repo.permissions[login]) return undefined;
  const org = ctx.data.orgs.find((candidate) => candidate.login === repo.owner);
  return org?.members[login] ? 'organization_member' : 'collaborator';
}

const TYPE_TO_FILTER: Record<string, { affiliation: Affiliation[]; visibility: string }> = {
  all: { affiliation: ['owner', 'collaborator', 'organization_member'], visibility: 'all' },
  owner: { affiliation: ['owner'], visibility: 'all' },
  public: { affiliation: ['owner', 'collaborator', 'organization_member'], visibility: 'public' },
  private: { affiliation: ['owner', 'collaborator', 'organization_member'], visibility: 'private' },
  member: { affiliation: ['collaborator', 'organization_member'], visibility: 'all' },
};

/**
 * `GET /user/repos` (`repos/list-for-authenticated-user`). Without the `repo` scope an OAuth App token only
 * lists public repositories. `type` together with `visibility` or `affiliation` is a 422, as documented.
 */
export function listUserRepos(ctx: ApiContext): ApiResult {
  const viewer = ctx.viewer;
  if (!viewer) return apiError(401, 'Requires authentication', REPOS_DOCS);
  const query = ctx.url.searchParams;
  const type = query.get('type');
  if (type !== null && (query.has('visibility') || query.has('affiliation'))) {
    return validationFailed(
      [
        {
          resource: 'Repository',
          field: 'type',
          code: 'invalid',
          message: 'type cannot be used with visibility or affiliation',
        },
      ],
      REPOS_DOCS,
    );
  }
  const byType = type === null ? undefined : TYPE_TO_FILTER[type];
  if (type !== null && !byType)
    return validationFailed([{ resource: 'Repository', field: 'type', code: 'invalid' }], REPOS_DOCS);
  const visibility = byType?.visibility ?? query.get('visibility') ?? 'all';
  const affiliations =
    byType?.affiliation ??
    (query.get('affiliation') ?? 'owner,collaborator,organization_member')
      .split(',')
      .map((part) => part.trim());
  if (!['all', 'public', 'private'].includes(visibility)) {
    return validationFailed([{ resource: 'Repository', field: 'visibility', code: 'invalid' }], REPOS_DOCS);
  }
  const repos = ctx.data.repos.filter((repo) => {
    const affiliation = affiliationOf(ctx, repo, viewer.login);
    if (!affiliation || !affiliations.includes(affiliation)) return false;
    if (repo.private && !canReadPrivate(viewer)) return false;
    return visibility === 'all' || (visibility === 'private') === repo.private;
  });
  const sort = query.get('sort') ?? 'full_name';
  const direction = query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  const key = (repo: GithubRepo): string =>
    sort === 'created'
      ? repo.createdAt
      : sort === 'updated'
        ? repo.updatedAt
        : sort === 'pushed'
          ? repo.pushedAt
          : repoFullName(repo).toLowerCase();
  repos.sort((a, b) => key(a).localeCompare(key(b)) * (direction === 'asc' ? 1 : -1));
  const page = paginate(ctx.url, repos);
  return {
    status: 200,
    body: page.items.map((repo) => toRepo(ctx.data, repo, viewer.login)),
    headers: page.link ? { link: page.link } : {},
  };
}
