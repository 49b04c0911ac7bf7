import { issueIdentifier, type LinearData } from './linear-data.ts';

const PRIORITIES = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

/**
 * What a person looks at: each team (private ones marked, with their members) with its issues (most recently
 * updated first), their comments; and the Customers with their customer requests (the console shows each list as a table).
 */
export function linearView(data: LinearData): Record<string, unknown> {
  const userName = (id: string | null) => data.users.find((user) => user.id === id)?.name ?? null;
  const identifierOf = (issueId: string) => {
    const issue = data.issues.find((candidate) => candidate.id === issueId);
    return issue ? issueIdentifier(data, issue) : null;
  };
  return {
    organization: { name: data.organization.name, urlKey: data.organization.urlKey },
    users: data.users.map((user) => ({ id: user.id, name: user.name, email: user.email })),
    teams: data.teams.map((team) => ({
      id: team.id,
      key: team.key,
      name: team.name,
      visibility: team.visibility ?? 'public',
      ...(team.visibility === 'private' && { members: (team.memberIds ?? []).map(userName) }),
      // The team's workflow, in order: what the Sandbox view's "Move" offers for its issues.
      states: data.states
        .filter((state) => state.teamId === team.id)
        .sort((a, b) => a.position - b.position)
        .map((state) => state.name),
      issues: data.issues
        .filter((issue) => issue.teamId === team.id && !issue.archivedAt)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .map((issue) => ({
          id: issue.id,
          identifier: issueIdentifier(data, issue),
          title: issue.title,
          description: issue.description,
          state: data.states.find((state) => state.id === issue.stateId)?.name ?? null,
          priority: PRIORITIES[issue.priority],
          assignee: userName(issue.assigneeId),
          creator: userName(issue.creatorId),
          createdAt: issue.createdAt,
          updatedAt: issue.updatedAt,
          comments: data.comments
            .filter((comment) => comment.issueId === issue.id)
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .map((comment) => ({
              id: comment.id,
              author: userName(comment.userId),
              body: comment.body,
              createdAt: comment.createdAt,
            })),
        })),
      // Trashed issues (issueDelete) are not among a team's issues in Linear; they wait in its trash for 30 days.
      trash: data.issues
        .filter((issue) => issue.teamId === team.id && issue.trashed)
        .map((issue) => ({
          id: issue.id,
          identifier: issueIdentifier(data, issue),
          title: issue.title,
          trashedAt: issue.archivedAt ?? null,
        })),
    })),
    customersEnabled: data.customersEnabled !== false,
    customers: (data.customers ?? []).map((customer) => ({
      id: customer.id,
      name: customer.name,
      domains: customer.domains,
      externalIds: customer.externalIds,
      requests: (data.customerNeeds ?? [])
        .filter((need) => need.customerId === customer.id)
        .map((need) => ({
          id: need.id,
          issue: identifierOf(need.issueId),
          body: need.body,
          creator: userName(need.creatorId),
          createdAt: need.createdAt,
        })),
    })),
  };
}
