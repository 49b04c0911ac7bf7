import { randomUUID } from 'node:crypto';
import {
  findVisibleIssue,
  type LinearCustomer,
  type LinearCustomerNeed,
  type LinearIssue,
} from './linear-data.ts';
import {
  adminOnly,
  entityAlreadyExists,
  entityNotFound,
  featureNotAccessible,
  linearError,
  missingScope,
} from './linear-errors.ts';
import {
  commentView,
  customerView,
  issueView,
  type LinearContext,
  needView,
} from './linear-graph-objects.ts';

type Input = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Linear's OAuth scopes: `write` covers everything; `issues:create` / `comments:create` only creation. */
function requireScope(ctx: LinearContext, ...accepted: string[]): void {
  if (!accepted.some((scope) => ctx.scopes.includes(scope))) throw missingScope(accepted);
}

function invalid(field: string, problem: string) {
  return linearError(
    'invalid input',
    `Argument Validation Error: ${field} ${problem}`,
    `Invalid ${field}: ${problem}.`,
  );
}

/** A client-chosen id (`IssueCreateInput.id`, "in UUID v4 format") must be a UUID and not taken yet. */
function clientId(ctx: LinearContext, input: Input, entity: string): string {
  if (input.id === undefined || input.id === null) return randomUUID();
  const id = String(input.id);
  if (!UUID.test(id)) throw invalid('id', 'must be a UUID');
  const taken = [
    ctx.data.issues,
    ctx.data.comments,
    ctx.data.customers ?? [],
    ctx.data.customerNeeds ?? [],
  ].some((records) => records.some((record) => record.id === id));
  if (taken) throw entityAlreadyExists(entity, id);
  return id;
}

function checkPriority(priority: unknown): number {
  if (!Number.isInteger(priority) || (priority as number) < 0 || (priority as number) > 4) {
    throw invalid('priority', 'must be an integer between 0 and 4');
  }
  return priority as number;
}

function checkState(ctx: LinearContext, stateId: unknown, teamId: string): string {
  const state = ctx.data.states.find((candidate) => candidate.id === stateId);
  if (!state) throw entityNotFound('WorkflowState');
  if (state.teamId !== teamId) throw invalid('stateId', 'must be a workflow state of the issue team');
  return state.id;
}

function checkUser(ctx: LinearContext, userId: unknown): string | null {
  if (userId === null) return null;
  const user = ctx.data.users.find((candidate) => candidate.id === userId);
  if (!user) throw entityNotFound('User');
  return user.id;
}

/** Public email domains a Customer may not have (managing-customers: "cannot contain any public email provider"). */
const PUBLIC_EMAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
];

function checkDomains(ctx: LinearContext, domains: unknown, customerId: string | null): string[] {
  if (!Array.isArray(domains)) throw invalid('domains', 'must be a list');
  const clean = [...new Set(domains.map((domain) => String(domain).trim().toLowerCase()))];
  for (const domain of clean) {
    if (PUBLIC_EMAIL_DOMAINS.includes(domain)) throw invalid('domains', `${domain} is a public email domain`);
    // Customer.domains: "Domains must be unique across all customers in the workspace" (schema).
    const holder = ctx.data.customers?.find((c) => c.id !== customerId && c.domains.includes(domain));
    if (holder) throw invalid('domains', `${domain} already belongs to customer ${holder.name}`);
  }
  return clean;
}

/** Customers must be available to the workspace; otherwise Linear answers "feature not accessible" (SDK type). */
function requireCustomers(ctx: LinearContext): void {
  requireScope(ctx, 'write');
  if (ctx.data.customersEnabled === false) throw featureNotAccessible('Customers');
}

/**
 * `startedAt` / `completedAt` / `canceledAt` follow the state's type (schema, Issue: "The time at which the issue
 * was moved into started / completed / canceled state"). Leaving a completed or canceled state clears that time;
 * `startedAt` keeps the first start (UNCONFIRMED, the sandbox's choice: the schema does not say).
 */
