/** Linear workspace data held by the sandbox (JSON-serialisable, so it persists as is). */
export type LinearUser = {
  id: string;
  name: string;
  displayName: string;
  email: string;
  admin: boolean;
  createdAt: string;
};
/**
 * `visibility`: "public for teams visible to all workspace members, private for teams visible only to members"
 * (vendor/contracts/linear/schema.graphql, Team.visibility); `memberIds` are a private team's members. Both
 * optional, so state saved before they existed loads as public teams.
 */
export type LinearTeam = {
  id: string;
  key: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  visibility?: 'public' | 'private';
  memberIds?: string[];
};
/** A Customer: "an external company" (https://linear.app/developers/managing-customers). */
export type LinearCustomer = {
  id: string;
  name: string;
  domains: string[];
  externalIds: string[];
  createdAt: string;
  updatedAt: string;
};
/** A CustomerNeed ("customer request"): attached to an issue and optionally to a customer (same page). */
export type LinearCustomerNeed = {
  id: string;
  issueId: string;
  customerId: string | null;
  body: string | null;
  priority: number;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
};
export type LinearWorkflowState = {
  id: string;
  teamId: string;
  name: string;
  /** Linear state types: triage, backlog, unstarted, started, completed, canceled. */
  type: string;
  color: string;
  position: number;
  createdAt: string;
};
export type LinearIssue = {
  id: string;
  teamId: string;
  number: number;
  title: string;
  description: string | null;
  /** 0 none, 1 urgent, 2 high, 3 medium, 4 low. */
  priority: number;
  stateId: string;
  assigneeId: string | null;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
  /**
   * Set by `issueDelete`: "Deletes (trashes) an issue" (vendor/contracts/linear/schema.graphql,
   * Mutation.issueDelete). `Issue.archivedAt`: "The time at which the entity was archived. Null if the entity
   * has not been archived"; `Issue.trashed`: "A flag that indicates whether the issue is in the trash bin".
   * Optional, so state saved before these existed loads as not trashed.
   */
  archivedAt?: string | null;
  trashed?: boolean | null;
  /**
   * `Issue.startedAt` / `completedAt` / `canceledAt`: "The time at which the issue was moved into started /
   * completed / canceled state" (vendor/contracts/linear/schema.graphql, Issue). Set when the state changes;
   * optional, so state saved before they existed loads without them.
   */
  startedAt?: string | null;
  completedAt?: string | null;
  canceledAt?: string | null;
};
export type LinearComment = {
  id: string;
  issueId: string;
  userId: string;
  body: string;
  createdAt: string;
  updatedAt: string;
};
export type LinearData = {
  organization: { id: string; name: string; urlKey: string; createdAt: string };
  users: LinearUser[];
  teams: LinearTeam[];
  states: LinearWorkflowState[];
  issues: LinearIssue[];
  comments: LinearComment[];
  /** Optional, so state saved before Customers existed in the sandbox loads with none. */
  customers?: LinearCustomer[];
  customerNeeds?: LinearCustomerNeed[];
  /** `false`: the workspace cannot use Customers (its plan or settings), so customer mutations are refused. */
  customersEnabled?: boolean;
  /** Linear's sync counter, returned as `lastSyncId` by mutations. */
  lastSyncId: number;
};

/** An issue's human identifier, `ENG-12`. */
export function issueIdentifier(data: LinearData, issue: LinearIssue): string {
  const team = data.teams.find((candidate) => candidate.id === issue.teamId);
  return `${team?.key ?? '???'}-${issue.number}`;
}

/** Finds an issue by UUID or by identifier (`ENG-12`, case-insensitive), as `issue(id:)` does. */
export function findIssue(data: LinearData, idOrIdentifier: string): LinearIssue | undefined {
  const byId = data.issues.find((issue) => issue.id === idOrIdentifier);
  if (byId) return byId;
  const match = /^([A-Za-z0-9]+)-(\d+)$/.exec(idOrIdentifier);
  if (!match) return undefined;
  const team = data.teams.find((candidate) => candidate.key.toLowerCase() === match[1]!.toLowerCase());
  return data.issues.find((issue) => issue.teamId === team?.id && issue.number === Number(match[2]));
}

/** Finds a team by UUID or key (`team(id:)` accepts both). */
export function findTeam(data: LinearData, idOrKey: string): LinearTeam | undefined {
  return data.teams.find((team) => team.id === idOrKey || team.key.toLowerCase() === idOrKey.toLowerCase());
}

/** Private teams are "only visible to their members" (schema, Team.private / Team.visibility). */
export function canSeeTeam(data: LinearData, teamId: string, userId: string): boolean {
  const team = data.teams.find((candidate) => candidate.id === teamId);
  return !!team && (team.visibility !== 'private' || (team.memberIds ?? []).includes(userId));
}

/** `findIssue`, limited to issues of teams the user can see: the others are "Entity not found" to them. */
export function findVisibleIssue(data: LinearData, idOrIdentifier: string, userId: string) {
  const issue = findIssue(data, idOrIdentifier);
  return issue && canSeeTeam(data, issue.teamId, userId) ? issue : undefined;
}

/**
 * A committed change a webhook may report (linear-webhooks.ts): what changed, who did it, and for updates the
 * previous values of the changed properties (`EntityWebhookPayload.updatedFrom`). `issue` is the issue as it was
 * just after the change (a removed issue may no longer be in the data).
 */
export type LinearChange =
  | {
      type: 'Issue';
      action: 'create' | 'update' | 'remove';
      issue: LinearIssue;
      actorId: string;
      updatedFrom?: Record<string, unknown>;
    }
  | { type: 'Comment'; action: 'create'; comment: LinearComment; actorId: string };
