import type { Run } from './run';
import { coreGraphql, notFound } from './twenty-api';

/**
 * Work items and their links to Twenty records, through Twenty's core GraphQL API. Names and shapes follow
 * Twenty's generated schema (packages/twenty-server/src/engine/utils/get-resolver-name.util.ts: find many =
 * plural, find one = singular, `create<Object>`, `update<Object>`, `delete<Object>` = soft delete;
 * args in packages/twenty-server/src/engine/api/graphql/workspace-schema-builder/utils/get-resolver-args.util.ts:
 * findMany `filter, orderBy, first, after…`, findOne `filter!`, updateOne `id: UUID!, data!`, deleteOne
 * `id: UUID!`). Soft-deleted rows are left out of reads by default. Lists ask for at most 200 rows, Twenty's
 * page cap (QUERY_MAX_RECORDS in twenty-shared).
 */

export type RecordObject = 'company' | 'person' | 'opportunity';
export type RecordRef = { object: RecordObject; id: string };
export type StatusCategory = 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'CANCELED';
export type CrmCompany = { id: string; name: string; domain: string | null };
export type CrmRecord = {
  object: RecordObject;
  id: string;
  name: string;
  url: string;
  /** The company itself, or the person's / opportunity's company. */
  company: CrmCompany | null;
  opportunity: { name: string; amount: { amountMicros: number; currencyCode: string } | null } | null;
};
export type WorkItemFields = {
  /** The provider's `name` (src/providers/index.ts), e.g. the one in `linear.provider.ts`. */
  provider: string;
  upstreamId: string;
  identifier: string;
  title: string;
  url: string;
  status: string | null;
  statusCategory: StatusCategory | null;
  assignee: string | null;
  upstreamUpdatedAt: string | null;
  etag?: string | null;
};
export type StoredWorkItem = WorkItemFields & {
  id: string;
  isPrivate: boolean;
  connectionId: string | null;
  connectionName: string | null;
  lastRefreshedAt: string | null;
  links: { id: string; record: RecordRef; customerNeedId: string | null }[];
};

const OBJECTS: RecordObject[] = ['company', 'person', 'opportunity'];
/**
 * The SELECT option value of `workItem.provider`: the provider's name upper-cased (src/objects/work-item.object.ts
 * derives the options the same way). Only our own provider names reach it; the check keeps a document valid.
 */
const providerEnum = (provider: string): string => {
  if (!/^[a-z][a-z0-9]*$/.test(provider)) throw new Error(`not a provider name: ${provider}`);
  return provider.toUpperCase();
};

// Documents: constants (or assembled only from the constants above); every value goes in variables.
const WORK_ITEM =
  'id title provider upstreamId identifier url { primaryLinkUrl } status statusCategory assignee ' +
  'lastRefreshedAt upstreamUpdatedAt connectionId connectionName isPrivate etag';
const LINK = 'id companyId personId opportunityId customerNeedId';
const COMPANY = 'id name domainName { primaryLinkUrl }';
const READ: Record<RecordObject, string> = {
  company: `query ReadCompany($id: UUID!) { company(filter: { id: { eq: $id } }) { ${COMPANY} } }`,
  person: `query ReadPerson($id: UUID!) { person(filter: { id: { eq: $id } }) { id name { firstName lastName } company { ${COMPANY} } } }`,
  opportunity: `query ReadOpportunity($id: UUID!) { opportunity(filter: { id: { eq: $id } }) { id name amount { amountMicros currencyCode } company { ${COMPANY} } } }`,
};
const findItemQuery = (provider: WorkItemFields['provider']) =>
  `query FindWorkItem($upstreamId: String!) { workItems(filter: { and: [{ provider: { eq: ${providerEnum(provider)} } }, { upstreamId: { eq: $upstreamId } }] }, first: 1) { edges { node { ${WORK_ITEM} links { edges { node { ${LINK} } } } } } } }`;
const itemsOfProviderQuery = (provider: WorkItemFields['provider']) =>
  `query WorkItemsOfProvider { workItems(filter: { provider: { eq: ${providerEnum(provider)} } }, first: 200) { edges { node { ${WORK_ITEM} links { edges { node { ${LINK} } } } } } } }`;
