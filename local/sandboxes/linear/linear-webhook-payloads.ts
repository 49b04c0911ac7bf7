import {
  issueIdentifier,
  type LinearChange,
  type LinearComment,
  type LinearData,
  type LinearIssue,
  type LinearUser,
} from './linear-data.ts';
import { slug } from './linear-graph-objects.ts';

/**
 * The bodies Linear posts, shaped by the vendored schema (vendor/contracts/linear/schema.graphql):
 * `EntityWebhookPayload { action, actor, createdAt, data, organizationId, type, updatedFrom, url, webhookId,
 * webhookTimestamp }` with `data` an `IssueWebhookPayload` or `CommentWebhookPayload`, and
 * `OAuthAppWebhookPayload` for a revoked authorization. `webhookTimestamp` ("Unix timestamp in milliseconds when
 * the webhook was sent") is added by the sender at each attempt (linear-webhooks.ts).
 */

const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

export function issueUrl(data: LinearData, issue: LinearIssue): string {
  return `https://linear.app/${data.organization.urlKey}/issue/${issueIdentifier(data, issue)}/${slug(issue.title)}`;
}

function userUrl(data: LinearData, user: LinearUser): string {
  return `https://linear.app/${data.organization.urlKey}/profiles/${user.displayName}`;
}

/** `UserChildWebhookPayload { avatarUrl?, email, id, name, url }`. */
function userChild(data: LinearData, userId: string | null) {
  const user = data.users.find((candidate) => candidate.id === userId);
  return user ? { id: user.id, name: user.name, email: user.email, url: userUrl(data, user) } : null;
}

/**
 * `UserActorWebhookPayload { avatarUrl?, email, id, name, type, url }`. The value of `type` for a person is
 * UNCONFIRMED ("The type of actor.", schema): the sandbox sends `"user"`. Changes made with an `actor=app` token
 * are attributed to the authorizing user here, not to an `OauthClientActorWebhookPayload` (sandbox's choice).
 */
function actor(data: LinearData, userId: string) {
  const user = userChild(data, userId);
  return user ? { id: user.id, type: 'user', name: user.name, email: user.email, url: user.url } : null;
}

function team(data: LinearData, teamId: string) {
  const found = data.teams.find((candidate) => candidate.id === teamId);
  return found ? { id: found.id, key: found.key, name: found.name } : null;
}

/**
 * `IssueWebhookPayload`: every non-null field of the schema the sandbox knows, the rest empty or absent.
 * `sortOrder` and `prioritySortOrder` are the sandbox's own numbers.
 */
export function issueData(data: LinearData, issue: LinearIssue) {
  const state = data.states.find((candidate) => candidate.id === issue.stateId);
  return {
    id: issue.id,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    archivedAt: issue.archivedAt ?? null,
    number: issue.number,
    identifier: issueIdentifier(data, issue),
    title: issue.title,
    description: issue.description,
    priority: issue.priority,
    priorityLabel: PRIORITY_LABELS[issue.priority] ?? 'No priority',
    prioritySortOrder: issue.priority === 0 ? 0 : 5 - issue.priority,
    sortOrder: issue.number,
    url: issueUrl(data, issue),
    teamId: issue.teamId,
    team: team(data, issue.teamId),
    stateId: issue.stateId,
    state: state ? { id: state.id, name: state.name, type: state.type, color: state.color } : null,
    assigneeId: issue.assigneeId,
    assignee: userChild(data, issue.assigneeId),
    creatorId: issue.creatorId,
    creator: userChild(data, issue.creatorId),
    startedAt: issue.startedAt ?? null,
    completedAt: issue.completedAt ?? null,
    canceledAt: issue.canceledAt ?? null,
    trashed: issue.trashed ?? null,
    labelIds: [],
    labels: [],
    previousIdentifiers: [],
    subscriberIds: [...new Set([issue.creatorId, ...(issue.assigneeId ? [issue.assigneeId] : [])])],
    reactionData: {},
  };
}

/** `CommentWebhookPayload`, with `issue` as an `IssueChildWebhookPayload { id, identifier, team, teamId, title, url }`. */
export function commentData(data: LinearData, comment: LinearComment) {
  const issue = data.issues.find((candidate) => candidate.id === comment.issueId);
  return {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    archivedAt: null,
    body: comment.body,
    editedAt: null,
    issueId: comment.issueId,
    issue: issue
      ? {
          id: issue.id,
          identifier: issueIdentifier(data, issue),
          title: issue.title,
          url: issueUrl(data, issue),
          teamId: issue.teamId,
          team: team(data, issue.teamId),
        }
      : null,
    userId: comment.userId,
    user: userChild(data, comment.userId),
    reactionData: {},
  };
}

/** What a change's delivery carries, less `webhookTimestamp`; and a short label for the Sandbox view. */
export function entityPayload(
  data: LinearData,
  change: LinearChange,
  webhookId: string,
  createdAt: string,
): { payload: Record<string, unknown>; entityId: string; label: string } {
  // EntityWebhookPayload's fields in its order; the entity gives `data`, `url` and (on updates) `updatedFrom`.
  const payload = (type: 'Issue' | 'Comment', body: unknown, url: string | null, updatedFrom?: unknown) => ({
    action: change.action,
    actor: actor(data, change.actorId),
    createdAt,
    data: body,
    organizationId: data.organization.id,
    type,
    ...(updatedFrom ? { updatedFrom } : {}),
    url,
    webhookId,
  });
  if (change.type === 'Issue') {
    const body = issueData(data, change.issue);
    return {
      payload: payload('Issue', body, body.url, change.updatedFrom),
      entityId: change.issue.id,
      label: body.identifier,
    };
  }
  const body = commentData(data, change.comment);
  const url = body.issue ? `${body.issue.url}#comment-${change.comment.id.slice(0, 8)}` : null;
  return {
    payload: payload('Comment', body, url),
    entityId: change.comment.id,
    label: body.issue?.identifier ?? change.comment.issueId,
  };
}

/**
 * `OAuthAppWebhookPayload { action, createdAt, oauthClientId, organizationId, type, webhookId, webhookTimestamp }`:
 * "De-authorizing sends an `OAuthApp` `revoked` event" (https://linear.app/developers/webhooks; docs/events-sources.md §C1).
 */
export function revokedPayload(data: LinearData, clientId: string, webhookId: string, createdAt: string) {
  return {
    action: 'revoked',
    createdAt,
    oauthClientId: clientId,
    organizationId: data.organization.id,
    type: 'OAuthApp',
    webhookId,
  };
}
