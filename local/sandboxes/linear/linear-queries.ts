import { canSeeTeam, findTeam, findVisibleIssue, issueIdentifier } from './linear-data.ts';
import { entityNotFound } from './linear-errors.ts';
import { matchesFilter, orderRecords, type PageArgs, paginate } from './linear-filter.ts';
import {
  commentView,
  connection,
  customerFilterFields,
  customerView,
  issueConnection,
  issueFilterFields,
  issueView,
  type LinearContext,
  needFilterFields,
  needView,
  organizationView,
  stateFilterFields,
  stateView,
  teamFilterFields,
  teamView,
  unlessArchived,
  userFilterFields,
  userView,
  visibleTeams,
} from './linear-graph-objects.ts';

type Args = Record<string, unknown> & { filter?: Record<string, unknown> | null; orderBy?: string | null };

/** Root `Query` fields the app uses. Anything else in the schema validates but resolves to nothing. */
export function queryRoot(ctx: LinearContext) {
  const { data } = ctx;
  return {
    viewer: () => userView(ctx, data.users.find((user) => user.id === ctx.viewerId)!),
    organization: () => organizationView(ctx),
    teams: (args: Args) =>
      connection(visibleTeams(ctx, data.teams), args, teamFilterFields, (team) => teamView(ctx, team)),
    team: (args: { id: string }) => {
      const team = findTeam(data, args.id);
      if (!team || !canSeeTeam(data, team.id, ctx.viewerId)) throw entityNotFound('Team');
      return teamView(ctx, team);
    },
    issues: (args: Args) => issueConnection(ctx, data.issues, args),
    // A private team's issue is "Entity not found" to a non-member: private teams are "only visible to their
    // members" (schema, Team.private). Linear's exact answer to a non-member is UNCONFIRMED.
    issue: (args: { id: string }) => {
      const issue = findVisibleIssue(data, args.id, ctx.viewerId);
      if (!issue) throw entityNotFound('Issue');
      return issueView(ctx, issue);
    },
    comment: (args: { id: string }) => {
      const comment = data.comments.find((candidate) => candidate.id === args.id);
      if (!comment) throw entityNotFound('Comment');
      return commentView(ctx, comment);
    },
    workflowStates: (args: Args) =>
      connection(data.states, args, { ...stateFilterFields, team: teamRelation(ctx) }, (state) =>
        stateView(ctx, state),
      ),
    workflowState: (args: { id: string }) => {
      const state = data.states.find((candidate) => candidate.id === args.id);
      if (!state) throw entityNotFound('WorkflowState');
      return stateView(ctx, state);
    },
    // Query.customers: "All customers in the workspace"; Query.customer: "by ID or slug"; Query.customerNeeds:
    // "All customer needs in the workspace" (schema). Needs on issues a viewer cannot see are left out.
    customers: (args: Args) =>
      connection(data.customers ?? [], args, customerFilterFields, (customer) => customerView(ctx, customer)),
    customer: (args: { id: string }) => {
      const customer = data.customers?.find((c) => c.id === args.id || c.id.slice(0, 8) === args.id);
      if (!customer) throw entityNotFound('Customer');
      return customerView(ctx, customer);
    },
    customerNeeds: (args: Args) =>
      connection(
        (data.customerNeeds ?? []).filter((need) => {
          const issue = data.issues.find((candidate) => candidate.id === need.issueId);
          return !issue || canSeeTeam(data, issue.teamId, ctx.viewerId);
        }),
        args,
        needFilterFields(ctx),
        (need) => needView(ctx, need),
      ),
    users: (args: Args) => connection(data.users, args, userFilterFields, (user) => userView(ctx, user)),
    user: (args: { id: string }) => {
      const user = data.users.find((candidate) => candidate.id === args.id);
      if (!user) throw entityNotFound('User');
      return userView(ctx, user);
    },
    // searchIssues (vendor/contracts/linear/schema.graphql, Query.searchIssues): "Supports optional issue filters",
    // so `filter` restricts; `teamId` is "UUID of a team to boost in search results. Results from this team are
    // ranked higher", so it reorders and never removes a match. "Results are ranked by relevance unless an
    // orderBy parameter is specified": the sandbox's relevance is newest first, with the boosted team ahead.
    searchIssues: (
      args: Args & {
        term: string;
        teamId?: string | null;
        includeComments?: boolean | null;
        includeArchived?: boolean | null;
      },
    ) => {
      const term = args.term.toLowerCase();
      const boosted = args.teamId ? findTeam(data, args.teamId) : undefined;
      // What Linear answers to an unknown team to boost is UNCONFIRMED; the sandbox refuses it.
      if (args.teamId && !boosted) throw entityNotFound('Team');
      const fields = issueFilterFields(data);
      const hits = unlessArchived(data.issues, args.includeArchived).filter((issue) => {
        if (!canSeeTeam(data, issue.teamId, ctx.viewerId)) return false;
        if (!matchesFilter(issue, args.filter, fields)) return false;
        const texts = [issue.title, issue.description ?? '', issueIdentifier(data, issue)];
        if (args.includeComments) {
          texts.push(...data.comments.filter((comment) => comment.issueId === issue.id).map((c) => c.body));
        }
        return texts.some((text) => text.toLowerCase().includes(term));
      });
      const ranked = orderRecords(hits, args.orderBy);
      const ordered =
        boosted && !args.orderBy
          ? [
              ...ranked.filter((i) => i.teamId === boosted.id),
              ...ranked.filter((i) => i.teamId !== boosted.id),
            ]
          : ranked;
      const page = paginate(ordered, args as PageArgs, (issue) => ({
        ...issueView(ctx, issue),
        metadata: {},
      }));
      return {
        ...page,
        totalCount: hits.length,
        archivePayload: { archive: '{}', databaseVersion: 1, includesDependencies: [], success: true },
      };
    },
  };
}

function teamRelation(ctx: LinearContext) {
  return {
    get: (record: { teamId: string }) => ctx.data.teams.find((team) => team.id === record.teamId),
    fields: teamFilterFields,
  };
}