const CREATE_ITEM =
  'mutation CreateWorkItem($data: WorkItemCreateInput!) { createWorkItem(data: $data) { id } }';
const UPDATE_ITEM =
  'mutation UpdateWorkItem($id: UUID!, $data: WorkItemUpdateInput!) { updateWorkItem(id: $id, data: $data) { id } }';
const DELETE_ITEM = 'mutation DeleteWorkItem($id: UUID!) { deleteWorkItem(id: $id) { id } }';
const findLinkQuery = (object: RecordObject) =>
  `query FindWorkItemLink($workItemId: UUID!, $recordId: UUID!) { workItem(filter: { id: { eq: $workItemId } }) { id identifier } workItemLinks(filter: { and: [{ workItemId: { eq: $workItemId } }, { ${object}Id: { eq: $recordId } }] }, first: 1) { edges { node { id } } } }`;
const CREATE_LINK =
  'mutation CreateWorkItemLink($data: WorkItemLinkCreateInput!) { createWorkItemLink(data: $data) { id } }';
const UPDATE_LINK =
  'mutation UpdateWorkItemLink($id: UUID!, $data: WorkItemLinkUpdateInput!) { updateWorkItemLink(id: $id, data: $data) { id } }';
const DELETE_LINK = 'mutation DeleteWorkItemLink($id: UUID!) { deleteWorkItemLink(id: $id) { id } }';
const LINKS_OF_ITEM = `query LinksOfWorkItem($workItemId: UUID!) { workItemLinks(filter: { workItemId: { eq: $workItemId } }, first: 200) { edges { node { ${LINK} } } } }`;
const COMPANY_CIRCLE =
  'query CompanyCircle($id: UUID!) { company(filter: { id: { eq: $id } }) { id } ' +
  'people(filter: { companyId: { eq: $id } }, first: 200) { edges { node { id } } } ' +
  'opportunities(filter: { companyId: { eq: $id } }, first: 200) { edges { node { id } } } }';
/** Links to any of the given records, each with its work item. Only the non-empty id lists are asked about. */
const linksForQuery = (objects: RecordObject[]) =>
  `query WorkItemLinksFor(${objects.map((o) => `$${o}Ids: [UUID!]!`).join(', ')}) { workItemLinks(filter: { or: [${objects
    .map((o) => `{ ${o}Id: { in: $${o}Ids } }`)
    .join(', ')}] }, first: 200) { edges { node { ${LINK} workItem { ${WORK_ITEM} } } } } }`;

type Edges<T> = { edges: { node: T }[] };
type CompanyNode = { id: string; name: string; domainName: { primaryLinkUrl: string | null } | null };
type LinkNode = {
  id: string;
  companyId: string | null;
  personId: string | null;
  opportunityId: string | null;
  customerNeedId: string | null;
};
type ItemNode = Omit<StoredWorkItem, 'provider' | 'url' | 'links'> & {
  provider: string;
  url: { primaryLinkUrl: string | null } | null;
  links?: Edges<LinkNode>;
};

const nodes = <T>(connection: Edges<T> | null | undefined): T[] => connection?.edges.map((e) => e.node) ?? [];

/** `https://www.acme.com/about` → `acme.com`; Twenty stores a company's domain as a link. */
const domainOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url.includes('://') ? url : `https://${url}`).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
};
const companyOf = (node: CompanyNode | null | undefined): CrmCompany | null =>
  node ? { id: node.id, name: node.name, domain: domainOf(node.domainName?.primaryLinkUrl) } : null;

const refOf = (link: LinkNode): RecordRef | null => {
  const object = OBJECTS.find((o) => link[`${o}Id`]);
  return object ? { object, id: link[`${object}Id`]! } : null;
};

