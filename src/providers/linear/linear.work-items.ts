import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../core/app-error';
import type { CrmCompany, StatusCategory, WorkItemFields } from '../../core/crm';
import { describeConnection } from '../../core/identity';
import type { Session } from '../../core/session';
import { linearGraphql } from './linear.client';
import type { LinearIssue } from './linear.issues';

/** `workspace`: the urlKey of a pasted issue URL, so an `ENG-42` from another Linear workspace is not mistaken. */
export type LinearReference = { identifier: string; workspace?: string } | { id: string };

// `team { visibility }`: "public for teams visible to all workspace members, private for teams visible only to
// members, and restricted for non-private teams inside a private-team boundary"; `Team.private` is deprecated
// ("Use `Team.visibility` instead.") (vendor/contracts/linear/schema.graphql, Team).
const ISSUE_FIELDS =
  'id identifier title url updatedAt state { name type } assignee { name } team { key visibility }';
export const WORK_ITEM_QUERY = `query TwentyConnectWorkItem($id: String!) { issue(id: $id) { ${ISSUE_FIELDS} } }`;
export const REFRESH_WORK_ITEMS_QUERY = `query TwentyConnectRefreshWorkItems($filter: IssueFilter, $first: Int) { issues(filter: $filter, first: $first, includeArchived: true) { nodes { ${ISSUE_FIELDS} } } }`;
export const UPSERT_CUSTOMER_MUTATION =
  'mutation TwentyConnectUpsertCustomer($input: CustomerUpsertInput!) { customerUpsert(input: $input) { success customer { id name } } }';
export const ISSUE_NEEDS_QUERY =
  'query TwentyConnectIssueNeeds($id: String!, $filter: CustomerNeedFilter, $first: Int) { issue(id: $id) { id needs(filter: $filter, first: $first) { nodes { id } } } }';
export const CREATE_CUSTOMER_NEED_MUTATION =
  'mutation TwentyConnectCreateCustomerNeed($input: CustomerNeedCreateInput!) { customerNeedCreate(input: $input) { success need { id } } }';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER = /^([A-Za-z][A-Za-z0-9_]{0,9}-\d{1,9})$/;

/** `ENG-42`, `https://linear.app/<workspace>/issue/ENG-42/<slug>`, or an issue UUID; anything else is null. */
export const parseLinearReference = (text: string): LinearReference | null => {
  const value = text.trim();
  if (UUID.test(value)) return { id: value.toLowerCase() };
  if (IDENTIFIER.test(value)) return { identifier: value.toUpperCase() };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !['linear.app', 'www.linear.app'].includes(url.hostname)) return null;
  const [workspace, kind, identifier] = url.pathname.split('/').filter(Boolean);
  if (!workspace || kind !== 'issue' || !identifier || !IDENTIFIER.test(identifier)) return null;
  return { identifier: identifier.toUpperCase(), workspace: workspace.toLowerCase() };
};

/** Workflow state types (`WorkflowState.type`: triage, backlog, unstarted, started, completed, canceled, duplicate). */
const CATEGORIES: Record<string, StatusCategory> = {
  triage: 'OPEN',
  backlog: 'OPEN',
  unstarted: 'OPEN',
  started: 'IN_PROGRESS',
  completed: 'DONE',
  canceled: 'CANCELED',
  duplicate: 'CANCELED',
};

export const linearItemOf = (
  issue: Pick<LinearIssue, 'id' | 'identifier' | 'title' | 'url' | 'updatedAt' | 'state' | 'assignee'>,
): WorkItemFields => ({
  provider: 'linear',
  upstreamId: issue.id,
  identifier: issue.identifier,
  title: issue.title,
  url: issue.url,
  status: issue.state?.name ?? null,
  statusCategory: (issue.state && CATEGORIES[issue.state.type]) ?? null,
  assignee: issue.assignee?.name ?? null,
  upstreamUpdatedAt: issue.updatedAt ?? null,
});

const workspaceOf = (url: string) => new URL(url).pathname.split('/')[1]?.toLowerCase();

const notVisible = (session: Session, what: string) =>
  new AppError(
    'NOT_FOUND',
    `Linear issue ${what} is not visible to the Linear connection ${describeConnection(session.label)}: it does not exist there, or its team is private and you are not a member.`,
  );

/**
 * Reads one issue with the caller's own connection. `issue(id:)` takes "The identifier of the issue to retrieve"
 * (schema, Query.issue): a UUID or `ENG-42` (../shared/contracts/PROVIDERS.md §1.6 from
 * https://linear.app/developers/graphql; the same schema documents identifiers for CustomerNeedCreateInput.issueId:
 * "Accepts a UUID or issue identifier (e.g., 'LIN-123')"). An issue the token cannot see answers
 * `Entity not found`, so nobody links what they cannot see. `restricted`: its team is not public.
 */