function stampStateTimes(ctx: LinearContext, issue: LinearIssue, at: string): void {
  const type = ctx.data.states.find((state) => state.id === issue.stateId)?.type;
  issue.completedAt = type === 'completed' ? at : null;
  issue.canceledAt = type === 'canceled' ? at : null;
  if (type === 'started' && !issue.startedAt) issue.startedAt = at;
}

const TRACKED: (keyof LinearIssue)[] = [
  'title',
  'description',
  'priority',
  'stateId',
  'assigneeId',
  'startedAt',
  'completedAt',
  'canceledAt',
];

/**
 * `EntityWebhookPayload.updatedFrom`: "In case of an update event, previous values of all updated properties"
 * (schema). With `updatedAt` among them when anything changed; `undefined` when nothing did (then no event).
 */
function previousValues(before: LinearIssue, after: LinearIssue): Record<string, unknown> | undefined {
  const changed = TRACKED.filter((key) => (before[key] ?? null) !== (after[key] ?? null));
  if (changed.length === 0) return undefined;
  return {
    ...Object.fromEntries(changed.map((key) => [key, before[key] ?? null])),
    updatedAt: before.updatedAt,
  };
}

/**
 * Root `Mutation` fields the app uses: `issueCreate`, `issueUpdate`, `commentCreate`; and `issueDelete`, which
 * `npm run doctor --write` uses to remove its test issue. Each committed Issue or Comment change is told to
 * `ctx.emit` (webhooks, linear-webhooks.ts); the Sandbox view's user actions run through these same fields.
 */