const storedOf = (node: ItemNode, links: LinkNode[]): StoredWorkItem => ({
  id: node.id,
  provider: node.provider.toLowerCase(),
  upstreamId: node.upstreamId,
  identifier: node.identifier,
  title: node.title,
  url: node.url?.primaryLinkUrl ?? '',
  status: node.status ?? null,
  statusCategory: node.statusCategory ?? null,
  assignee: node.assignee ?? null,
  upstreamUpdatedAt: node.upstreamUpdatedAt ?? null,
  etag: node.etag ?? null,
  isPrivate: node.isPrivate === true,
  connectionId: node.connectionId ?? null,
  connectionName: node.connectionName ?? null,
  lastRefreshedAt: node.lastRefreshedAt ?? null,
  links: links.flatMap((l) => {
    const record = refOf(l);
    return record ? [{ id: l.id, record, customerNeedId: l.customerNeedId ?? null }] : [];
  }),
});

/** Twenty's input for the given fields: provider as its SELECT value, the URL as a LINKS composite. */
const dataOf = (fields: Partial<WorkItemFields> & Record<string, unknown>) => {
  const { provider, url, ...rest } = fields;
  return {
    ...rest,
    ...(provider ? { provider: providerEnum(provider) } : {}),
    ...(url !== undefined
      ? { url: { primaryLinkUrl: url, primaryLinkLabel: fields.identifier ?? '', secondaryLinks: [] } }
      : {}),
  };
};

/** Where a member opens the record: CRM_BASE_URL, else the API server's origin. */
export const recordUrl = (ref: RecordRef): string => {
  const base = process.env.CRM_BASE_URL || new URL(process.env.TWENTY_API_URL ?? 'http://localhost').origin;
  return `${base.replace(/\/+$/, '')}/object/${ref.object}/${encodeURIComponent(ref.id)}`;
};

/** Reads a company, person or opportunity with what links and backlinks need; NOT_FOUND when absent. */
export const readRecord = async (run: Run, ref: RecordRef): Promise<CrmRecord> => {
  const call = { action: 'read', object: ref.object, id: ref.id } as const;
  const data = await coreGraphql<Record<string, Loose | null>>(run, call, READ[ref.object], { id: ref.id });
  const node = data[ref.object];
  if (!node) throw notFound(call);
  const base = { object: ref.object, id: node.id, url: recordUrl(ref) };
  if (ref.object === 'company')
    return { ...base, name: node.name, company: companyOf(node), opportunity: null };
  if (ref.object === 'person') {
    const name = [node.name?.firstName, node.name?.lastName].filter(Boolean).join(' ');
    return { ...base, name, company: companyOf(node.company), opportunity: null };
  }
  const amount = node.amount?.amountMicros != null && node.amount.currencyCode ? node.amount : null;
  return {
    ...base,
    name: node.name,
    company: companyOf(node.company),
    opportunity: {
      name: node.name,
      amount: amount && { amountMicros: Number(amount.amountMicros), currencyCode: amount.currencyCode },
    },
  };
};
// biome-ignore lint/suspicious/noExplicitAny: one record read of three shapes, narrowed by `ref.object` above.
type Loose = any;

/** The stored item for (provider, upstreamId), with all its links, or null. */
export const findWorkItem = async (
  run: Run,
  { provider, upstreamId }: { provider: WorkItemFields['provider']; upstreamId: string },
): Promise<StoredWorkItem | null> => {
  const data = await coreGraphql<{ workItems: Edges<ItemNode> }>(
    run,
    { action: 'read', object: 'workItem' },
    findItemQuery(provider),
    { upstreamId },
  );
  const node = nodes(data.workItems)[0];
  return node ? storedOf(node, nodes(node.links)) : null;
};

/**
 * Every stored item of one provider with its links, at most 200 (Twenty's page cap): what the polling
 * fallback refreshes. `truncated` says there may be more.
 */
export const workItemsOfProvider = async (
  run: Run,
  provider: WorkItemFields['provider'],
): Promise<{ items: StoredWorkItem[]; truncated: boolean }> => {
  const data = await coreGraphql<{ workItems: Edges<ItemNode> }>(
    run,
    { action: 'read', object: 'workItem' },
    itemsOfProviderQuery(provider),
  );
  const items = nodes(data.workItems).map((node) => storedOf(node, nodes(node.links)));
  return { items, truncated: items.length >= 200 };
};

