import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../core/app-error';
import type { Session } from '../../core/session';
import { linearGraphql } from './linear.client';
import type { LinearIssue } from './linear.issues';

export const CREATE_COMMENT_MUTATION =
  'mutation TwentyConnectCreateComment($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id url body createdAt } } }';
export const COMMENT_QUERY =
  'query TwentyConnectComment($id: String!) { comment(id: $id) { id url body createdAt } }';
export const ISSUE_STATES_QUERY =
  'query TwentyConnectIssueStates($id: String!, $first: Int) { issue(id: $id) { id team { key states(first: $first) { nodes { id name type } } } } }';
export const USERS_QUERY =
  'query TwentyConnectUsers($filter: UserFilter, $first: Int) { users(first: $first, filter: $filter) { nodes { id name email } } }';
export const UPDATE_ISSUE_MUTATION =
  'mutation TwentyConnectUpdateIssue($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { id identifier title url priority updatedAt state { name type } assignee { name } team { key } } } }';

export type LinearComment = { id: string; url: string; body: string; createdAt: string };

/** Comments carry a client-generated id (CommentCreateInput.id) for the same reason as issues. */
export const addComment = async (
  session: Session,
  input: { issue: string; body: string },
): Promise<LinearComment> => {
  const id = randomUUID();
  try {
    const data = await linearGraphql<{ commentCreate: { comment: LinearComment } }>(session, {
      operation: 'add comment',
      query: CREATE_COMMENT_MUTATION,
      variables: { input: { id, issueId: input.issue, body: input.body } },
      idempotent: true,
    });
    return data.commentCreate.comment;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'ALREADY_EXISTS') throw error;
    const data = await linearGraphql<{ comment: LinearComment }>(session, {
      operation: 'read comment',
      query: COMMENT_QUERY,
      variables: { id },
      idempotent: true,
    });
    return data.comment;
  }
};

type State = { id: string; name: string; type: string };

const resolveStateId = async (session: Session, issue: string, state: string): Promise<string> => {
  const data = await linearGraphql<{ issue: { team: { key: string; states: { nodes: State[] } } } }>(
    session,
    {
      operation: 'read workflow states',
      query: ISSUE_STATES_QUERY,
      variables: { id: issue, first: 100 },
      idempotent: true,
    },
  );
  const states = data.issue.team.states.nodes;
  const wanted = state.trim().toLowerCase();
  const match = states.find((s) => s.id === state.trim() || s.name.toLowerCase() === wanted);
  if (!match) {
    throw new AppError(
      'INVALID_INPUT',
      `Team ${data.issue.team.key} has no workflow state "${state}". Choose one of: ${states.map((s) => s.name).join(', ')}.`,
      { fields: ['state'] },
    );
  }
  return match.id;
};

const resolveAssigneeId = async (session: Session, assignee: string): Promise<string | null> => {
  if (assignee.trim().toLowerCase() === 'none') return null;
  if (!assignee.includes('@')) return assignee.trim();
  const data = await linearGraphql<{ users: { nodes: { id: string }[] } }>(session, {
    operation: 'find user',
    query: USERS_QUERY,
    variables: { filter: { email: { eq: assignee.trim() } }, first: 1 },
    idempotent: true,
  });
  const user = data.users.nodes[0];
  if (!user)
    throw new AppError('INVALID_INPUT', `No Linear user with email ${assignee}.`, { fields: ['assignee'] });
  return user.id;
};

/** Updates state (by name or id), assignee (email, id or "none") and/or priority. Idempotent by nature. */
export const updateIssue = async (
  session: Session,
  input: { issue: string; state?: string; assignee?: string; priority?: number },
): Promise<LinearIssue> => {
  const changes: Record<string, unknown> = {};
  if (input.state !== undefined) changes.stateId = await resolveStateId(session, input.issue, input.state);
  if (input.assignee !== undefined) changes.assigneeId = await resolveAssigneeId(session, input.assignee);
  if (input.priority !== undefined) changes.priority = input.priority;
  const data = await linearGraphql<{ issueUpdate: { issue: LinearIssue } }>(session, {
    operation: 'update issue',
    query: UPDATE_ISSUE_MUTATION,
    variables: { id: input.issue, input: changes },
    idempotent: true,
  });
  return data.issueUpdate.issue;
};