export function mutationRoot(ctx: LinearContext) {
  const { data } = ctx;
  const stamp = () => new Date(ctx.now()).toISOString();
  const payload = (extra: Record<string, unknown>) => ({
    success: true,
    lastSyncId: ++data.lastSyncId,
    ...extra,
  });

  return {
    issueCreate: ({ input }: { input: Input }) => {
      requireScope(ctx, 'issues:create', 'write');
      const id = clientId(ctx, input, 'Issue');
      const team = data.teams.find((candidate) => candidate.id === input.teamId);
      if (!team) throw entityNotFound('Team');
      // Without stateId, Linear files a new issue in the team's first Backlog state.
      const backlog = data.states
        .filter((state) => state.teamId === team.id && state.type === 'backlog')
        .sort((a, b) => a.position - b.position)[0]!;
      const now = stamp();
      const issue: LinearIssue = {
        id,
        teamId: team.id,
        number: Math.max(0, ...data.issues.filter((i) => i.teamId === team.id).map((i) => i.number)) + 1,
        title: typeof input.title === 'string' && input.title.length > 0 ? input.title : 'Untitled',
        description: typeof input.description === 'string' ? input.description : null,
        priority: input.priority === undefined || input.priority === null ? 0 : checkPriority(input.priority),
        stateId: input.stateId ? checkState(ctx, input.stateId, team.id) : backlog.id,
        assigneeId: input.assigneeId === undefined ? null : checkUser(ctx, input.assigneeId),
        creatorId: ctx.viewerId,
        createdAt: now,
        updatedAt: now,
      };
      data.issues.push(issue);
      ctx.emit?.({ type: 'Issue', action: 'create', issue: { ...issue }, actorId: ctx.viewerId });
      return payload({ issue: () => issueView(ctx, issue) });
    },

    issueUpdate: ({ id, input }: { id: string; input: Input }) => {
      requireScope(ctx, 'write');
      const issue = findVisibleIssue(data, id, ctx.viewerId);
      if (!issue) throw entityNotFound('Issue');
      const next = { ...issue };
      if (typeof input.title === 'string') next.title = input.title;
      if (input.description !== undefined) next.description = (input.description as string | null) ?? null;
      if (input.priority !== undefined && input.priority !== null)
        next.priority = checkPriority(input.priority);
      if (input.stateId !== undefined && input.stateId !== null)
        next.stateId = checkState(ctx, input.stateId, issue.teamId);
      if (input.assigneeId !== undefined) next.assigneeId = checkUser(ctx, input.assigneeId);
      next.updatedAt = stamp();
      if (next.stateId !== issue.stateId) stampStateTimes(ctx, next, next.updatedAt);
      const updatedFrom = previousValues(issue, next);
      Object.assign(issue, next);
      if (updatedFrom) {
        ctx.emit?.({
          type: 'Issue',
          action: 'update',
          issue: { ...issue },
          actorId: ctx.viewerId,
          updatedFrom,
        });
      }
      return payload({ issue: () => issueView(ctx, issue) });
    },

    /**
     * `issueDelete(id: String!, permanentlyDelete: Boolean): IssueArchivePayload!`, "Deletes (trashes) an
     * issue" (vendor/contracts/linear/schema.graphql, Mutation.issueDelete). `id`: "The identifier of the issue
     * to delete" (a UUID or `ENG-12`, as `issue(id:)`). The issue goes to the trash: `archivedAt` set and
     * `trashed: true` (Issue.archivedAt, Issue.trashed), so lists leave it out unless `includeArchived: true`
     * ("Should archived resources be included (default: false)", Query.issues; paginated lists hide archived
     * resources by default: https://linear.app/changelog/2019-11-26-api-improvements), while `issue(id:)` still
     * answers it (it is no list and takes no `includeArchived`; UNCONFIRMED by Linear in so many words). The
     * payload's `entity` is "The archived/unarchived entity. Null if entity was deleted" (IssueArchivePayload).
     * `permanentlyDelete`: "skip the grace period of 30 days. Available only to admins!": the issue and its
     * comments are gone, `entity` is null, `issue(id:)` then answers Entity not found.
     * UNCONFIRMED, the sandbox's choices: an unknown id answers `Entity not found: Issue` as `issue(id:)` does;
     * trashing an issue already in the trash succeeds and keeps its first `archivedAt`; a non-admin's
     * `permanentlyDelete` is refused with FORBIDDEN (Linear's wording unknown); deleting needs the `write`
     * scope (`issues:create` only creates, https://linear.app/developers/oauth-2-0-authentication).
     */
    issueDelete: ({ id, permanentlyDelete }: { id: string; permanentlyDelete?: boolean | null }) => {
      requireScope(ctx, 'write');
      const issue = findVisibleIssue(data, id, ctx.viewerId);
      if (!issue) throw entityNotFound('Issue');
      if (permanentlyDelete) {
        const viewer = data.users.find((user) => user.id === ctx.viewerId);
        if (!viewer?.admin) throw adminOnly('permanentlyDelete');
        data.issues = data.issues.filter((candidate) => candidate.id !== issue.id);
        data.comments = data.comments.filter((comment) => comment.issueId !== issue.id);
        ctx.emit?.({ type: 'Issue', action: 'remove', issue: { ...issue }, actorId: ctx.viewerId });
        return payload({ entity: null });
      }
      if (!issue.trashed) {
        Object.assign(issue, { archivedAt: stamp(), trashed: true });
        ctx.emit?.({ type: 'Issue', action: 'remove', issue: { ...issue }, actorId: ctx.viewerId });
      }
      return payload({ entity: () => issueView(ctx, issue) });
    },

    /**
     * customerUpsert: "Upserts a customer, creating it if no match is found, or updating it otherwise. Matches
     * against existing customers using `id`, `externalId`, `slackChannelId`, or `domains`"; `name` is "Required
     * when creating a new customer" (schema, Mutation.customerUpsert, CustomerUpsertInput). Which match wins when
     * several fields match different customers is UNCONFIRMED: the sandbox tries them in that order. A matched
     * customer gets the `externalId` added to its `externalIds` and the given name and domains.
     */
    customerUpsert: ({ input }: { input: Input }) => {
      requireCustomers(ctx);
      data.customers ??= [];
      const customers = data.customers;
      const domains = Array.isArray(input.domains) ? input.domains.map((d) => String(d).toLowerCase()) : [];
      const match =
        (input.id ? customers.find((c) => c.id === input.id) : undefined) ??
        (input.externalId
          ? customers.find((c) => c.externalIds.includes(String(input.externalId)))
          : undefined) ??
        customers.find((c) => domains.some((domain) => c.domains.includes(domain)));
      const now = stamp();
      if (match) {
        if (typeof input.name === 'string' && input.name) match.name = input.name;
        if (input.domains !== undefined && input.domains !== null)
          match.domains = checkDomains(ctx, input.domains, match.id);
        if (input.externalId && !match.externalIds.includes(String(input.externalId)))
          match.externalIds.push(String(input.externalId));
        match.updatedAt = now;
        return payload({ customer: () => customerView(ctx, match) });
      }
      if (typeof input.name !== 'string' || !input.name.trim()) throw invalid('name', 'is required');
      const customer: LinearCustomer = {
        id: clientId(ctx, input, 'Customer'),
        name: input.name,
        domains: input.domains ? checkDomains(ctx, input.domains, null) : [],
        externalIds: input.externalId ? [String(input.externalId)] : [],
        createdAt: now,
        updatedAt: now,
      };
      customers.push(customer);
      return payload({ customer: () => customerView(ctx, customer) });
    },

    /**
     * customerNeedCreate (schema, CustomerNeedCreateInput): `id` "in UUID v4 format" (a taken one answers "already
     * exists", as for issues), `issueId` "Accepts a UUID or issue identifier", `customerId` or `customerExternalId`
     * ("Cannot be used together"), `body` in Markdown, `priority` 0 or 1. Linear does not refuse a second need for
     * the same customer on one issue (UNCONFIRMED; the app reads the issue's needs first), and neither does this.
     */
    customerNeedCreate: ({ input }: { input: Input }) => {
      requireCustomers(ctx);
      const id = clientId(ctx, input, 'CustomerNeed');
      if (typeof input.issueId !== 'string') throw invalid('issueId', 'is required');
      const issue = findVisibleIssue(data, input.issueId, ctx.viewerId);
      if (!issue) throw entityNotFound('Issue');
      if (input.customerId && input.customerExternalId)
        throw invalid('customerId', 'cannot be used together with customerExternalId');
      const customers = data.customers ?? [];
      const customer = input.customerId
        ? customers.find((c) => c.id === input.customerId)
        : input.customerExternalId
          ? customers.find((c) => c.externalIds.includes(String(input.customerExternalId)))
          : undefined;
      if ((input.customerId || input.customerExternalId) && !customer) throw entityNotFound('Customer');
      const now = stamp();
      const need: LinearCustomerNeed = {
        id,
        issueId: issue.id,
        customerId: customer?.id ?? null,
        body: typeof input.body === 'string' ? input.body : null,
        priority: input.priority === 1 ? 1 : 0,
        creatorId: ctx.viewerId,
        createdAt: now,
        updatedAt: now,
      };
      data.customerNeeds ??= [];
      data.customerNeeds.push(need);
      return payload({ need: () => needView(ctx, need) });
    },

    commentCreate: ({ input }: { input: Input }) => {
      requireScope(ctx, 'comments:create', 'write');
      const id = clientId(ctx, input, 'Comment');
      if (typeof input.issueId !== 'string') throw invalid('issueId', 'is required');
      const issue = findVisibleIssue(data, input.issueId, ctx.viewerId);
      if (!issue) throw entityNotFound('Issue');
      if (typeof input.body !== 'string' || input.body.trim() === '')
        throw invalid('body', 'must not be empty');
      const now = stamp();
      const comment = {
        id,
        issueId: issue.id,
        userId: ctx.viewerId,
        body: input.body,
        createdAt: now,
        updatedAt: now,
      };
      data.comments.push(comment);
      issue.updatedAt = now;
      ctx.emit?.({ type: 'Comment', action: 'create', comment: { ...comment }, actorId: ctx.viewerId });
      return payload({ comment: () => commentView(ctx, comment) });
    },
  };
}