const COMPANIES_OF =
  'query CompaniesOf($personIds: [UUID!]!, $opportunityIds: [UUID!]!) { ' +
  'people(filter: { id: { in: $personIds } }, first: 200) { edges { node { companyId } } } ' +
  'opportunities(filter: { id: { in: $opportunityIds } }, first: 200) { edges { node { companyId } } } }';

/**
 * The companies of the given people and opportunities (one request; none when there are neither): a company's
 * timeline also tells what happens to the work of its people and opportunities, as its work list shows it.
 */
export const companiesOf = async (run: Run, refs: RecordRef[]): Promise<string[]> => {
  const ids = (object: RecordObject) => refs.filter((r) => r.object === object).map((r) => r.id);
  if (!refs.some((r) => r.object !== 'company')) return [];
  const data = await coreGraphql<{
    people: Edges<{ companyId: string | null }>;
    opportunities: Edges<{ companyId: string | null }>;
  }>(run, { action: 'read', object: 'company' }, COMPANIES_OF, {
    personIds: ids('person'),
    opportunityIds: ids('opportunity'),
  });
  const found = [...nodes(data.people), ...nodes(data.opportunities)].map((n) => n.companyId);
  return [...new Set(found.filter((id): id is string => Boolean(id)))];
};

/** Writes the given fields as they are (callers keep `upstreamUpdatedAt` from moving backwards). */
export const updateWorkItem = async (
  run: Run,
  id: string,
  fields: Partial<WorkItemFields> & { lastRefreshedAt?: string },
): Promise<void> => {
  await coreGraphql(run, { action: 'update', object: 'workItem', id }, UPDATE_ITEM, {
    id,
    data: dataOf(fields),
  });
};

/**
 * Exactly one work item per (provider, upstreamId): updates the stored one (never moving `upstreamUpdatedAt`
 * back, keeping `isPrivate` once set and the connection it was first made through), else creates it.
 */
export const saveWorkItem = async (
  run: Run,
  item: WorkItemFields & { connectionId: string | null; connectionName: string | null; isPrivate: boolean },
): Promise<{ id: string; created: boolean }> => {
  const now = new Date().toISOString();
  const stored = await findWorkItem(run, item);
  if (!stored) {
    const data = dataOf({ ...item, lastRefreshedAt: now });
    const created = await coreGraphql<{ createWorkItem: { id: string } }>(
      run,
      { action: 'create', object: 'workItem' },
      CREATE_ITEM,
      { data },
    );
    return { id: created.createWorkItem.id, created: true };
  }
  const { connectionId, connectionName, isPrivate, ...fields } = item;
  const older =
    stored.upstreamUpdatedAt &&
    fields.upstreamUpdatedAt &&
    fields.upstreamUpdatedAt < stored.upstreamUpdatedAt;
  await coreGraphql(run, { action: 'update', object: 'workItem', id: stored.id }, UPDATE_ITEM, {
    id: stored.id,
    data: dataOf({
      ...(older ? {} : fields),
      lastRefreshedAt: now,
      isPrivate: stored.isPrivate || isPrivate,
      ...(stored.connectionId ? {} : { connectionId, connectionName }),
    }),
  });
  return { id: stored.id, created: false };
};

/** Exactly one link per (work item, record): returns the existing one, else creates it. */
export const linkWorkItem = async (
  run: Run,
  workItemId: string,
  record: CrmRecord,
  by: string | null,
): Promise<{ id: string; created: boolean }> => {
  const found = await coreGraphql<{
    workItem: { id: string; identifier: string } | null;
    workItemLinks: Edges<{ id: string }>;
  }>(run, { action: 'read', object: 'workItemLink' }, findLinkQuery(record.object), {
    workItemId,
    recordId: record.id,
  });
  if (!found.workItem) throw notFound({ action: 'read', object: 'workItem', id: workItemId });
  const existing = nodes(found.workItemLinks)[0];
  if (existing) return { id: existing.id, created: false };
  const data = {
    label: `${found.workItem.identifier} ↔ ${record.name}`,
    workItemId,
    [`${record.object}Id`]: record.id,
    linkedByWorkspaceMemberId: by,
  };
  const created = await coreGraphql<{ createWorkItemLink: { id: string } }>(
    run,
    { action: 'create', object: 'workItemLink' },
    CREATE_LINK,
    { data },
  );
  return { id: created.createWorkItemLink.id, created: true };
};

