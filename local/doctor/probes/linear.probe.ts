import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isAppError } from '../../../src/core/app-error.ts';
import {
  type LinearViewer,
  linearGraphql,
  VIEWER_QUERY,
} from '../../../src/providers/linear/linear.client.ts';
import { createIssue, listTeams, recentIssues } from '../../../src/providers/linear/linear.issues.ts';
import {
  type Check,
  call,
  headroom,
  identityChecks,
  messageOf,
  type ProbeContext,
  scopesCheck,
  shapeCheck,
} from '../probe-kit.ts';

// The fields the app reads (src/providers/linear/*), as they arrive: `{ data: … }`.
const viewerShape = z.object({
  data: z.object({
    viewer: z.object({ id: z.string(), name: z.string(), displayName: z.string(), email: z.string() }),
    organization: z.object({ id: z.string(), name: z.string(), urlKey: z.string() }),
  }),
});
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const teamsShape = z.object({
  data: z.object({
    teams: z.object({
      nodes: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
      pageInfo,
    }),
  }),
});
const issueShape = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  url: z.string(),
  priority: z.number(),
  updatedAt: z.string(),
  state: z.object({ name: z.string(), type: z.string() }).nullable(),
  assignee: z.object({ name: z.string() }).nullable(),
  team: z.object({ key: z.string() }).nullable(),
});
const issuesShape = z.object({
  data: z.object({ issues: z.object({ nodes: z.array(issueShape), pageInfo }) }),
});

/**
 * Linear: issueDelete moves an issue to the trash (deleted for good after 30 days); `permanentlyDelete` is for
 * admins only (vendor/contracts/linear/schema.graphql, Mutation.issueDelete).
 */
const DELETE_ISSUE =
  'mutation TwentyConnectDoctorDeleteIssue($id: String!) { issueDelete(id: $id) { success } }';

/**
 * Linear keeps no scope header: the granted scopes are the ones its token endpoint returned, stored with the
 * connection (https://linear.app/developers/oauth-2-0-authentication). Rate limits: X-RateLimit-Requests-* and
 * X-RateLimit-Complexity-* on every answer (https://linear.app/developers/rate-limiting).
 */
export const probeLinear = async (ctx: ProbeContext): Promise<Check[]> => {
  const { session } = ctx;
  const identity = await call(ctx, 'asking Linear who the token belongs to (viewer, organization)', () =>
    linearGraphql<LinearViewer>(session, {
      operation: 'identify the account',
      query: VIEWER_QUERY,
      idempotent: true,
    }),
  );
  const { checks, goOn } = identityChecks(identity, 'api.linear.app', (value) => {
    const { viewer, organization } = value as LinearViewer;
    return `${viewer.name} (${viewer.email}) · ${organization.name}`;
  });
  if (!goOn) return checks;
  checks.push(
    scopesCheck(ctx.requestedScopes, session.connection.scopes, "stored from Linear's token response"),
  );
  const headers = identity.exchange?.headers;
  const limits = [
    headroom(
      'requests',
      headers?.get('x-ratelimit-requests-remaining') ?? null,
      headers?.get('x-ratelimit-requests-limit') ?? null,
    ),
    headroom(
      'complexity',
      headers?.get('x-ratelimit-complexity-remaining') ?? null,
      headers?.get('x-ratelimit-complexity-limit') ?? null,
    ),
  ].filter((check): check is Check => check !== null);
  checks.push(
    ...(limits.length
      ? limits
      : [{ check: 'rate limit', status: 'warn' as const, detail: 'Linear sent no X-RateLimit headers' }]),
  );
  checks.push(shapeCheck('viewer', viewerShape, identity));
  const teams = await call(ctx, 'listing teams', () => listTeams(session, 5));
  checks.push(shapeCheck('teams', teamsShape, teams));
  const keys = teams.ok ? teams.value.map((team) => team.key) : [];
  if (keys.length > 0) {
    const issues = await call(ctx, 'reading the latest issue', () =>
      recentIssues(session, { teamKeys: keys, since: new Date(Date.now() - 365 * 86_400_000), limit: 1 }),
    );
    checks.push(shapeCheck('issues', issuesShape, issues));
  }
  if (ctx.write) checks.push(await writeCheck(ctx, teams.ok ? teams.value : []));
  return checks;
};

const writeCheck = async (ctx: ProbeContext, teams: { id: string; key: string }[]): Promise<Check> => {
  const check = 'write: issue';
  const { session } = ctx;
  const wanted = ctx.write?.linearTeam?.toUpperCase();
  const team = wanted ? teams.find((t) => t.key === wanted) : teams[0];
  if (!team)
    return { check, status: 'skip', detail: wanted ? `no team ${wanted} is visible` : 'no team is visible' };
  // Ask Linear to delete an issue that does not exist: "not found" proves the mutation is there for this token
  // before anything is created, so a Linear that cannot delete is never left with a test issue.
  const probe = await call(ctx, 'checking that issues can be deleted (unknown id)', () =>
    linearGraphql(session, {
      operation: 'check issue deletion',
      query: DELETE_ISSUE,
      variables: { id: randomUUID() },
      idempotent: true,
    }),
  );
  if (!probe.ok && !(isAppError(probe.error) && probe.error.code === 'NOT_FOUND')) {
    return {
      check,
      status: 'skip',
      detail: `not written: this Linear cannot delete issues for the token (${messageOf(probe.error)}), so nothing was created`,
    };
  }
  const created = await call(ctx, `creating a test issue in ${team.key}`, () =>
    createIssue(session, { teamId: team.id, title: 'twenty-connect doctor check (deleted right away)' }),
  );
  if (!created.ok)
    return {
      check,
      status: 'fail',
      detail: `could not create an issue in ${team.key}: ${messageOf(created.error)}`,
    };
  const removed = await call(ctx, `deleting ${created.value.identifier}`, () =>
    linearGraphql<{ issueDelete: { success: boolean } }>(session, {
      operation: 'delete the test issue',
      query: DELETE_ISSUE,
      variables: { id: created.value.id },
      idempotent: true,
    }),
  );
  if (!removed.ok || !removed.value.issueDelete.success) {
    return {
      check,
      status: 'fail',
      detail: `created ${created.value.identifier} but could not delete it (${removed.ok ? 'success: false' : messageOf(removed.error)}): delete it by hand at ${created.value.url}`,
    };
  }
  return {
    check,
    status: 'ok',
    detail: `created ${created.value.identifier} in ${team.key} and deleted it (in Linear's trash for 30 days)`,
  };
};
