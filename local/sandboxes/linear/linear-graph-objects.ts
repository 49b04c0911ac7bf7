import {
  canSeeTeam,
  issueIdentifier,
  type LinearChange,
  type LinearComment,
  type LinearCustomer,
  type LinearCustomerNeed,
  type LinearData,
  type LinearIssue,
  type LinearTeam,
  type LinearUser,
  type LinearWorkflowState,
} from './linear-data.ts';
import { type FieldReader, matchesFilter, orderRecords, type PageArgs, paginate } from './linear-filter.ts';

/** What every resolver sees: the data, and who the token acts as. */
export type LinearContext = {
  data: LinearData;
  viewerId: string;
  scopes: string[];
  now: () => number;
  /** Told of each committed change (webhooks); absent where nothing listens. */
  emit?: (change: LinearChange) => void;
};

type ListArgs = PageArgs & { filter?: Record<string, unknown> | null; orderBy?: string | null };

const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const comparable = (name: string) => (record: Record<string, unknown>) => record[name];

export const userFilterFields: Record<string, FieldReader> = {
  id: comparable('id'),
  name: comparable('name'),
  displayName: comparable('displayName'),
  email: comparable('email'),
};
export const teamFilterFields: Record<string, FieldReader> = {
  id: comparable('id'),
  key: comparable('key'),
  name: comparable('name'),
};
export const stateFilterFields: Record<string, FieldReader> = {
  id: comparable('id'),
  name: comparable('name'),
  type: comparable('type'),
};

/** The `IssueFilter` fields the sandbox evaluates. */
export function issueFilterFields(data: LinearData): Record<string, FieldReader> {
  return {
    id: comparable('id'),
    title: comparable('title'),
    description: comparable('description'),
    priority: comparable('priority'),
    number: comparable('number'),
    createdAt: comparable('createdAt'),
    updatedAt: comparable('updatedAt'),
    team: {
      get: (issue: LinearIssue) => data.teams.find((t) => t.id === issue.teamId),
      fields: teamFilterFields,
    },
    state: {
      get: (issue: LinearIssue) => data.states.find((s) => s.id === issue.stateId),
      fields: stateFilterFields,
    },
    assignee: {
      get: (issue: LinearIssue) => data.users.find((u) => u.id === issue.assigneeId),
      fields: userFilterFields,
    },
  };
}

/** Filters, orders and paginates a list of records into a Linear connection of views. */
export function connection<T extends { id: string; createdAt: string }>(
  items: T[],
  args: ListArgs,
  fields: Record<string, FieldReader>,
  toView: (item: T) => unknown,
) {
  const filtered = items.filter((item) => matchesFilter(item, args.filter, fields));
  return paginate(orderRecords(filtered, args.orderBy), args, toView);
}

/** Teams the viewer can see: private ones only for their members. */
export function visibleTeams(ctx: LinearContext, teams: LinearTeam[]): LinearTeam[] {
  return teams.filter((team) => canSeeTeam(ctx.data, team.id, ctx.viewerId));
}

export function organizationView(ctx: LinearContext) {
  const { organization, users, teams } = ctx.data;
  return {
    ...organization,
    updatedAt: organization.createdAt,
    userCount: users.length,
    createdIssueCount: ctx.data.issues.length,
    teams: (args: ListArgs) =>
      connection(visibleTeams(ctx, teams), args, teamFilterFields, (team) => teamView(ctx, team)),
    users: (args: ListArgs) => connection(users, args, userFilterFields, (user) => userView(ctx, user)),
  };
}

export function userView(ctx: LinearContext, user: LinearUser) {
  return {
    ...user,
    updatedAt: user.createdAt,
    active: true,
    guest: false,
    app: false,
    isMe: user.id === ctx.viewerId,
    initials: user.name
      .split(' ')
      .map((part) => part[0])
      .join(''),
    url: `https://linear.app/${ctx.data.organization.urlKey}/profiles/${user.displayName}`,
    organization: () => organizationView(ctx),
    teams: (args: ListArgs) =>
      connection(visibleTeams(ctx, ctx.data.teams), args, teamFilterFields, (team) => teamView(ctx, team)),
    assignedIssues: (args: ListArgs) =>
      issueConnection(
        ctx,
        ctx.data.issues.filter((issue) => issue.assigneeId === user.id),
        args,
      ),
  };
}

export function teamView(ctx: LinearContext, team: LinearTeam) {
  const { memberIds: _members, ...fields } = team;
  return {
    ...fields,
    displayName: team.name,
    visibility: team.visibility ?? 'public',
    private: team.visibility === 'private',
    issueCount: ctx.data.issues.filter((issue) => issue.teamId === team.id).length,
    organization: () => organizationView(ctx),
    states: (args: ListArgs) =>
      connection(
        ctx.data.states.filter((state) => state.teamId === team.id).sort((a, b) => a.position - b.position),
        args,
        stateFilterFields,
        (state) => stateView(ctx, state),
      ),
    issues: (args: ListArgs) =>
      issueConnection(
        ctx,
        ctx.data.issues.filter((issue) => issue.teamId === team.id),
        args,
      ),
    members: (args: ListArgs) =>
      connection(ctx.data.users, args, userFilterFields, (user) => userView(ctx, user)),
  };
}