/** Keeps the Linear customer request made for this link. */
export const setCustomerNeed = async (run: Run, linkId: string, customerNeedId: string): Promise<void> => {
  await coreGraphql(run, { action: 'update', object: 'workItemLink', id: linkId }, UPDATE_LINK, {
    id: linkId,
    data: { customerNeedId },
  });
};

/**
 * Work items linked to the record, newest upstream change first, each once. For a company, also those linked
 * to its people and opportunities: `via` names the record the item is linked through (the company itself
 * when it is linked directly). Two requests for a company (its people and opportunities; the links with their
 * items), one otherwise. `links` holds the item's links among these records.
 */
export const workItemsFor = async (
  run: Run,
  ref: RecordRef,
): Promise<(StoredWorkItem & { via: RecordRef })[]> => {
  const ids: Record<RecordObject, string[]> = { company: [], person: [], opportunity: [] };
  ids[ref.object].push(ref.id);
  if (ref.object === 'company') {
    const call = { action: 'read', object: 'company', id: ref.id } as const;
    const circle = await coreGraphql<{
      company: { id: string } | null;
      people: Edges<{ id: string }>;
      opportunities: Edges<{ id: string }>;
    }>(run, call, COMPANY_CIRCLE, { id: ref.id });
    if (!circle.company) throw notFound(call);
    ids.person = nodes(circle.people).map((p) => p.id);
    ids.opportunity = nodes(circle.opportunities).map((o) => o.id);
  }
  const asked = OBJECTS.filter((o) => ids[o].length > 0);
  const data = await coreGraphql<{ workItemLinks: Edges<LinkNode & { workItem: ItemNode | null }> }>(
    run,
    { action: 'read', object: 'workItemLink' },
    linksForQuery(asked),
    Object.fromEntries(asked.map((o) => [`${o}Ids`, ids[o]])),
  );
  const byItem = new Map<string, { item: ItemNode; links: LinkNode[] }>();
  for (const link of nodes(data.workItemLinks)) {
    if (!link.workItem) continue; // the item was deleted but the link not yet
    const entry = byItem.get(link.workItem.id) ?? { item: link.workItem, links: [] };
    entry.links.push(link);
    byItem.set(link.workItem.id, entry);
  }
  return [...byItem.values()]
    .map(({ item, links }) => {
      const stored = storedOf(item, links);
      const direct = stored.links.find((l) => l.record.object === ref.object && l.record.id === ref.id);
      return { ...stored, via: (direct ?? stored.links[0])!.record };
    })
    .sort((a, b) => (b.upstreamUpdatedAt ?? '').localeCompare(a.upstreamUpdatedAt ?? ''));
};

/** Soft-deletes the item's link(s) to the record, then the item itself when no link is left. */
export const unlinkWorkItem = async (
  run: Run,
  workItemId: string,
  ref: RecordRef,
): Promise<{ removed: boolean }> => {
  const data = await coreGraphql<{ workItemLinks: Edges<LinkNode> }>(
    run,
    { action: 'read', object: 'workItemLink' },
    LINKS_OF_ITEM,
    { workItemId },
  );
  const links = nodes(data.workItemLinks);
  const mine = links.filter((l) => l[`${ref.object}Id`] === ref.id);
  if (mine.length === 0) return { removed: false };
  for (const link of mine)
    await coreGraphql(run, { action: 'delete', object: 'workItemLink', id: link.id }, DELETE_LINK, {
      id: link.id,
    });
  if (mine.length === links.length)
    await coreGraphql(run, { action: 'delete', object: 'workItem', id: workItemId }, DELETE_ITEM, {
      id: workItemId,
    });
  return { removed: true };
};