export const resolveLinearItem = async (
  session: Session,
  ref: LinearReference,
): Promise<WorkItemFields & { restricted: boolean }> => {
  const key = 'id' in ref ? ref.id : ref.identifier;
  let issue: LinearIssue;
  try {
    issue = (
      await linearGraphql<{ issue: LinearIssue }>(session, {
        operation: 'read issue',
        query: WORK_ITEM_QUERY,
        variables: { id: key },
        idempotent: true,
      })
    ).issue;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') throw notVisible(session, key);
    throw error;
  }
  // The same key names another issue in another workspace: the URL's urlKey must be this connection's.
  if ('workspace' in ref && ref.workspace && workspaceOf(issue.url) !== ref.workspace) {
    throw new AppError(
      'NOT_FOUND',
      `That link is to the Linear workspace "${ref.workspace}", but the Linear connection ${describeConnection(session.label)} is to "${workspaceOf(issue.url)}". Use a connection to that workspace.`,
    );
  }
  return { ...linearItemOf(issue), restricted: issue.team?.visibility !== 'public' };
};

/** Linear's page size cap is not documented; 250 keeps one query's complexity near 1,500 points (L2's formula). */
const PAGE = 250;

/**
 * Current state of many issues in one request per 250 ids: `issues(filter: { id: { in } })` (IssueFilter.id is
 * an `IssueIDComparator` with "In-array constraint", vendor/contracts/linear/schema.graphql). `includeArchived`
 * keeps a trashed issue readable, as `issue(id:)` does. An id missing from the map is not visible (deleted,
 * or its team is private to this connection's user).
 */
export const refreshLinearItems = async (
  session: Session,
  ids: string[],
): Promise<Map<string, WorkItemFields>> => {
  const unique = [...new Set(ids)];
  const items = new Map<string, WorkItemFields>();
  for (let start = 0; start < unique.length; start += PAGE) {
    const chunk = unique.slice(start, start + PAGE);
    const data = await linearGraphql<{ issues: { nodes: LinearIssue[] } }>(session, {
      operation: 'refresh issues',
      query: REFRESH_WORK_ITEMS_QUERY,
      variables: { filter: { id: { in: chunk } }, first: chunk.length },
      idempotent: true,
    });
    for (const issue of data.issues.nodes) items.set(issue.id, linearItemOf(issue));
  }
  return items;
};

/** Linear takes "Only apex domains" without public email providers (https://linear.app/developers/managing-customers). */
const domainOf = (domain: string | null): string | null => {
  const host = domain
    ?.trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .split(/[/?#:]/)[0]
    ?.replace(/^www\./, '');
  return host?.includes('.') ? host : null;
};

/**
 * Makes sure the company exists in Linear as a Customer and the issue carries one customer request for it:
 * 1. `customerUpsert`, "creating it if no match is found, or updating it otherwise. Matches against existing
 *    customers using `id`, `externalId`, `slackChannelId`, or `domains`" (schema, Mutation.customerUpsert), with
 *    `externalId` = the Twenty company id, its name and domain: a retry finds the same Customer.
 * 2. the issue's `needs` for that customer (Issue.needs, CustomerNeedFilter.customer): one already there is kept.
 * 3. otherwise `customerNeedCreate` with a client id ("The identifier in UUID v4 format", CustomerNeedCreateInput
 *    .id), so a resend after a timeout cannot make a second request: "already exists" means the first landed.
 * Needs no scope beyond `write` (docs/providers/linear.md, "Customers"); a workspace without Customers, or a
 * token without `write`, answers FORBIDDEN saying what to do.
 */
export const ensureLinearCustomerRequest = async (
  session: Session,
  input: { issueId: string; company: CrmCompany; body: string },
): Promise<{ customerId: string; customerNeedId: string; created: boolean }> => {
  try {
    const domain = domainOf(input.company.domain);
    const upserted = await linearGraphql<{ customerUpsert: { customer: { id: string } } }>(session, {
      operation: 'save customer',
      query: UPSERT_CUSTOMER_MUTATION,
      variables: {
        input: {
          externalId: input.company.id,
          name: input.company.name,
          ...(domain && { domains: [domain] }),
        },
      },
      idempotent: true,
    });
    const customerId = upserted.customerUpsert.customer.id;
    const needs = await linearGraphql<{ issue: { needs: { nodes: { id: string }[] } } }>(session, {
      operation: 'read customer requests',
      query: ISSUE_NEEDS_QUERY,
      variables: { id: input.issueId, filter: { customer: { id: { eq: customerId } } }, first: 1 },
      idempotent: true,
    });
    const existing = needs.issue.needs.nodes[0];
    if (existing) return { customerId, customerNeedId: existing.id, created: false };
    const id = randomUUID();
    try {
      await linearGraphql(session, {
        operation: 'create customer request',
        query: CREATE_CUSTOMER_NEED_MUTATION,
        variables: { input: { id, issueId: input.issueId, customerId, body: input.body } },
        idempotent: true,
      });
    } catch (error) {
      if (!(isAppError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
    return { customerId, customerNeedId: id, created: true };
  } catch (error) {
    if (isAppError(error) && error.code === 'FORBIDDEN') {
      throw new AppError(
        'FORBIDDEN',
        `Could not record ${input.company.name} as a Linear customer request. ${error.message}`,
      );
    }
    throw error;
  }
};
