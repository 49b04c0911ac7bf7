import { type ApiContext, type ApiResult, apiError } from './api-context.ts';
import { paginate } from './pagination.ts';
import { findAccount, toSimpleUser } from './representations.ts';

const INSTALLATIONS_DOCS =
  'https://docs.github.com/rest/apps/installations#list-app-installations-accessible-to-the-user-access-token';

/** `GET /rate_limit` (`rate-limit/get`): the caller's windows; this call itself does not count. */
export function getRateLimit(ctx: ApiContext): ApiResult {
  const describe = (resource: 'core' | 'search') => {
    const window = ctx.rateLimit(resource);
    return {
      limit: window.limit,
      used: window.used,
      remaining: Math.max(0, window.limit - window.used),
      reset: window.resetAt,
    };
  };
  const core = describe('core');
  return { status: 200, body: { resources: { core, search: describe('search') }, rate: core } };
}

/** The sandbox's GitHub App is installed on the `acme-robotics` org with issues write access to all repos. */
const INSTALLATION_ID = 51234567;

/**
 * `GET /user/installations` (`apps/list-installations-for-authenticated-user`): only GitHub App user tokens
 * may call it; an OAuth App token gets 403.
 */
export function listUserInstallations(ctx: ApiContext): ApiResult {
  if (!ctx.viewer) return apiError(401, 'Requires authentication', INSTALLATIONS_DOCS);
  if (ctx.viewer.kind !== 'github-app') {
    return apiError(
      403,
      'You must authenticate with an access token authorized to a GitHub App in order to list installations',
      INSTALLATIONS_DOCS,
    );
  }
  const login = ctx.viewer.login;
  const orgs = ctx.data.orgs.filter((org) => org.members[login]);
  const installations = orgs.map((org, index) => ({
    id: INSTALLATION_ID + index,
    account: toSimpleUser(findAccount(ctx.data, org.login)!),
    repository_selection: 'all',
    access_tokens_url: `https://api.github.com/app/installations/${INSTALLATION_ID + index}/access_tokens`,
    repositories_url: 'https://api.github.com/installation/repositories',
    html_url: `https://github.com/organizations/${org.login}/settings/installations/${INSTALLATION_ID + index}`,
    app_id: 1012345,
    app_slug: 'twenty-connect',
    target_id: org.id,
    target_type: 'Organization',
    permissions: { issues: 'write', metadata: 'read', members: 'read' },
    events: [],
    created_at: org.createdAt,
    updated_at: org.createdAt,
    single_file_name: null,
    suspended_at: null,
  }));
  const page = paginate(ctx.url, installations);
  return {
    status: 200,
    body: { total_count: installations.length, installations: page.items },
    headers: page.link ? { link: page.link } : {},
  };
}