export function stateView(ctx: LinearContext, state: LinearWorkflowState) {
  return {
    ...state,
    updatedAt: state.createdAt,
    team: () => teamView(ctx, ctx.data.teams.find((team) => team.id === state.teamId)!),
  };
}

export function issueView(ctx: LinearContext, issue: LinearIssue) {
  const identifier = issueIdentifier(ctx.data, issue);
  const user = (id: string | null) => {
    const found = ctx.data.users.find((candidate) => candidate.id === id);
    return found ? userView(ctx, found) : null;
  };
  return {
    ...issue,
    identifier,
    priorityLabel: PRIORITY_LABELS[issue.priority] ?? 'No priority',
    url: `https://linear.app/${ctx.data.organization.urlKey}/issue/${identifier}/${slug(issue.title)}`,
    branchName: `${identifier.toLowerCase()}-${slug(issue.title)}`,
    state: () => stateView(ctx, ctx.data.states.find((state) => state.id === issue.stateId)!),
    team: () => teamView(ctx, ctx.data.teams.find((team) => team.id === issue.teamId)!),
    assignee: () => user(issue.assigneeId),
    creator: () => user(issue.creatorId),
    comments: (args: ListArgs) =>
      connection(
        ctx.data.comments.filter((comment) => comment.issueId === issue.id),
        args,
        { id: comparable('id'), body: comparable('body'), createdAt: comparable('createdAt') },
        (comment) => commentView(ctx, comment),
      ),
    // Issue.needs: "Customer needs associated with the issue", filtered by a CustomerNeedFilter (schema).
    needs: (args: ListArgs) =>
      connection(
        (ctx.data.customerNeeds ?? []).filter((need) => need.issueId === issue.id),
        args,
        needFilterFields(ctx),
        (need) => needView(ctx, need),
      ),
  };
}

export const customerFilterFields: Record<string, FieldReader> = {
  id: comparable('id'),
  name: comparable('name'),
};

/** The `CustomerNeedFilter` fields the sandbox evaluates: `id` and `customer { id name }`. */
export function needFilterFields(ctx: LinearContext): Record<string, FieldReader> {
  return {
    id: comparable('id'),
    customer: {
      get: (need: LinearCustomerNeed) => ctx.data.customers?.find((c) => c.id === need.customerId),
      fields: customerFilterFields,
    },
  };
}

/** A Customer as the schema shapes it (`Customer`: name, domains, externalIds, needs, url...). */
export function customerView(ctx: LinearContext, customer: LinearCustomer) {
  const needs = (ctx.data.customerNeeds ?? []).filter((need) => need.customerId === customer.id);
  const slugId = customer.id.slice(0, 8);
  return {
    ...customer,
    slugId,
    approximateNeedCount: needs.length,
    url: `https://linear.app/${ctx.data.organization.urlKey}/customer/${slugId}`,
    needs: () => needs.map((need) => needView(ctx, need)),
  };
}

/** A CustomerNeed; its `issue` only for a viewer who can see the issue's team. */
export function needView(ctx: LinearContext, need: LinearCustomerNeed) {
  const customer = ctx.data.customers?.find((candidate) => candidate.id === need.customerId);
  const issue = ctx.data.issues.find((candidate) => candidate.id === need.issueId);
  return {
    ...need,
    content: need.body,
    customer: () => (customer ? customerView(ctx, customer) : null),
    issue: () => (issue && canSeeTeam(ctx.data, issue.teamId, ctx.viewerId) ? issueView(ctx, issue) : null),
    creator: () => {
      const user = ctx.data.users.find((candidate) => candidate.id === need.creatorId);
      return user ? userView(ctx, user) : null;
    },
  };
}

/**
 * Archived (trashed) issues are left out unless `includeArchived: true`: "Should archived resources be included
 * (default: false)" (vendor/contracts/linear/schema.graphql, Query.issues and every issue connection).
 */
export function unlessArchived(issues: LinearIssue[], includeArchived: unknown): LinearIssue[] {
  return includeArchived === true ? issues : issues.filter((issue) => !issue.archivedAt);
}

export function issueConnection(
  ctx: LinearContext,
  issues: LinearIssue[],
  args: ListArgs & { includeArchived?: boolean | null },
) {
  return connection(
    unlessArchived(issues, args.includeArchived).filter((issue) =>
      canSeeTeam(ctx.data, issue.teamId, ctx.viewerId),
    ),
    args,
    issueFilterFields(ctx.data),
    (issue) => issueView(ctx, issue),
  );
}

export function commentView(ctx: LinearContext, comment: LinearComment) {
  const issue = ctx.data.issues.find((candidate) => candidate.id === comment.issueId)!;
  return {
    ...comment,
    url: `${issueView(ctx, issue).url}#comment-${comment.id.slice(0, 8)}`,
    user: () => userView(ctx, ctx.data.users.find((user) => user.id === comment.userId)!),
    issue: () => issueView(ctx, issue),
  };
}
