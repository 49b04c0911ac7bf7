import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../core/app-error';
import type { Session } from '../../core/session';
import { linearGraphql, linearPaginate } from './linear.client';

export type LinearIssue = {
  id: string;
  identifier: string;
  title: string;
  url: string;
  priority: number;
  updatedAt: string;
  state: { name: string; type: string } | null;
  assignee: { name: string } | null;
  /** `visibility` (public, private, restricted) where a document selects it. */
  team: { key: string; visibility?: string } | null;
};
export type LinearTeam = { id: string; key: string; name: string };

export const TEAMS_QUERY =
  'query TwentyConnectTeams($first: Int, $after: String, $filter: TeamFilter) { teams(first: $first, after: $after, filter: $filter) { nodes { id key name } pageInfo { hasNextPage endCursor } } }';
export const SEARCH_ISSUES_QUERY =
  'query TwentyConnectSearchIssues($term: String!, $first: Int, $filter: IssueFilter) { searchIssues(term: $term, first: $first, filter: $filter) { nodes { id identifier title url priority updatedAt state { name type } assignee { name } team { key } } } }';
export const RECENT_ISSUES_QUERY =
  'query TwentyConnectRecentIssues($first: Int, $after: String, $filter: IssueFilter) { issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt) { nodes { id identifier title url priority updatedAt state { name type } assignee { name } team { key } } pageInfo { hasNextPage endCursor } } }';
export const ISSUE_QUERY =
  'query TwentyConnectIssue($id: String!) { issue(id: $id) { id identifier title url priority updatedAt state { name type } assignee { name } team { key } } }';
export const CREATE_ISSUE_MUTATION =
  'mutation TwentyConnectCreateIssue($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier title url priority updatedAt state { name type } assignee { name } team { key visibility } } } }';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const listTeams = (session: Session, limit = 250) =>
  linearPaginate<LinearTeam>(
    session,
    { operation: 'list teams', query: TEAMS_QUERY, limit },
    (data) =>
      (data as { teams: { nodes: LinearTeam[]; pageInfo: { hasNextPage: boolean; endCursor: string } } })
        .teams,
  );

/** Accepts a team id or key ("ENG"), as people and the AI refer to teams by key. */
export const resolveTeam = async (session: Session, team: string): Promise<LinearTeam> => {
  const filter = UUID.test(team) ? { id: { eq: team } } : { key: { eq: team.trim().toUpperCase() } };
  const data = await linearGraphql<{ teams: { nodes: LinearTeam[] } }>(session, {
    operation: 'find team',
    query: TEAMS_QUERY,
    variables: { first: 1, filter },
    idempotent: true,
  });
  const found = data.teams.nodes[0];
  if (!found) {
    throw new AppError(
      'INVALID_INPUT',
      `No Linear team "${team}" is visible to this connection. Use linear-list-teams.`,
      {
        fields: ['team'],
      },
    );
  }
  return found;
};

export const searchIssues = async (
  session: Session,
  input: { query: string; teamId?: string; limit: number },
) => {
  const data = await linearGraphql<{ searchIssues: { nodes: LinearIssue[] } }>(session, {
    operation: 'search issues',
    query: SEARCH_ISSUES_QUERY,
    // searchIssues(teamId:) only boosts ("UUID of a team to boost in search results", Linear schema): a team
    // scope must be the IssueFilter, or other teams' issues come back too.
    variables: {
      term: input.query,
      first: input.limit,
      filter: input.teamId ? { team: { id: { eq: input.teamId } } } : undefined,
    },
    idempotent: true,
  });
  return data.searchIssues.nodes;
};

export const getIssue = async (session: Session, id: string) =>
  (
    await linearGraphql<{ issue: LinearIssue }>(session, {
      operation: 'read issue',
      query: ISSUE_QUERY,
      variables: { id },
      idempotent: true,
    })
  ).issue;

/**
 * Creates an issue with a client-generated id (IssueCreateInput.id), so a retry after a timeout cannot
 * create a second issue: if Linear says the id already exists, our first attempt landed and we read it.
 */
export const createIssue = async (
  session: Session,
  input: {
    teamId: string;
    title: string;
    description?: string;
    priority?: number;
    assigneeId?: string;
    stateId?: string;
  },
): Promise<LinearIssue> => {
  const id = randomUUID();
  try {
    const data = await linearGraphql<{ issueCreate: { success: boolean; issue: LinearIssue } }>(session, {
      operation: 'create issue',
      query: CREATE_ISSUE_MUTATION,
      variables: { input: { ...input, id } },
      idempotent: true,
    });
    return data.issueCreate.issue;
  } catch (error) {
    if (isAppError(error) && error.code === 'ALREADY_EXISTS') return getIssue(session, id);
    throw error;
  }
};

export const recentIssues = (session: Session, input: { teamKeys: string[]; since: Date; limit: number }) =>
  linearPaginate<LinearIssue>(
    session,
    {
      operation: 'list recently updated issues',
      query: RECENT_ISSUES_QUERY,
      variables: {
        filter: { team: { key: { in: input.teamKeys } }, updatedAt: { gt: input.since.toISOString() } },
      },
      limit: input.limit,
    },
    (data) =>
      (data as { issues: { nodes: LinearIssue[]; pageInfo: { hasNextPage: boolean; endCursor: string } } })
        .issues,
  );
