/** Linear workspace data held by the sandbox (JSON-serialisable, so it persists as is). */
export type LinearUser = {
  id: string;
  name: string;
  displayName: string;
  email: string;
  admin: boolean;
  createdAt: string;
};
export type LinearTeam = { id: string; key: string; name: string; createdAt: string; updatedAt: string };
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
