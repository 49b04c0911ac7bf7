import { z } from 'zod';
import { githubRequest, githubUrl } from '../../../src/providers/github/github.client.ts';
import { listRepositories, searchIssues } from '../../../src/providers/github/github.issues.ts';
import {
  type Check,
  call,
  headroom,
  identityChecks,
  type ProbeContext,
  scopesCheck,
  shapeCheck,
  splitScopes,
} from '../probe-kit.ts';

type User = { login: string; id: number; name: string | null };

// The fields the app reads (src/providers/github/*, src/functions/connections/github-on-connect.ts).
const userShape = z.object({ login: z.string(), id: z.number(), name: z.string().nullable() });
const repositoriesShape = z.array(
  z.object({
    full_name: z.string(),
    private: z.boolean(),
    html_url: z.string(),
    description: z.string().nullable(),
  }),
);
const searchShape = z.object({
  total_count: z.number(),
  items: z.array(
    z.object({
      number: z.number(),
      title: z.string(),
      state: z.string(),
      html_url: z.string(),
      user: z.object({ login: z.string() }).optional(),
      repository_url: z.string().optional(),
      updated_at: z.string().optional(),
    }),
  ),
});

/**
 * GitHub: `X-OAuth-Scopes` lists the scopes an OAuth app token has, and users may grant less than requested
 * (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps); `x-ratelimit-*`
 * on every REST answer (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
 * REST has no endpoint that deletes an issue (https://docs.github.com/en/rest/issues/issues); GraphQL's
 * `deleteIssue` needs admin rights on the repository.
 */
export const probeGithub = async (ctx: ProbeContext): Promise<Check[]> => {
  const { session } = ctx;
  const identity = await call(
    ctx,
    'asking GitHub who the token belongs to (GET /user)',
    async () =>
      (
        await githubRequest<User>(session, {
          operation: 'identify the account',
          method: 'GET',
          url: githubUrl(['user']),
        })
      ).body,
  );
  const { checks, goOn } = identityChecks(identity, 'api.github.com', (value) => {
    const user = value as User;
    return user.name ? `${user.login} (${user.name})` : user.login;
  });
  if (!goOn) return checks;
  const headers = identity.exchange?.headers;
  const header = headers?.get('x-oauth-scopes') ?? null;
  checks.push(
    header === null
      ? scopesCheck(ctx.requestedScopes, session.connection.scopes, 'no X-OAuth-Scopes header; stored scopes')
      : scopesCheck(ctx.requestedScopes, splitScopes(header), 'X-OAuth-Scopes'),
  );
  checks.push(
    headroom(
      `${headers?.get('x-ratelimit-resource') ?? 'core'} requests this hour`,
      headers?.get('x-ratelimit-remaining') ?? null,
      headers?.get('x-ratelimit-limit') ?? null,
    ) ?? { check: 'rate limit', status: 'warn', detail: 'GitHub sent no x-ratelimit headers' },
  );
  checks.push(shapeCheck('user', userShape, identity));
  checks.push(
    shapeCheck(
      'repositories',
      repositoriesShape,
      await call(ctx, 'listing repositories', () => listRepositories(session, 1)),
    ),
  );
  const login = identity.ok ? (identity.value as User).login : '';
  checks.push(
    shapeCheck(
      'issue search',
      searchShape,
      await call(ctx, 'searching issues', () =>
        searchIssues(session, { query: `is:issue involves:${login}`, limit: 1 }),
      ),
    ),
  );
  if (ctx.write) {
    checks.push({
      check: 'write: issue',
      status: 'skip',
      detail:
        'not written: GitHub has no way for an OAuth app to delete an issue (REST has no delete; GraphQL deleteIssue needs repository admin), and a deleted comment has already notified subscribers',
    });
  }
  return checks;
};
